"""Tidying what a person types before it is stored, and saying what changed.

Skill names take their usual form from the skills vocabulary ("postgres" -> PostgreSQL), and hedges and
filler leave headlines and lists ("i guess", "I'm ok at"). Entries' fields: app/cv/tidy_entries.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.ats.vocab import Entry, key_of, vocabulary

# Short or alternative names a person types, and the name a CV usually shows. Only spellings of the same
# thing: "Spring Boot" is not renamed to Spring, nor "Ubuntu" to Linux (the skills matcher counts them
# as evidence anyway). Every target is a name the skills vocabulary knows (tests check it).
USUAL_NAMES = {
    "k8s": "Kubernetes", "k8": "Kubernetes", "kube": "Kubernetes", "js": "JavaScript", "java script": "JavaScript",
    "vanilla js": "JavaScript", "ecmascript": "JavaScript", "ts": "TypeScript", "node": "Node.js",
    "nodejs": "Node.js", "node js": "Node.js", "reactjs": "React", "react js": "React", "react.js": "React",
    "vuejs": "Vue.js", "vue js": "Vue.js", "nextjs": "Next.js", "next js": "Next.js", "expressjs": "Express.js",
    "express js": "Express.js", "postgres": "PostgreSQL", "postgre": "PostgreSQL", "postgress": "PostgreSQL",
    "pgsql": "PostgreSQL", "pg": "PostgreSQL", "postgre sql": "PostgreSQL", "postgres sql": "PostgreSQL",
    "my sql": "MySQL", "mssql": "SQL Server", "ms sql": "SQL Server", "mongo": "MongoDB", "mongo db": "MongoDB",
    "elastic search": "Elasticsearch", "golang": "Go", "go lang": "Go", "c sharp": "C#", "csharp": "C#",
    "c-sharp": "C#", "cpp": "C++", "cplusplus": "C++", "c plus plus": "C++", "dotnet": ".NET", "dot net": ".NET",
    "objc": "Objective-C", "objective c": "Objective-C", "py": "Python", "python3": "Python", "ror": "Ruby on Rails",
    "gql": "GraphQL", "rabbit mq": "RabbitMQ", "sklearn": "scikit-learn", "scikit learn": "scikit-learn",
    "powerbi": "Power BI", "vscode": "VS Code", "gh actions": "GitHub Actions", "argocd": "Argo CD",
    "fast api": "FastAPI", "sql alchemy": "SQLAlchemy", "cicd": "CI/CD", "ci cd": "CI/CD", "ci/cd": "CI/CD",
    "rest api": "REST APIs", "rest apis": "REST APIs", "gitlab ci/cd": "GitLab CI", "ms excel": "Excel",
    "ms word": "Microsoft Word", "ms office": "Microsoft Office", "o365": "Microsoft 365",
    "office 365": "Microsoft 365", "ga4": "Google Analytics 4", "psql": "PostgreSQL",
}  # fmt: skip
# Names the vocabulary lacks or spells oddly, in their usual spelling (not renamed, only spelled).
SPELLINGS = {
    "ios": "iOS", "macos": "macOS", "android": "Android", "iphone": "iPhone", "ipad": "iPad", "api": "API",
    "apis": "APIs", "etl": "ETL", "elt": "ELT", "soap": "SOAP", "nestjs": "NestJS", "opencv": "OpenCV",
    "mlops": "MLOps", "devsecops": "DevSecOps", "genai": "GenAI", "linkedin": "LinkedIn", "hr": "HR",
    "ui/ux": "UI/UX", "ux/ui": "UX/UI", "tailwind": "Tailwind", "tailwind css": "Tailwind CSS", "svelte": "Svelte",
    "sveltekit": "SvelteKit", "nuxt": "Nuxt", "deno": "Deno", "bun": "Bun", "pytest": "pytest", "npm": "npm",
    "kafka streams": "Kafka Streams", "openai": "OpenAI", "langchain": "LangChain", "chatgpt": "ChatGPT",
    "rag": "RAG", "nosql": "NoSQL", "sqlite": "SQLite", "clickhouse": "ClickHouse", "cockroachdb": "CockroachDB",
    "timescaledb": "TimescaleDB", "postgis": "PostGIS", "pgvector": "pgvector", "webrtc": "WebRTC",
    "websocket": "WebSocket", "websockets": "WebSockets", "oauth": "OAuth", "jwt": "JWT", "saml": "SAML",
    "ldap": "LDAP", "eks": "EKS", "gke": "GKE", "aks": "AKS", "ecs": "ECS", "sqs": "SQS", "sns": "SNS",
}  # fmt: skip
_VOWELS = set("aeiouy")

# Hedges and filler: they say nothing a CV should. Anywhere in an answer, as whole words.
_FILLER = re.compile(
    r"\b(?:i\s+guess|i\s+think|i\s+suppose|i\s+believe|i'?d\s+say|i\s+would\s+say|i\s+reckon|i\s+hope|"
    r"maybe|perhaps|probably|possibly|hopefully|kind\s+of|kinda|sort\s+of|sorta|more\s+or\s+less|pretty\s+much|"
    r"or\s+something(?:\s+like\s+that)?|or\s+so|lol|lmao|rofl|ha(?:ha)+|he(?:he)+|tbh|to\s+be\s+honest|honestly|"
    r"basically|if\s+that\s+counts|if\s+that\s+makes\s+sense|etc|and\s+so\s+on|and\s+stuff|and\s+things|"
    r"and\s+more|and\s+others|and\s+the\s+like|among\s+others|at\s+the\s+moment|these\s+days|right\s+now|"
    r"currently|as\s+well|i\s+mean|you\s+know|like\s+i\s+said|definitely|really|obviously|of\s+course|"
    r"for\s+sure|certainly|something\s+else|anything\s+else|other\s+stuff|whatever)\b\.?"
    r"|(?<=\w)-ish\b|\bish\b|\.{3}|…|[:;]-?[)(DP]\B|[\U0001F300-\U0001FAFF\u2600-\u27BF]",
    re.I,
)
# Openers that only lead into the answer.
_OPENER = re.compile(
    r"^(?:(?:well|so|um+|uh+|er+m?|hmm+|ok(?:ay)?|oh|right|yeah|just|also|plus|and|or)\b[\s,]*)+", re.I
)
# How someone says they have a skill ("I'm ok at", "pretty good with", "some", "a bit of"): the skill is the point.
_SKILL_HEDGE = re.compile(
    r"^(?:(?:i'?m|i\s+am)\s+)?(?:(?:pretty|quite|fairly|really|very|reasonably|not\s+bad|kind\s+of)\s+)?"
    r"(?:ok(?:ay)?|decent|good|great|strong|solid|comfortable|familiar|alright|fine|competent|proficient|"
    r"experienced|not\s+bad)\s+(?:at|with|in|using)\s+"
    r"|^(?:i\s+(?:also\s+)?(?:know|use|used|can\s+use|can\s+do|have\s+used|do|write|speak|work\s+with|"
    r"have\s+worked\s+with|dabble\s+in|dabbled\s+in|play\s+with|played\s+with)|i'?ve\s+(?:used|done|worked\s+with|"
    r"played\s+with|dabbled\s+in))\s+"
    r"|^(?:some|a\s+(?:little\s+)?bit\s+of|a\s+little|bits\s+of|basic|basics\s+of|the\s+basics\s+of|so-so|rusty|"
    r"knowledge\s+of|experience\s+(?:with|in)|familiarity\s+with|exposure\s+to)\s+"
    r"|\s+(?:too|a\s+bit|a\s+little|mostly|mainly|as\s+well)$",
    re.I,
)
_HEADLINE_OPENER = re.compile(
    r"^(?:(?:i\s+am|i'm|im|i\s+work\s+as|i'm\s+working\s+as|working\s+as|my\s+(?:title|headline|role|job)\s+is|"
    r"it'?s)\s+)?(?:an?\s+)?",
    re.I,
)
_LEVEL_WORD = re.compile(r"^(?:expert|advanced|intermediate|beginner|basic|native|fluent|[abc][12])$", re.I)


@dataclass(frozen=True)
class Tidied:
    """Tidied values and what was changed on the way, as short clauses ("wrote 'k8s' as Kubernetes")."""

    items: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The one value of a single answer (a headline), or the list joined."""
        return ", ".join(self.items)

    def said(self) -> str:
        """The notes as the person reads them after the saved value: ' (I wrote 'k8s' as Kubernetes)' or ''."""
        return f" ({said_notes(self.notes)})" if self.notes else ""

    def sentence(self) -> str:
        """The notes as a sentence of their own, for values that carry brackets: ' I read 'some' as A2.' or ''."""
        return f" {said_notes(self.notes)}." if self.notes else ""


def said_notes(notes: list[str]) -> str:
    """['wrote a as b', 'left out the filler'] -> 'I wrote a as b and left out the filler'."""
    if not notes:
        return ""
    return "I " + (notes[0] if len(notes) == 1 else ", ".join(notes[:-1]) + " and " + notes[-1])


FILLER_NOTE = "left out the filler words"


def _words(text: str) -> str:
    return " ".join(text.split())


def drop_filler(text: str) -> tuple[str, bool]:
    """The text without hedges and filler ('senior engineer i guess' -> 'senior engineer'), and whether any went."""
    before = _words(text)
    out = _FILLER.sub(" ", before)
    out = _OPENER.sub("", _words(out))
    out = re.sub(r"\s+([,.;:!?])(?=\s|$)", r"\1", _words(out))
    out = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", out)
    out = out.strip(" ,;:-–—!?")
    out = re.sub(r"\s+(?:and|or|but)$", "", out, flags=re.I).strip(" ,;:-–—")
    # Joining words ("and java") go unsaid: they are list punctuation, not filler.
    plain = re.sub(r"^(?:(?:and|or|plus|but)\b[\s,]*)+", "", before.strip(" ,;:-–—!?"), flags=re.I)
    changed = out.rstrip(".").lower() != plain.rstrip(".").lower()
    return out, changed


def _has_inner_capitals(name: str) -> bool:
    """'PostgreSQL', 'gRPC', 'iOS', 'SQL': a brand's own spelling, never the person's case choice."""
    return any(c.isupper() for word in name.split() for c in word[1:]) or (name[:1].islower() and name != name.lower())


def _known_form(typed: str) -> str | None:
    """The vocabulary's spelling of exactly what was typed ('grpc' -> gRPC), if it knows it."""
    group: list[Entry] = vocabulary().entries.get(key_of(typed), [])
    same = [e for e in group if e.surface.lower() == typed.lower()]
    for entry in sorted(same, key=lambda e: (e.source == "skillspan", e.surface.islower(), -e.weight)):
        if entry.surface != entry.surface.lower() or entry.weight >= 1000:
            return entry.surface
    return None


def _capitalised(text: str) -> str:
    """How an unknown name typed in lower case is written: 'cqrs' -> 'CQRS', 'event sourcing' -> 'Event sourcing'."""
    if not text.islower():
        return text
    if re.fullmatch(r"[a-z]{2,5}", text) and not set(text) & _VOWELS:
        return text.upper()
    return text[:1].upper() + text[1:]


def canonical_skill(text: str) -> str:
    """A skill name in its usual form: 'python' -> Python, 'k8s' -> Kubernetes, 'grpc' -> gRPC, 'aws' -> AWS.

    Names the vocabulary does not know keep the person's spelling (capitalised when typed in lower case).
    """
    typed = _words(text).strip(" ,;").rstrip(".")
    if not typed:
        return typed
    usual = USUAL_NAMES.get(typed.lower()) or SPELLINGS.get(typed.lower())
    if usual is not None:
        return usual
    known = _known_form(typed)
    if known is not None and (typed.islower() or typed.isupper() or _has_inner_capitals(known)):
        return known
    return _capitalised(typed)


def _renamed(typed: str, name: str) -> bool:
    """A change beyond case, spaces and dots ('k8s' -> Kubernetes yes; 'python' -> Python no)."""

    def bare(s: str) -> str:
        return re.sub(r"[\s.]", "", s.lower())

    return bare(typed) != bare(name)


def _quoted(items: list[str]) -> str:
    return joined([f"'{i}'" for i in items])


def _is_known(name: str) -> bool:
    return name.lower() in USUAL_NAMES or name.lower() in SPELLINGS or _known_form(name) is not None


def _clean_item(raw: str, skills: bool) -> tuple[str, bool]:
    """One list item without filler and, for skills, without how well ('I'm ok at java' -> 'java')."""
    item, dropped = _words(raw), False
    while True:  # "ok with sql": the hedge first, or "ok" would go as an opener and leave "with sql"
        hedge = _SKILL_HEDGE.sub("", item).strip() if skills else item
        cleaned, filler = drop_filler(hedge)
        if cleaned == item:
            return item, dropped
        item, dropped = cleaned, dropped or filler or hedge != item


def _split_items(text: str, skills: bool) -> list[tuple[str, bool]]:
    """The items of a typed list, each cleaned, with whether filler went: commas, semicolons, lines, 'and'."""
    parts = [p for p in _outside_brackets(r"\s*(?:[,;\n•·|]|\s-\s|\s+&\s+)\s*", text.strip()) if p.strip()]
    out: list[tuple[str, bool]] = []
    for part in parts:
        pieces = [_clean_item(p, skills) for p in re.split(r"\s+(?:and|or|plus)\s+", part, flags=re.I) if p.strip()]
        # "Sales and Marketing" alone stays one name; in a list, or between known skills, "and" splits.
        if len(pieces) > 1 and (len(parts) > 1 or all(_is_known(p) for p, _ in pieces if p)):
            out.extend(pieces)
        else:
            out.append(_clean_item(part, skills))
    if skills:
        out = [(s, d) for item, d in out for s in _slashed(item)]
    if len(out) == 1 and " " in out[0][0] and not _is_known(out[0][0]):
        words = out[0][0].split()
        if all(_is_known(w) and vocabulary().canonical(w) in vocabulary().curated for w in words):
            return [(w, out[0][1]) for w in words]  # "python django postgres"
    return out


def _outside_brackets(separator: str, text: str) -> list[str]:
    """re.split on `separator`, except inside brackets: 'AWS (EC2, S3), Go' -> ['AWS (EC2, S3)', 'Go']."""
    parts, depth, start = [], 0, 0
    pattern = re.compile(separator)
    index = 0
    while index < len(text):
        char = text[index]
        depth += (char == "(") - (char == ")" and depth > 0)
        match = pattern.match(text, index) if depth == 0 else None
        if match and match.end() > index:
            parts.append(text[start:index])
            start = index = match.end()
            continue
        index += 1
    parts.append(text[start:])
    return parts


def _slashed(item: str) -> list[str]:
    """'HTML/CSS' -> HTML, CSS; 'CI/CD' and 'TCP/IP' stay one name."""
    parts = item.split("/")
    if len(parts) == 1 or _is_known(item) or not all(_is_known(p.strip()) for p in parts):
        return [item]
    return [p.strip() for p in parts]


def tidy_list(text: str, skills: bool = True) -> Tidied:
    """A typed list, tidied: 'python, postgres, and I'm ok at k8s lol' -> Python, PostgreSQL, Kubernetes.

    `skills`: names take their usual form from the skills vocabulary; otherwise each is only capitalised.
    In a skills list, a remark in brackets that is neither a level nor skills is left out and named; a
    repeated name is kept once and said.
    """
    notes: list[str] = []
    items: list[str] = []
    renamed: list[tuple[str, str]] = []
    remarks: list[str] = []
    twice: list[str] = []
    text, filler = drop_filler(text)  # "and stuff", "etc." before "and" splits the list
    for item, dropped in _split_items(text, skills):
        filler |= dropped
        remark = re.search(r"\s*\(([^)]*)\)?\s*$", item)
        inner: list[str] = []
        if skills and remark and not _LEVEL_WORD.match(remark.group(1).strip()):
            inner = [i for i, _ in _split_items(remark.group(1), skills)]
            if not (inner and all(_is_known(i) for i in inner)):  # "AWS (EC2, S3)": skills of their own
                inner = []
                if remark.group(1).strip():
                    remarks.append(remark.group(1).strip())
            item = item[: remark.start()]
        item = item.strip(" ,;:'\"").rstrip(".")
        if skills and re.match(r"(?:i|we|my|our)\s+\S+\s+\S+", item, re.I):
            remarks.append(item)  # "and I led a team of 5": an achievement, not a skill name
            continue
        if not item:
            continue
        name = canonical_skill(item) if skills else _capitalised(item)
        if skills and _renamed(item, name):
            renamed.append((item, name))
        for one in [name, *(canonical_skill(i) for i in inner)]:
            if one.lower() in (i.lower() for i in items):
                twice.append(one)
            else:
                items.append(one)
    if renamed:
        shown = [f"'{typed}' as {name}" for typed, name in renamed]
        alone = not (twice or remarks or filler)  # "and" once per sentence
        notes.append("wrote " + (joined(shown) if alone else ", ".join(shown)))
    if twice:
        notes.append(f"kept {', '.join(dict.fromkeys(twice))} once")
    if remarks:
        notes.append(f"left out {_quoted(remarks)}" + (" and the filler words" if filler else ""))
    elif filler:
        notes.append(FILLER_NOTE)
    return Tidied(items, notes)


def joined(items: list[str]) -> str:
    """['a', 'b', 'c'] -> "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- headlines ------------------------------------------------------------------------------------

_SMALL_WORDS = {"a", "an", "and", "at", "for", "in", "of", "on", "or", "the", "to", "with", "&"}


def title_case(text: str) -> str:
    """'staff engineer' / 'Head of data' -> 'Staff Engineer' / 'Head of Data'; 'iOS developer' is kept."""
    text = _words(text)
    if any(c.isupper() for c in text[1:]):
        return text
    words = text.split()
    return " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


def tidy_headline(text: str) -> Tidied:
    """'senior backend engineer i guess' -> 'Senior Backend Engineer', with a note that the filler went."""
    words = _words(text).rstrip(".!")
    cleaned, dropped = drop_filler(words)
    cleaned = _HEADLINE_OPENER.sub("", cleaned).rstrip(".").strip()
    if dropped:
        cleaned, _ = drop_filler(cleaned)  # "I'm a ... i think": the opener hid the filler's end
    headline = " ".join(
        _brand_spelling(t, w) for t, w in zip(title_case(cleaned).split(), cleaned.split(), strict=True)
    )
    return Tidied([headline] if headline else [], [FILLER_NOTE] if dropped else [])


def _brand_spelling(titled: str, typed: str) -> str:
    """'aws' in 'aws engineer' -> AWS, 'ios' -> iOS: a brand's spelling inside a title typed in lower case."""
    if not typed.islower() or len(typed) < 2 or typed in _SMALL_WORDS:
        return titled
    known = SPELLINGS.get(typed) or _known_form(typed)
    return known if known and _has_inner_capitals(known) else titled
