"""Corrections the way people say them: "actually I left Monzo in August 2025", "my Spanish is C1 now",
"remove Kafka from skills and add Java", "I was a Senior Engineer at Acme, not Backend Engineer".

`parse_requests` reads a message as one or more `Correction`s (requests.py holds the command-like forms).
A thing named without its section ("Monzo", "Kafka", "French") is an `EntryRef` with section ANY, which the
applier finds among the CV's entries, so the same sentence works for a job, a school or a volunteer role.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace

from app.assistant.guided.requests import (
    FIELD_WORDS,
    SECTION_WORDS,
    Correction,
    EntryRef,
    Kind,
    parse_correction,
    parse_ref,
)
from app.cv.parse import ordinal_index

ANY = ""  # EntryRef.section of a thing named without its section: found by name in every section
# Spoken languages a person may name without saying "language" ("add Italian", "remove French").
_LANGUAGE_WORDS = (
    "english german french spanish italian portuguese polish ukrainian russian dutch swedish norwegian danish "
    "finnish czech slovak hungarian romanian bulgarian greek turkish arabic hebrew hindi urdu bengali chinese "
    "mandarin cantonese japanese korean vietnamese thai indonesian malay tagalog swahili persian farsi catalan "
    "basque galician welsh irish croatian serbian slovenian lithuanian latvian estonian icelandic"
)
LANGUAGE_NAMES = frozenset(_LANGUAGE_WORDS.split())
_LEVEL = r"(?:[abc][12]\+?|native|fluent|basic|intermediate|advanced|beginner|conversational|professional|elementary|" \
    r"upper[- ]intermediate|proficient|bilingual|mother tongue)"  # fmt: skip
_FILLER = re.compile(
    r"^(?:(?:actually|oops|oh|ah|um|uh|hmm|hm|so|ok|okay|right|sorry|yes|yeah|yep|no wait|wait|no|also|and|but|"
    r"please|pls|plz|btw|by the way|one more thing|just|small correction|correction|quick fix)\b[\s,:;.!-]*)+",
    re.I,
)
_TAIL = re.compile(
    r"[\s,]*(?:please|pls|plz|thanks|thank you|thx|cheers|actually|now|these days|too|as well)\s*$", re.I
)
_NOT = re.compile(r"^(?P<rest>.+?),?\s+(?:not|rather than|instead of)\s+(?:an?\s+|the\s+)?(?P<old>[^,]+?)$", re.I)
_DATE = r"(?P<date>(?:(?:in|on|at|around|by|since)\s+)?[\w/.' -]*?\d{2,4}[\w/.' -]*?)"
_NAME = r"(?:my\s+|the\s+)?(?P<name>[\w&.'’ -]{2,60}?)(?:'s|’s)?"
_NAME2 = _NAME.replace("?P<name>", "?P<name2>")
_JOBWORD = r"(?:\s+(?:job|role|position|one|gig|contract|entry|project|volunteering))?"

# (field word, pattern): the entry is named in <name>, the new value in <value> or <date>.
_ENTRY_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("end date", re.compile(rf"^i\s+(?:left|quit|finished(?:\s+at)?|stopped\s+working\s+(?:at|for)|moved\s+on\s+from|"
                            rf"was\s+at\s+\S.*?\s+until|worked\s+at\s+\S.*?\s+until|volunteered\s+at)\s+{_NAME}"
                            rf"{_JOBWORD}\s+(?:in|on|until|till|by)?\s*{_DATE}$", re.I)),
    ("end date", re.compile(rf"^(?:left|quit|finished)\s+{_NAME}{_JOBWORD}\s+(?:in\s+)?{_DATE}$", re.I)),
    ("end date", re.compile(rf"^{_NAME}{_JOBWORD}\s*(?::\s*i\s+left|ended|finished|stopped|was\s+over)\s+"
                            rf"(?:in\s+)?{_DATE}$", re.I)),
    ("end date", re.compile(rf"^i\s+volunteered\s+(?:at|with|for)\s+{_NAME}\s+until\s+{_DATE}$", re.I)),
    ("start date", re.compile(rf"^i\s+(?:actually\s+)?(?:started|joined|began)(?:\s+(?:at|with|working\s+at))?\s+"
                              rf"{_NAME}{_JOBWORD}\s+(?:in|on)?\s*{_DATE}$", re.I)),
    ("start date", re.compile(rf"^(?:started|joined|began)\s+(?:at\s+)?{_NAME}{_JOBWORD}\s+(?:in\s+)?{_DATE}$", re.I)),
    ("start date", re.compile(rf"^{_NAME}{_JOBWORD}\s+(?:started|began)\s+(?:in\s+)?{_DATE}$", re.I)),
    ("dates", re.compile(rf"^i\s+(?:was|worked)\s+(?:at|for)\s+{_NAME}\s+(?:from\s+|between\s+)?"
                         rf"(?P<value>(?:[a-z]{{3,9}}\.?\s+)?(?:19|20)\d\d.*\d.*)$", re.I)),
    ("title", re.compile(rf"^(?:change|update|set)\s+(?:my\s+)?(?:job\s+)?(?:title|role|position)\s+at\s+{_NAME}\s+"
                         rf"to\s+(?:an?\s+)?(?P<value>.+)$", re.I)),
    ("title", re.compile(rf"^(?:at|in)\s+{_NAME}{_JOBWORD},?\s+i(?:\s+was|\s+am|'m|\s+am\s+now)\s+(?:an?\s+|the\s+)?"
                         rf"(?P<value>.+?)(?:\s+now)?$", re.I)),
    ("title", re.compile(rf"^i(?:\s+was|'m|\s+am)\s+(?:an?\s+|the\s+)?(?P<value>.+?)\s+at\s+{_NAME}$", re.I)),
    ("title", re.compile(rf"^(?:my\s+)?(?:job\s+)?(?:title|role|position)\s+at\s+{_NAME}\s+(?:is|was|should\s+be|"
                         rf"should\s+say)(?:\s+now)?\s+(?:an?\s+)?(?P<value>.+)$", re.I)),
    ("title", re.compile(rf"^i\s+got\s+promoted\s+at\s+{_NAME}\s+to\s+(?:an?\s+)?(?P<value>.+)$", re.I)),
    ("title", re.compile(rf"^rename\s+(?:my\s+|the\s+)?(?:job|role|position)\s+at\s+{_NAME}\s+to\s+(?P<value>.+)$",
                         re.I)),
    ("company", re.compile(rf"^{_NAME}\s+is\s+(?:actually\s+|really\s+|now\s+|officially\s+)?called\s+(?P<value>.+)$",
                           re.I)),
    ("location", re.compile(rf"^{_NAME}{_JOBWORD}\s+was\s+(?:based\s+)?in\s+(?P<value>[A-Za-z][\w ,'-]+)$", re.I)),
]  # fmt: skip
# "<thing> <field> (is|should be|:) <value>": "monzo start date: 2021-05", "the pennywise url is …".
_FIELD = (r"start date|end date|company name|start|end|dates|title|job title|role|position|company|employer|lo"
          r"cation|city|"
          r"description|url|link|website|level|fluency|date|issuer|name|degree|grade|gpa|score|major|subject|"
          r"field of study|field|school|university")  # fmt: skip
_THING_FIELD = re.compile(
    rf"^(?:the\s+|my\s+)?(?:(?P<field>{_FIELD})\s+(?:of|for|at)\s+{_NAME}{_JOBWORD}|{_NAME2}{_JOBWORD}\s+(?P<field2>{_FIELD}))"
    rf"\s*(?:is|was|should\s+be|should\s+say|should\s+read|=|:|to)\s*(?:now\s+)?(?P<value>\S.*)$",
    re.I,
)
_CHANGE_THING_FIELD = re.compile(
    rf"^(?:change|update|set|correct|fix|make)\s+(?:my\s+|the\s+)?{_NAME}{_JOBWORD}\s+(?P<field>{_FIELD})\s+"
    rf"(?:to|as|:)\s*(?P<value>.+)$",
    re.I,
)
# Fields of the one school (or the entry in hand) said on their own: "my degree was a BEng", "grade: 2:1".
_OWN_FIELD = re.compile(
    r"^(?:(?:change|update|set)\s+)?(?:my|the)?\s*(?P<field>degree|grade|gpa|major|subject|field of study|"
    r"university|school|college)(?:\s+(?:was|is|should\s+be|should\s+say|to)|\s*:)\s*(?:an?\s+|the\s+)?(?P<value>.+)$",
    re.I,
)
_GRADE_GOT = re.compile(r"^i\s+(?:got|achieved|graduated\s+with)\s+(?:an?\s+)?(?P<value>\d:\d|first|"
                        r"(?:first|second|third)[- ]class.*|gpa\s+\S+)$", re.I)  # fmt: skip
_STUDIED = re.compile(r"^i\s+(?:studied|majored\s+in|read)\s+(?P<value>.+)$", re.I)
_WENT_TO = re.compile(r"^i\s+(?:went\s+to|studied\s+at|attended)\s+(?:the\s+)?(?P<value>.+)$", re.I)
_SCHOOL_WAS = re.compile(r"^the\s+(?:school|university|uni|college)\s+was\s+(?:the\s+)?(?P<value>.+)$", re.I)
_GRADUATED = re.compile(rf"^(?:i\s+)?(?:graduated|finished\s+(?:uni|university|college|school|my\s+degree)|"
                        rf"my\s+degree\s+(?:ended|finished))\s+(?:in\s+)?{_DATE}$", re.I)  # fmt: skip
_STARTED_UNI = re.compile(rf"^i\s+started\s+(?:uni|university|college|my\s+degree|studying)\s+(?:in\s+)?{_DATE}$",
                          re.I)  # fmt: skip
_UNNAMED_DATE = re.compile(
    rf"^i\s+(?P<verb>left|quit|finished|stopped|started|joined|began)\s+(?:there\s+|that\s+job\s+)?(?:in|on)\s+{_DATE}$",
    re.I,
)
_STILL = re.compile(rf"^(?:i(?:'m|\s+am)\s+still\s+(?:at|with|working\s+at)|i\s+still\s+work\s+(?:at|for))\s+{_NAME}"
                    rf"(?:\s+actually)?$|^{_NAME2}\s+is\s+(?:still\s+)?my\s+current\s+(?:job|role|employer)$",
                    re.I)  # fmt: skip
_MOVED = re.compile(r"^(?:i(?:'ve|\s+have)?\s+(?:moved|relocated)\s+to|i(?:'m|\s+am)\s+(?:now\s+)?(?:based|living|"
                    r"located)\s+in|i\s+live\s+in|i(?:'m|\s+am)\s+in)\s+(?P<value>[A-Za-z][\w ,.'-]*?)$",
                    re.I)  # fmt: skip
_NEW_CONTACT = re.compile(r"^(?P<value>\S+@\S+\.\w+)\s+is\s+my\s+(?:new\s+)?e-?mail(?:\s+address)?$", re.I)
_CONTACT_IT_IS = re.compile(
    r"^(?:(?:please\s+)?update|change|fix)\s+my\s+(?P<field>e-?mail|phone|mobile|number),?\s+(?:it's|it\s+is|to)\s+"
    r"(?P<value>.+)$|^(?P<field2>e-?mail|phone|mobile|phone number)\s+(?:address\s+)?(?:is\s+wrong|changed),?\s+"
    r"(?:it\s+should\s+be|to|now)\s+(?P<value2>.+)$|^(?P<field3>e-?mail|phone|mobile)\s+address\s+changed\s+to\s+"
    r"(?P<value3>.+)$|^use\s+(?P<value4>\S+@\S+)\s+as\s+my\s+e-?mail$|^(?:oops\s+)?wrong\s+e-?mail,?\s+it\s+should\s+"
    r"be\s+(?P<value5>\S+@\S+)$|^my\s+(?P<field6>cell|cell\s+phone|number)\s+is\s+(?P<value6>.+?)(?:\s+now)?$|^"
    r"my\s+(?P<field7>site|website|homepage)\s+(?:moved\s+to|is\s+now)\s+(?P<value7>\S+)$",
    re.I,
)
_HEADLINE = re.compile(r"^(?:i'd\s+like\s+)?my\s+headline\s+to\s+(?:be|say|read)\s+(?P<value>.+)$|^(?:change|s"
                       r"et|update)"
                       r"\s+(?:my\s+|the\s+)?tag\s*line\s+to\s+(?P<value2>.+)$|^(?:my\s+|the\s+)?headline\s+should\s+"
                       r"(?:just\s+)?(?:be|say|read)\s+(?P<value3>.+)$", re.I)  # fmt: skip
_FULL_NAME = re.compile(r"^(?:my\s+)?(?:full\s+)?name\s+should\s+(?:be|read|say)\s+(?P<value>.+)$", re.I)
_SUMMARY = re.compile(r"^(?:my\s+)?summary\s+should\s+(?:say|be|read)\s*:?\s*(?P<value>.+)$|^replace\s+(?:my\s"
                      r"+|the\s+)?"
                      r"(?:profile|summary|about\s+me)(?:\s+text)?\s+with\s*:?\s*(?P<value2>.+)$", re.I)  # fmt: skip
_REMOVE_CONTACT = re.compile(r"^(?:take|get)\s+(?:rid\s+of\s+)?my\s+(?P<field>website|summary|phone|email|link"
                             r"edin|github)"
                             r"(?:\s+off)?(?:\s+profile)?$|^(?:delete|remove|drop)\s+(?:my\s+|the\s+)?(?P<field2>website|"
                             r"linkedin|github)(?:\s+link|\s+profile)?$|^get\s+rid\s+of\s+(?:my\s+|the\s+)?(?P<field3>"
                             r"summary|website|github|linkedin)(?:\s+profile|\s+link)?$|^delete\s+the\s+about\s+me$",
                             re.I)  # fmt: skip
# Languages: "my Spanish is C1 now", "Spanish: C1", "change my Spanish level to C1", "downgrade French to A2".
_LANG_LEVEL = re.compile(
    rf"^(?:(?:change|update|set|upgrade|downgrade|bump)\s+)?(?:my\s+|the\s+(?:level\s+of\s+)?)?(?P<name>[a-z]+)"
    rf"(?:\s+level)?\s*(?:is|should\s+be|:|to|=)\s*(?:only\s+|actually\s+|now\s+|really\s+)?(?P<level>{_LEVEL})$",
    re.I,
)
_LANG_ENTRY = re.compile(
    rf"^(?:change|replace|set|make)?\s*(?:the\s+)?(?P<which>language\s+\d|\w+\s+language)\s+(?:to|should\s+be|with|is)"
    rf"\s+(?P<value>[a-z]+\s*\(?{_LEVEL}\)?)$",
    re.I,
)
_SPEAK = re.compile(
    rf"^(?:i\s+(?:also\s+)?speak\s+(?:some\s+|a\s+bit\s+of\s+)?|add\s+(?:language\s+)?)(?P<name>[a-z]+)(?:\s+too|"
    rf"\s+as\s+well)?(?:[\s,(]+(?P<level>{_LEVEL})\)?)?$",
    re.I,
)
_NO_LONGER = re.compile(
    r"^i\s+(?:don't|do\s+not|no\s+longer|can't|cannot)\s+(?:really\s+)?(?:speak|know|use|do|have|work\s+with)\s+"
    r"(?P<name>.+?)\s*(?:any\s*more|any\s+longer|these\s+days)?(?:,?\s*(?:so\s+)?(?:please\s+)?(?:remove|delete|drop|"
    r"take)\s+(?:it|that|them)(?:\s+off)?)?$|^(?:i'm|i\s+am)\s+not\s+into\s+(?P<name2>.+?)\s*(?:any\s*more)?(?:,?\s*"
    r"(?:remove|delete|drop)\s+(?:it|that))?$|^(?P<name3>.+?)\s+(?:isn't|is\s+not)\s+(?:a\s+skill\s+of\s+mine|mine|"
    r"true)(?:,?\s*(?:remove|delete|drop)\s+it)?$|^i\s+never\s+(?:worked|was)\s+at\s+(?P<name4>.+?),?\s*(?:remove|"
    r"delete|drop)\s+(?:it|that)$",
    re.I,
)
_REMOVE_FROM = re.compile(
    r"^(?:remove|delete|drop|take|take\s+out)\s+(?:the\s+)?(?P<name>.+?)\s+(?:from|off|out\s+of)\s+(?:my\s+|the\s+)?"
    r"(?P<section>skills?|languages?|interests?|hobbies|skill\s+list)$|^(?:delete|remove)\s+the\s+(?P<section2>skill|"
    r"interest|language)\s+(?P<name2>.+)$|^(?:get\s+rid\s+of|drop|remove|delete|take\s+off)\s+(?:the\s+)?(?P<name3>[^\s]"
    r"+(?:\s+[^\s]+){0,3})$",
    re.I,
)
_ADD_TO = re.compile(
    r"^(?:add|put)\s+(?P<items>.+?)\s+(?:to|in|into|under)\s+(?:my\s+|the\s+)?(?P<group>[\w ]+?\s+)?(?P<sectio"
    r"n>skills?|"
    r"interests?|hobbies|languages?)$|^add\s+(?P<items2>.+?)\s+as\s+an?\s+(?P<section2>skill|interest|hobby)$|^skills?\s*"
    r":\s*add\s+(?P<items3>.+)$|^i\s+(?:also\s+)?(?:know|use|can\s+use|work\s+with)\s+(?P<items4>.+?)(?:\s+too|"
    r"\s+as\s+well)?$|^add\s+(?P<items5>[\w.+#-]+(?:\s+[\w.+#-]+)?)$",
    re.I,
)
_SWAP = re.compile(
    r"^(?:replace|swap)\s+(?P<old>.+?)\s+(?:with|for)\s+(?P<new>.+?)(?:\s+in\s+my\s+\w+)?$|^(?:change|rename)\s+"
    r"(?:the\s+skill\s+)?(?P<old2>.+?)\s+to\s+(?P<new2>.+?)(?:\s+in\s+my\s+skills)?$|^(?P<old3>[\w.&' -]+?)\s+"
    r"should\s+be"
    r"\s+(?P<new3>.+)$|^it's\s+(?P<new4>.+?),?\s+not\s+(?P<old4>.+)$|^it\s+was\s+(?:an?\s+)?(?P<new5>.+?),?\s+not\s+"
    r"(?:an?\s+)?(?P<old5>.+)$",
    re.I,
)
# Bullets: "get rid of the bullet about incidents", "remove 'Mentored four engineers'", "the incident bullet".
_BULLET_ABOUT = re.compile(
    r"^(?:remove|delete|drop|take\s+out|get\s+rid\s+of)\s+(?:the\s+)?(?:bullet|point|line|achievement)\s+"
    r"(?:about|on|mentioning|with)\s+(?:the\s+)?(?P<words>.+)$|^(?:remove|delete|drop|take\s+out|get\s+rid\s+of)\s+"
    r"(?:the\s+)?(?P<words2>[\w%' -]+?)\s+(?:bullet|point|line)(?:\s+(?:from|of|in|under)\s+(?P<target>.+))?$|"
    r"^(?:remove"
    r"|delete|drop)\s+[\"'“‘](?P<quoted>.+?)[\"'”’]$",
    re.I,
)
_BULLET_SET = re.compile(
    r"^(?:change|reword|rewrite|replace|edit)\s+(?:the\s+)?(?P<which>\w+)\s+(?P<target>.+?)\s+bullet\s+(?:to|with)\s*:?\s*"
    r"(?P<value>.+)$|^(?:change|reword|rewrite|replace|edit)\s+bullet\s+(?P<number>\d+)\s+(?:of|in|on|at)\s+"
    r"(?P<target2>.+?)\s*(?::|to|with)\s*(?P<value2>.+)$|^the\s+(?P<which3>\w+)\s+bullet\s+(?:at|of|in|for)\s+"
    r"(?P<target3>.+?)\s+should\s+(?:say|be|read)\s*:?\s*(?P<value3>.+)$",
    re.I,
)
_BULLET_ADD = re.compile(
    r"^(?:at|in)\s+(?P<target>[\w&.' -]+?)(?:\s+job)?,?\s+i\s+also\s+(?P<value>\w.+)$|^(?:new|another)\s+(?:bullet|"
    r"achievement|highlight)\s+(?:for|to|on)\s+(?P<target2>.+?)\s*:\s*(?P<value2>.+)$",
    re.I,
)
_ALSO_WORKED = re.compile(
    r"^(?:before\s+that|after\s+that|earlier|previously|also|and)?,?\s*i\s+(?:also\s+)?(?:was|worked)\s+(?:an?\s+)?"
    r"(?P<title>.+?)\s+(?:at|for)\s+(?P<company>.+)$|^i\s+(?:also\s+)?worked\s+(?:at|for)\s+(?P<company2>.+?)\s+as\s+"
    r"(?:an?\s+)?(?P<title2>.+)$",
    re.I,
)
_BEFORE = re.compile(r"^(?:before\s+that|after\s+that|earlier|previously|i\s+also)\b", re.I)
_NOT_NAMES = {"i", "it", "that", "this", "me", "there", "them", "my", "the", "a", "an", "full", "new", "in", "on", "at",
              "from", "here", "then", "work", "that job", "the job", "there in", "last", "early", "late"}  # fmt: skip
_EDGE = re.compile(r"^(?P<edge>oldest|earliest|latest|newest|most recent|current)\s+(?P<section>\w+)$")
_LABELLED = re.compile(
    r"^(?:new\s+|my\s+)?(?P<field>full name|name|headline|tagline|e-?mail(?: address)?|phone(?: number)?|"
    r"mobile|location|summary|website|portfolio|github|linkedin)\s*:\s*(?P<value>\S.*)$",
    re.I,
)
_BULLET_N = re.compile(
    r"^(?:remove|delete|drop)\s+(?:the\s+)?(?:(?P<which>\w+)\s+)?(?:bullet|bullet point|point|"
    r"achievement)(?:\s+(?P<number>\d+))?\s+(?:of|from|in|on|under|at)\s+(?P<target>.+)$",
    re.I,
)
_ADD_BULLET_TO = re.compile(
    r"^add\s+(?:an?\s+|another\s+)?(?:bullet(?:\s+point)?|achievement|highlight)\s+(?:to|for|"
    r"under|on)\s+(?P<target>.+?)\s*(?::|\s[-–—])\s*(?P<value>.+)$",
    re.I,
)
_RENAME = re.compile(r"^rename\s+(?:my\s+|the\s+)?(?P<name>.+?)\s+to\s+(?P<value>.+)$", re.I)
_CHANGE_OF = re.compile(
    rf"^(?:change|update|set|correct|fix)\s+(?:the\s+|my\s+)?(?!field\s+of\s+study\b)(?P<field>{_FIELD})\s+(?:of|for|on|at|in)\s+"
    r"(?P<name>.+?)\s+(?:to|as|:)\s*(?P<value>.+)$",
    re.I,
)
_WAS_IN = re.compile(
    r"^(?:my\s+|the\s+)?(?P<name>[\w&.' -]+?)\s+was\s+(?:in|on|issued\s+in)\s+(?P<date>(?:[a-z]+\s+)?"
    r"(?:19|20)\d\d)$",
    re.I,
)
_VERBS = ("change", "update", "remove", "delete", "replace", "rename", "add", "drop", "move", "set", "swap")
_NOT_VERBS = {"remote", "chance", "dad", "ads", "mode", "range", "date", "late", "sad", "bad"}
_SURE = re.compile(
    r"^(?:actually|oops|sorry|no\s+wait|wait|correction|small\s+correction|please|pls)\b|^(?:change|update|set|rename|"
    r"remove|delete|drop|replace|swap|add|move|put|take|get\s+rid|my|i\s+(?:don't|no\s+longer|never|left|quit|joined|"
    r"graduated|moved|live|still)|i'm\s+(?:still|based|not)|i've\s+(?:moved|relocated))\b",
    re.I,
)
_EDGE_WORDS = {"oldest": -1, "earliest": -1, "latest": 0, "newest": 0, "most recent": 0, "current": 0}
_MY_LAST = re.compile(r"\bmy\s+(?:last|previous)\s+(?:job|role|position|employer)\b", re.I)
_MOVE_FIRST = re.compile(r"^(?:put|make|move)\s+(?P<target>.+?)\s+(?:first|on\s+top|(?:to\s+|at\s+)the\s+(?:to"
                         r"p|start))$",
                         re.I)  # fmt: skip
_SPLIT = re.compile(r"\s*(?:,\s*and|;|\band\s+(?:then\s+)?(?:also\s+)?|,\s*(?=(?:add|remove|delete|drop|change|my)\b))"
                    r"\s*(?=(?:add|remove|delete|drop|change|set|update|my|the|also|i)\b)", re.I)  # fmt: skip


def clean(text: str) -> str:
    """Without the small words around a request: 'oops, no wait, …', '… please'."""
    text = " ".join(text.split()).strip()
    text = _FILLER.sub("", text)
    first, _, rest = text.partition(" ")
    if first.lower() not in _VERBS and first.lower() not in _NOT_VERBS and rest:  # "chnage", "remvoe", "udpate"
        close = difflib.get_close_matches(first.lower(), _VERBS, n=1, cutoff=0.8)
        text = f"{close[0]} {rest}" if close else text
    text = re.sub(r"^(i|i'm|i've|i\s+have)\s+(?:actually|just|really|in\s+fact)\s+", r"\1 ", text, flags=re.I)
    for _ in range(2):
        text = _TAIL.sub("", text.rstrip(" .!?")).rstrip(" .!?")
    return text


def parse_requests(text: str) -> list[Correction]:
    """The corrections in a message, in order; [] when it holds none. A part not understood makes the whole []."""
    cleaned = clean(text)
    if not cleaned:
        return []
    parts = [p for p in _SPLIT.split(cleaned) if p and p.strip()]
    if len(parts) > 1:
        found = [parse_one(clean(p)) for p in parts]
        verb = re.match(r"^(change|update|set|remove|delete|drop|add)\s", parts[0], re.I)
        for i, part in enumerate(parts):  # "change my email to … and my phone to …": the verb said once
            if found[i] is None and verb is not None:
                found[i] = parse_one(f"{verb.group(1)} {clean(part)}")
        if found[0] is not None and found[0].kind == Kind.REMOVE_ENTRY:
            found = [_same_section(found[0], c, clean(p)) for c, p in zip(found, parts, strict=True)]
        if all(found):
            return [c for c in found if c is not None]
    one = parse_one(cleaned)
    if one is None:
        return []
    # In prose (an achievement being written) only a plain request counts: "Finished the migration in 2020" is not.
    sure = one.certain and (parse_correction(cleaned) is not None or bool(_SURE.match(" ".join(text.split()))))
    return [one if sure else replace(one, certain=False)]


def understood_parts(text: str) -> tuple[list[str], list[str]]:
    """A message of several parts, split into the parts read as corrections and the ones that were not."""
    parts = [p.strip() for p in _SPLIT.split(clean(text)) if p and p.strip()]
    if len(parts) < 2:
        return [], []
    read = [parse_one(clean(p)) is not None for p in parts]
    return [p for p, ok in zip(parts, read, strict=True) if ok], [
        p for p, ok in zip(parts, read, strict=True) if not ok
    ]


def _same_section(first: Correction, correction: Correction | None, text: str) -> Correction | None:
    """'remove Kafka from skills and add Java': the second part adds to the section of the first."""
    if first.target is None or first.target.section not in ("skills", "languages", "interests"):
        return correction
    match = re.match(r"^add\s+(?P<items>.+)$", text, re.I)
    if match and (correction is None or correction.kind == Kind.ADD_SKILLS):
        section = first.target.section
        if section == "skills":
            return Correction(Kind.ADD_SKILLS, value=match.group("items"))
        return Correction(Kind.ADD_ENTRY, value=match.group("items"), section=section)
    return correction


def parse_one(text: str) -> Correction | None:
    """One correction, or None."""
    stripped = _NOT.match(text)
    if stripped and (found := _read(stripped.group("rest"))) is not None:
        return found
    return _read(text)


def _named(name: str) -> EntryRef | None:
    """'my Monzo job' / 'job 2' / 'Monzo' / 'the Acme one' as a reference."""
    name = re.sub(r"^(?:my|the)\s+", "", name.strip(" ,.'\"’"), flags=re.I)
    name = re.sub(r"\s+(?:one|job|role|position)$", "", name, flags=re.I) if len(name.split()) > 1 else name
    name = re.sub(r"(?:'s|’s)$", "", name)
    lowered = name.lower()
    if (
        not name
        or lowered in _NOT_NAMES
        or re.match(r"^(?:change|update|set|rename|make|remove|delete|drop)\b", lowered)
    ):
        return None
    if lowered in SECTION_WORDS:
        return EntryRef(SECTION_WORDS[lowered])
    if (match := _EDGE.match(lowered)) and match.group("section") in SECTION_WORDS:
        index = -1 if match.group("edge") in ("oldest", "earliest", "first ever") else 0
        return EntryRef(SECTION_WORDS[match.group("section")], index=index)
    ref = parse_ref(name)
    if ref is not None:
        return ref
    if re.fullmatch(r"(?:the\s+)?(?:first|second|third|fourth|fifth|\d(?:st|nd|rd|th))", name, re.I):
        return EntryRef("work", index=ordinal_index(name))
    if len(name.split()) > 5 or re.search(r"\d{3}", name):
        return None
    return EntryRef(ANY, name=name)


def _entry(field: str, name: str, value: str) -> Correction | None:
    ref = _named(name)
    value = value.strip(" .,")
    if field == "dates":  # "between 2016 and 2018"
        value = re.sub(r"\s+and\s+", " - ", value)
    return Correction(Kind.UPDATE_ENTRY, field, value, ref) if ref and value else None


def _read(text: str) -> Correction | None:  # noqa: C901 - one list of sentence forms, tried in order
    found = parse_correction(text)
    if found is not None and found.target == EntryRef("work", index=-1) and _MY_LAST.search(text):
        return replace(found, target=EntryRef("work"))  # the latest, or the last listed? Readings decide
    edge = found.target.name.lower() if found is not None and found.target and found.target.name else ""
    if found is not None and found.target is not None and edge in _EDGE_WORDS:
        return replace(found, target=EntryRef(found.target.section, index=_EDGE_WORDS[edge]))
    if found is not None:
        return found
    if match := _STILL.match(text):
        ref = _named(match.group("name") or match.group("name2") or "")
        return Correction(Kind.UPDATE_ENTRY, "end date", "present", ref) if ref else None
    if match := _UNNAMED_DATE.match(text):  # "I left in 2024": which job is settled by context, or by readings
        field = "start date" if match.group("verb").lower() in ("started", "joined", "began") else "end date"
        return Correction(Kind.UPDATE_ENTRY, field, match.group("date"), EntryRef("work"))
    if early := _read_early(text):
        return early
    for field, pattern in _ENTRY_FORMS:
        if match := pattern.match(text):
            groups = match.groupdict()
            value = groups.get("date") or groups.get("value") or ""
            if (result := _entry(field, match.group("name"), value)) is not None:
                return result
    for pattern in (_CHANGE_THING_FIELD, _THING_FIELD):
        if match := pattern.match(text):
            field = (match.groupdict().get("field") or match.groupdict().get("field2") or "").lower()
            name = match.groupdict().get("name") or match.groupdict().get("name2") or ""
            if (result := _entry(field, name, match.group("value"))) is not None:
                return result
    return _read_more(text)


def _read_early(text: str) -> Correction | None:
    """Forms whose first words settle what they are: 'email: …', 'remove the 2nd bullet of …', 'rename …'."""
    if match := _LABELLED.match(text):
        word = match.group("field").lower().replace("e-mail", "email").replace("tagline", "headline")
        field = FIELD_WORDS.get(word) or FIELD_WORDS.get(word.split()[0]) or "name"
        return Correction(Kind.SET_FIELD, field, match.group("value").strip())
    if match := _BULLET_N.match(text):
        index = int(match.group("number")) - 1 if match.group("number") else ordinal_index(match.group("which") or "")
        target = _named(match.group("target"))
        if index is not None and target is not None:
            return Correction(Kind.REMOVE_BULLET, value=str(index), target=target)
    if match := _ADD_BULLET_TO.match(text):
        target = _named(match.group("target"))
        return Correction(Kind.ADD_BULLET, value=match.group("value"), target=target) if target else None
    if match := _CHANGE_OF.match(text):
        return _entry(match.group("field").lower(), match.group("name"), match.group("value"))
    if match := _RENAME.match(text):
        name = match.group("name")
        if held := re.match(r"^(?:job|role|position|title)\s+(?:at|with|in)\s+(?P<name>.+)$", name, re.I):
            return _entry("title", held.group("name"), match.group("value"))
        field = "title" if re.search(r"\b(?:role|position|title|job)$", name, re.I) else "name"
        return _entry(field, re.sub(r"\s+(?:role|position|title)$", "", name, flags=re.I), match.group("value"))
    if (match := _WAS_IN.match(text)) and (ref := _named(match.group("name"))) is not None:
        return Correction(Kind.UPDATE_ENTRY, "date", match.group("date"), ref)
    return None


def _read_more(text: str) -> Correction | None:  # noqa: C901 - one list of sentence forms, tried in order
    if match := _OWN_FIELD.match(text):
        field = match.group("field").lower()
        field = {"gpa": "grade", "major": "field", "subject": "field", "field of study": "field",
                 "college": "school"}.get(field, field)  # fmt: skip
        return Correction(Kind.UPDATE_ENTRY, field, match.group("value").strip(), EntryRef("education"))
    for pattern, field in ((_GRADE_GOT, "grade"), (_STUDIED, "field"), (_WENT_TO, "school"), (_SCHOOL_WAS, "school")):
        if match := pattern.match(text):
            value = match.group("value").strip()
            if field == "grade" and value.lower().startswith("gpa"):
                value = value.upper().replace("GPA", "GPA")
            return Correction(Kind.UPDATE_ENTRY, field, value, EntryRef("education"))
    if match := _GRADUATED.match(text):
        return Correction(Kind.UPDATE_ENTRY, "end date", match.group("date"), EntryRef("education"))
    if match := _STARTED_UNI.match(text):
        return Correction(Kind.UPDATE_ENTRY, "start date", match.group("date"), EntryRef("education"))
    if match := _MOVED.match(text):
        value = match.group("value").strip()
        return Correction(Kind.SET_FIELD, "location" if "," in value else "city", value)
    if match := _NEW_CONTACT.match(text):
        return Correction(Kind.SET_FIELD, "email", match.group("value"))
    if match := _CONTACT_IT_IS.match(text):
        return _contact(match)
    if match := _HEADLINE.match(text):
        return Correction(Kind.SET_FIELD, "label", next(v for v in match.groups() if v))
    if match := _FULL_NAME.match(text):
        return Correction(Kind.SET_FIELD, "name", match.group("value"))
    if match := _SUMMARY.match(text):
        return Correction(Kind.SET_FIELD, "summary", next(v for v in match.groups() if v))
    if match := _REMOVE_CONTACT.match(text):
        field = next((v for v in match.groups() if v), "summary").lower()
        return Correction(Kind.REMOVE_FIELD, {"website": "url"}.get(field, field))
    return _read_lists(text)


def _contact(match: re.Match[str]) -> Correction | None:
    groups = match.groupdict()
    value = next((groups[k] for k in sorted(groups) if k.startswith("value") and groups[k]), "")
    word = next((groups[k] for k in sorted(groups) if k.startswith("field") and groups[k]), None)
    if word is None:
        field = "email"
    else:
        word = word.lower()
        field = "email" if "mail" in word else "url" if word in ("site", "website", "homepage") else "phone"
    return Correction(Kind.SET_FIELD, field, value.strip())


def _read_lists(text: str) -> Correction | None:  # noqa: C901 - one list of sentence forms, tried in order
    if match := _LANG_ENTRY.match(text):
        ref = parse_ref(match.group("which"))
        return Correction(Kind.UPDATE_ENTRY, "entry", match.group("value"), ref) if ref else None
    if (match := _LANG_LEVEL.match(text)) and match.group("name").lower() in LANGUAGE_NAMES:
        ref = EntryRef("languages", name=match.group("name"))
        return Correction(Kind.UPDATE_ENTRY, "level", match.group("level"), ref)
    if (match := _SPEAK.match(text)) and match.group("name").lower() in LANGUAGE_NAMES:
        level = match.group("level")
        value = f"{match.group('name')} {level}" if level else match.group("name")
        return Correction(Kind.ADD_ENTRY, value=value, section="languages")
    if match := _NO_LONGER.match(text):
        name = next(v for v in match.groups() if v)
        ref = _named(name)
        return Correction(Kind.REMOVE_ENTRY, target=ref) if ref else None
    if match := _BULLET_ABOUT.match(text):
        return _bullet_about(match)
    if match := _BULLET_SET.match(text):
        return _bullet_set(match)
    if match := _BULLET_ADD.match(text):
        groups = match.groupdict()
        ref = _named(groups.get("target") or groups.get("target2") or "")
        value = groups.get("value") or groups.get("value2") or ""
        return Correction(Kind.ADD_BULLET, value=value, target=ref) if ref else None
    if (match := _ALSO_WORKED.match(text)) and (_BEFORE.match(text) or match.group("company2")):
        title = match.group("title") or match.group("title2")
        company = match.group("company") or match.group("company2")
        return Correction(Kind.ADD_ENTRY, value=f"{title} at {company}", section="work")
    if match := _MOVE_FIRST.match(text):
        ref = _named(match.group("target"))
        return Correction(Kind.MOVE_ENTRY, value="0", target=ref) if ref else None
    if match := _REMOVE_FROM.match(text):
        return _removal(match)
    if match := _ADD_TO.match(text):
        return _addition(match)
    if match := _SWAP.match(text):
        groups = match.groupdict()
        old = next(groups[k] for k in sorted(groups) if k.startswith("old") and groups[k])
        new = next(groups[k] for k in sorted(groups) if k.startswith("new") and groups[k])
        if old.strip(" .'\"").lower() in _NOT_NAMES:
            return None
        return Correction(Kind.REPLACE, value=new.strip(" .'\""), field=old.strip(" .'\""))
    return None


def _removal(match: re.Match[str]) -> Correction | None:
    groups = match.groupdict()
    name = (groups.get("name") or groups.get("name2") or groups.get("name3") or "").strip()
    section = (groups.get("section") or groups.get("section2") or "").lower()
    section = next((s for s in ("skills", "languages", "interests") if section.startswith(s[:5])), "")
    if section == "" and (groups.get("section") or "").lower() in ("hobbies",):
        section = "interests"
    if section:
        return Correction(Kind.REMOVE_ENTRY, target=EntryRef(section, name=name))
    ref = _named(name)
    return Correction(Kind.REMOVE_ENTRY, target=ref) if ref else None


def _addition(match: re.Match[str]) -> Correction | None:
    groups = match.groupdict()
    items = next(groups[k] for k in ("items", "items2", "items3", "items4", "items5") if groups.get(k))
    section = (groups.get("section") or groups.get("section2") or "skills").lower()
    if section.startswith(("interest", "hobb")):
        return Correction(Kind.ADD_ENTRY, value=items, section="interests")
    if section.startswith("language") or items.split()[0].lower() in LANGUAGE_NAMES:
        return Correction(Kind.ADD_ENTRY, value=items, section="languages")
    items = re.sub(r"\s+(?:and|&)\s+", ", ", items)
    group = (groups.get("group") or "").strip() or None
    if group and group.lower() in ("my", "the"):
        group = None
    if groups.get("items5") and items.lower() in ("it", "that", "this", "them", "one", "a job", "more"):
        return None
    return Correction(Kind.ADD_SKILLS, field=group, value=items)


def _bullet_about(match: re.Match[str]) -> Correction | None:
    groups = match.groupdict()
    words = groups.get("quoted") or groups.get("words") or groups.get("words2") or ""
    if groups.get("words2") and (ordinal_index(words) is not None or words.lower() in ("the", "a")):
        return None
    target = _named(groups["target"]) if groups.get("target") else None
    return Correction(Kind.REMOVE_BULLET, value="text:" + words.strip(), target=target)


def _bullet_set(match: re.Match[str]) -> Correction | None:
    groups = match.groupdict()
    which = groups.get("which") or groups.get("number") or groups.get("which3") or ""
    index = ordinal_index(which)
    target = _named(groups.get("target") or groups.get("target2") or groups.get("target3") or "")
    value = groups.get("value") or groups.get("value2") or groups.get("value3") or ""
    if index is None or target is None:
        return None
    return Correction(Kind.SET_BULLET, value=value.strip(), field=str(index), target=target)
