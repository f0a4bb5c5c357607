"""Text embeddings: an offline model shipped in a wheel (WordLlama, 256 dimensions), or OpenAI's.

Vectors are L2-normalised float32 rows, so a dot product is the cosine similarity. Every vector is
stored and compared with the name of the model that made it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

OFFLINE_MODEL = "wordllama-l2-supercat-256"


class Embedder(Protocol):
    @property
    def model_name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One normalised row per text."""
        ...


def _normalise(vectors: Any) -> npt.NDArray[np.float32]:
    import numpy as np

    array = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return array / np.maximum(norms, 1e-12)  # type: ignore[no-any-return]


class WordLlamaEmbedder:
    """Loads in about 0.2 s from the weights inside the `wordllama` wheel; never touches the network."""

    model_name = OFFLINE_MODEL
    dim = 256

    def __init__(self) -> None:
        from pathlib import Path

        import wordllama

        # Its loader looks for the tokenizer in the wrong folder and then tries to download it; the
        # package folder holds both the weights and the tokenizer.
        self._model = wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
        self._cache: dict[str, Any] = {}

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for text, row in zip(missing, _normalise(self._model.embed(missing)), strict=True):
                self._cache[text] = row
            if len(self._cache) > 50_000:  # a long-running server must not grow without bound
                self._cache.clear()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


class OpenAIEmbedder:
    """OpenAI (or compatible) embeddings, e.g. text-embedding-3-small (1536 dimensions)."""

    def __init__(self, api_key: str, base_url: str | None, model: str = "text-embedding-3-small", dim: int = 1536):
        from app.llm.openai_provider import openai_sync_client

        self.model_name = model
        self.dim = dim
        self._client = openai_sync_client(api_key, base_url, timeout=30, max_retries=1)

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        response = self._client.embeddings.create(model=self.model_name, input=list(texts))
        return _normalise([item.embedding for item in sorted(response.data, key=lambda d: d.index)])


@cache
def get_offline_embedder() -> WordLlamaEmbedder:
    return WordLlamaEmbedder()
