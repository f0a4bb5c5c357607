"""Links and email addresses in CV text: never evidence of a skill ("github.com/ana/react-app" shows no React)."""

from __future__ import annotations

import re

from app.ats.vocab import vocabulary

_TLD = (
    r"com|org|net|io|dev|app|co|ai|me|info|biz|tech|site|page|so|sh|gg|xyz|cc|ly|to|tv|fm|edu|gov|eu|uk|de|fr|es|"
    r"it|nl|ua|pl|ch|at|be|se|no|dk|fi|ie|pt|cz|ro|hu|gr|ru|us|ca|au|nz|in|jp|cn|br|mx|ar|za"
)
_LINK = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an email address
    r"|\b(?:https?|ftp)://\S+|\bwww\.\S+"  # a web address
    rf"|\b[\w-]+(?:\.[\w-]+)*\.(?:{_TLD})\b(?P<path>/\S*)?",  # a bare host ("ana.dev/react", "github.io")
    re.I,
)
_MAYBE = re.compile(r"@|\.[A-Za-z]")  # what every link has; most text has neither


def without_links(text: str) -> str:
    """`text` with its links and email addresses blanked out (same length, so positions still hold). A bare
    name that is also a product's ("Socket.io", "ASP.NET", "monday.com") stays: it names the tool."""
    if not _MAYBE.search(text):
        return text

    def blank(match: re.Match[str]) -> str:
        host_only = match.lastgroup is None and "@" not in match.group(0) and "://" not in match.group(0)
        if host_only and not match.group(0).lower().startswith("www.") and vocabulary().canonical(match.group(0)):
            return match.group(0)
        return " " * len(match.group(0))

    return _LINK.sub(blank, text)
