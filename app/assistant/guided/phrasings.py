"""The words and sentence forms of a correction said in plain words, as regular expressions (read by understand.py).

Each form names the entry in <name> (a company, a school, a language…), the new value in <value> or <date>.
"""

from __future__ import annotations

import re

# Spoken languages a person may name without saying "language" ("add Italian", "remove French").
LANGUAGE_WORDS = (
    "english german french spanish italian portuguese polish ukrainian russian dutch swedish norwegian danish "
    "finnish czech slovak hungarian romanian bulgarian greek turkish arabic hebrew hindi urdu bengali chinese "
    "mandarin cantonese japanese korean vietnamese thai indonesian malay tagalog swahili persian farsi catalan "
    "basque galician welsh irish croatian serbian slovenian lithuanian latvian estonian icelandic"
)
LANGUAGE_NAMES = frozenset(LANGUAGE_WORDS.split())
LEVEL = r"(?:[abc][12]\+?|native|fluent|basic|intermediate|advanced|beginner|conversational|professional|elementary|" \
    r"upper[- ]intermediate|proficient|bilingual|mother tongue)"  # fmt: skip
FILLER = re.compile(
    r"^(?:(?:actually|oops|oh|ah|um|uh|hmm|hm|so|ok|okay|right|sorry|yes|yeah|yep|no wait|wait|no|also|and|but|"
    r"please|pls|plz|btw|by the way|hi|hello|hey|one more thing|just|small correction|correction|quick fix)"
    r"\b[\s,:;.!-]*)+",
    re.I,
)
TAIL = re.compile(r"[\s,]*(?:please|pls|plz|thanks|thank you|thx|cheers|actually|now|these days|too|as well)\s*$", re.I)
# "could you please …", "would you mind updating …", "I'd like you to …": the request follows.
POLITE = re.compile(
    r"^(?:would\s+you\s+(?:mind|be\s+able\s+to)|(?:can|could|would|will)\s+(?:you|u)(?:\s+please)?(?:\s+(?:just|kindly))?|(?:please\s+)?could\s+you|i(?:'d|\s+would)\s+like\s+(?:you\s+)?to|i\s+(?:want|need)\s+(?:you\s+)?to|"
    r"kindly)\s+(?=\w)",
    re.I,
)
GERUNDS = {"changing": "change", "updating": "update", "removing": "remove", "deleting": "delete", "adding": "add",
           "putting": "put", "setting": "set", "making": "make", "replacing": "replace", "renaming": "rename",
           "fixing": "fix", "correcting": "correct", "dropping": "drop", "taking": "take"}  # fmt: skip
GERUND = re.compile(rf"^({'|'.join(GERUNDS)})\b", re.I)
# A request said again at the end, a thank-you, or when it happened: "…, could you update that", "… last month".
ASK_TAIL = re.compile(
    r"[\s,;.!-]+(?:(?:so\s+)?(?:(?:can|could|would)\s+you\s+(?:please\s+)?|please\s+)?(?:update|change|fix|correct)\s+"
    r"(?:that|it|this|(?:my|the)\s+(?:cv|resume|location|details|profile))(?:\s+(?:please|for\s+me))?|thank\s+you(?:\s+so"
    r"\s+much|\s+very\s+much)?|thanks(?:\s+a\s+lot)?)$",
    re.I,
)
WHEN_TAIL = re.compile(r"\s+(?:last\s+(?:week|month|year)|recently|a\s+(?:few\s+)?(?:weeks|months)\s+ago|"
                       r"this\s+(?:week|month|year))$", re.I)  # fmt: skip
# "last summer, around August 2025": the vague time said before the exact one.
VAGUE_WHEN = re.compile(r"\b(?:last|this|that)\s+(?:summer|winter|spring|autumn|fall|year|month|week),?\s+"
                        r"(?=(?:around|about|in|on|roughly)?\s*(?:[a-z]+\s+)?(?:19|20)\d\d\b)", re.I)  # fmt: skip
IN_CV = re.compile(r"\s+(?:from|in|on|off)\s+(?:my|the)\s+(?:cv|resume|résumé)$", re.I)
# "my french is not B1 it is B2": the value said after what it is not.
IS_NOT_IT_IS = re.compile(r"^(?P<thing>.+?)\s+(?P<be>is|was)\s+not\s+(?P<old>[^,]+?),?\s+(?:it|that)"
                          r"(?:'s|\s+is|\s+was)\s+(?P<new>.+)$", re.I)  # fmt: skip
NOT = re.compile(r"^(?P<rest>.+?),?\s+(?:not|rather than|instead of)\s+(?:an?\s+|the\s+)?(?P<old>[^,]+?)$", re.I)
DATE = r"(?P<date>(?:(?:in|on|at|around|by|since)\s+)?[\w/.' -]*?\d{2,4}[\w/.' -]*?)"
NAME = r"(?:my\s+|the\s+)?(?P<name>[\w&.'’ -]{2,60}?)(?:'s|’s)?"
NAME2 = NAME.replace("?P<name>", "?P<name2>")
JOBWORD = r"(?:\s+(?:job|role|position|one|gig|contract|entry|project|volunteering))?"

# (field word, pattern): the entry is named in <name>, the new value in <value> or <date>.
ENTRY_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("end date", re.compile(rf"^i\s+(?:left|quit|finished(?:\s+at)?|stopped\s+working\s+(?:at|for)|moved\s+on\s+from|"
                            rf"was\s+at\s+\S.*?\s+until|worked\s+at\s+\S.*?\s+until|volunteered\s+at)\s+{NAME}"
                            rf"{JOBWORD}\s+(?:in|on|until|till|by)?\s*{DATE}$", re.I)),
    ("end date", re.compile(rf"^(?:left|quit|finished)\s+{NAME}{JOBWORD}\s+(?:in\s+)?{DATE}$", re.I)),
    ("end date", re.compile(rf"^{NAME}{JOBWORD}\s*(?::\s*i\s+left|ended|finished|stopped|was\s+over)\s+"
                            rf"(?:in\s+)?{DATE}$", re.I)),
    ("end date", re.compile(rf"^{NAME}{JOBWORD}\s+(?:was|ran|lasted|went\s+on|continued)\s+(?:until|till|to|up\s+to)\s+"
                            rf"{DATE}$", re.I)),
    ("end date", re.compile(rf"^i\s+volunteered\s+(?:at|with|for)\s+{NAME}\s+until\s+{DATE}$", re.I)),
    ("end date", re.compile(rf"^(?:volunteering|working|worked|volunteered)\s+(?:at|with|for)\s+{NAME}\s+"
                            rf"(?:until|till|up\s+to)\s+{DATE}$", re.I)),
    ("end date", re.compile(rf"^i(?:'m|\s+am)\s+(?:not\s+(?:any\s*more|any\s+longer)|no\s+longer)\s+"
                            rf"(?:at|with|working\s+(?:at|for))\s+{NAME}(?:\s+any\s*more)?\s+(?:since|from)\s+{DATE}$",
                            re.I)),
    ("end date", re.compile(rf"^(?:the\s+)?end\s+date\s+(?:of\s+|at\s+|for\s+)?{NAME}{JOBWORD}\s+"
                            rf"(?P<date>(?:[a-z]{{3,9}}\.?\s+)?(?:19|20)\d\d)$", re.I)),
    ("end date", re.compile(rf"^{NAME}{JOBWORD}\s+end\s+(?:date|year)\s+(?P<date>(?:[a-z]{{3,9}}\.?\s+)?"
                            rf"(?:19|20)\d\d)$", re.I)),
    ("start date", re.compile(rf"^{NAME}{JOBWORD}\s+start\s+(?:date|year)\s+(?P<date>(?:[a-z]{{3,9}}\.?\s+)?"
                              rf"(?:19|20)\d\d)$", re.I)),
    ("start date", re.compile(rf"^i\s+(?:actually\s+)?(?:started|joined|began)(?:\s+(?:at|with|working\s+at))?\s+"
                              rf"{NAME}{JOBWORD}\s+(?:in|on)?\s*{DATE}$", re.I)),
    ("start date", re.compile(rf"^(?:started|joined|began)\s+(?:at\s+)?{NAME}{JOBWORD}\s+(?:in\s+)?{DATE}$", re.I)),
    ("start date", re.compile(rf"^{NAME}{JOBWORD},?\s+(?:i\s+)?(?:started|began)\s+(?:in\s+)?{DATE}$", re.I)),
    ("dates", re.compile(rf"^i\s+(?:was|worked)\s+(?:at|for)\s+{NAME}\s+(?:from\s+|between\s+)?"
                         rf"(?P<value>(?:[a-z]{{3,9}}\.?\s+)?(?:19|20)\d\d.*\d.*)$", re.I)),
    ("dates", re.compile(rf"^{NAME}{JOBWORD}\s+was\s+(?:from\s+|between\s+)?(?P<value>(?:[a-z]{{3,9}}\.?\s+)?"
                         rf"(?:19|20)\d\d\s*(?:-|–|to|until|and)\s*(?:[a-z]{{3,9}}\.?\s+)?(?:(?:19|20)\d\d|now|"
                         rf"present|today))$", re.I)),
    ("title", re.compile(rf"^(?:change|update|set)\s+(?:my\s+)?(?:job\s+)?(?:title|role|position)\s+at\s+{NAME}\s+"
                         rf"to\s+(?:an?\s+)?(?P<value>.+)$", re.I)),
    # "update my position in PayFlow, I am now Principal Engineer": the request, then the value said as news.
    ("title", re.compile(rf"^(?:change|update|fix|correct)\s+(?:my\s+)?(?:job\s+)?(?:title|role|position)\s+"
                         rf"(?:at|in|for)\s+{NAME},?\s+(?:i(?:'m|\s+am)|it(?:'s|\s+is))\s+(?:now\s+)?(?:an?\s+)?"
                         rf"(?P<value>.+)$", re.I)),
    ("title", re.compile(rf"^(?:at|in)\s+{NAME}{JOBWORD},?\s+i(?:\s+was|\s+am|'m|\s+am\s+now)\s+(?:an?\s+|the\s+)?"
                         rf"(?P<value>.+?)(?:\s+now)?$", re.I)),
    ("title", re.compile(rf"^i(?:\s+was|'m|\s+am)\s+(?:an?\s+|the\s+)?(?P<value>.+?)\s+at\s+{NAME}$", re.I)),
    ("title", re.compile(rf"^(?:my\s+)?(?:job\s+)?(?:title|role|position)\s+at\s+{NAME}\s+(?:is|was|should\s+be|"
                         rf"should\s+say)(?:\s+now)?\s+(?:an?\s+)?(?P<value>.+)$", re.I)),
    ("title", re.compile(rf"^i\s+got\s+promoted\s+at\s+{NAME}\s+to\s+(?:an?\s+)?(?P<value>.+)$", re.I)),
    ("title", re.compile(rf"^rename\s+(?:my\s+|the\s+)?(?:job|role|position)\s+at\s+{NAME}\s+to\s+(?P<value>.+)$",
                         re.I)),
    ("company", re.compile(rf"^{NAME}\s+is\s+(?:actually\s+|really\s+|now\s+|officially\s+)?called\s+(?P<value>.+)$",
                           re.I)),
    ("location", re.compile(rf"^{NAME}{JOBWORD}\s+was\s+(?:based\s+)?in\s+(?P<value>[A-Za-z][\w ,'-]+)$", re.I)),
]  # fmt: skip
# "<thing> <field> (is|should be|:) <value>": "monzo start date: 2021-05", "the pennywise url is …".
FIELD = (r"start date|end date|company name|start|end|dates|title|job title|role|position|company|employer|location|"
         r"city|description|url|link|website|level|fluency|date|issuer|awarder|publisher|organisation|organization|"
         r"name|degree|grade|gpa|score|major|subject|field of study|field|school|university")  # fmt: skip
THING_FIELD = re.compile(
    rf"^(?:the\s+|my\s+)?(?:(?!field\s+of\s+study\b)(?P<field>{FIELD})\s+(?:of|for|at)\s+{NAME}{JOBWORD}|{NAME2}{JOBWORD}\s+(?P<field2>{FIELD}))"
    rf"\s*(?:is|was|should\s+be|should\s+say|should\s+read|=|:|to)\s*(?:now\s+)?(?P<value>\S.*)$",
    re.I,
)
CHANGE_THING_FIELD = re.compile(
    rf"^(?:change|update|set|correct|fix|make)\s+(?:my\s+|the\s+)?{NAME}{JOBWORD}\s+(?P<field>{FIELD})\s+"
    rf"(?:to|as|:)\s*(?P<value>.+)$",
    re.I,
)
# Fields of the one school (or the entry in hand) said on their own: "my degree was a BEng", "grade: 2:1".
OWN_FIELD = re.compile(
    r"^(?:(?:change|update|set)\s+)?(?:my|the)?\s*(?P<field>degree|grade|gpa|major|subject|course|field of study|"
    r"university|school|college)(?:\s+(?:was|is|should\s+be|should\s+say|to)|\s*:)\s*(?:an?\s+|the\s+)?(?P<value>.+)$",
    re.I,
)
GRADE_GOT = re.compile(r"^i\s+(?:got|achieved|graduated\s+with)\s+(?:an?\s+)?(?P<value>\d:\d|first|"
                        r"(?:first|second|third)[- ]class.*|gpa\s+\S+)$", re.I)  # fmt: skip
STUDIED = re.compile(r"^i\s+(?:studied|majored\s+in|read)\s+(?!at\s)(?P<value>.+)$", re.I)  # "studied at X": the school
WENT_TO = re.compile(r"^i\s+(?:went\s+to|studied\s+at|attended)\s+(?:the\s+)?(?P<value>.+)$", re.I)
SCHOOL_WAS = re.compile(r"^the\s+(?:school|university|uni|college)\s+was\s+(?:the\s+)?(?P<value>.+)$", re.I)
GRADUATED = re.compile(rf"^(?:i\s+)?(?:graduated|finished\s+(?:uni|university|college|school|my\s+degree)|"
                        rf"my\s+degree\s+(?:ended|finished))\s+(?:in\s+)?{DATE}$", re.I)  # fmt: skip
STARTED_UNI = re.compile(rf"^i\s+started\s+(?:uni|university|college|my\s+degree|studying)\s+(?:in\s+)?{DATE}$",
                          re.I)  # fmt: skip
UNNAMED_DATE = re.compile(
    rf"^i\s+(?P<verb>left|quit|finished|stopped|started|joined|began)\s+(?:there\s+|that\s+job\s+)?(?:in|on)\s+{DATE}$",
    re.I,
)
STILL = re.compile(rf"^(?:i(?:'m|\s+am)\s+still\s+(?:at|with|working\s+at)|i\s+still\s+work\s+(?:at|for))\s+{NAME}"
                    rf"(?:\s+actually)?(?:,?\s+(?:so\s+)?there(?:'s|\s+is)\s+no\s+end(?:\s+date)?)?$|^{NAME2}\s+is\s+(?:still\s+)?my\s+current\s+(?:job|role|employer)$",
                    re.I)  # fmt: skip
MOVED = re.compile(r"^(?:(?:i(?:'ve|\s+have)?\s+)?(?:moved|relocated)\s+to|i(?:'m|\s+am)\s+(?:now\s+)?(?:based|living|"
                    r"located)\s+in|i\s+live\s+in|i(?:'m|\s+am)\s+in)\s+(?P<value>[A-Za-z][\w.'-]*(?:,?\s+[\w.'-]+){0,3})$",
                    re.I)  # fmt: skip
NEW_CONTACT = re.compile(r"^(?P<value>\S+@\S+\.\w+)\s+is\s+my\s+(?:new\s+)?e-?mail(?:\s+address)?$", re.I)
CONTACT_IT_IS = re.compile(
    r"^(?:(?:please\s+)?update|change|fix)\s+my\s+(?P<field>e-?mail|phone|mobile|number)(?:\s+number|\s+address)?,?\s+"
    r"(?:it's|its|it\s+is|to)\s+(?:now\s+)?"
    r"(?P<value>.+)$|^(?P<field2>e-?mail|phone|mobile|phone number)\s+(?:address\s+)?(?:is\s+wrong|changed),?\s+"
    r"(?:it\s+should\s+be|to|now)\s+(?P<value2>.+)$|^(?P<field3>e-?mail|phone|mobile)\s+address\s+changed\s+to\s+"
    r"(?P<value3>.+)$|^use\s+(?P<value4>\S+@\S+)\s+as\s+my\s+e-?mail$|^(?:oops\s+)?wrong\s+e-?mail,?\s+it\s+should\s+"
    r"be\s+(?P<value5>\S+@\S+)$|^my\s+(?P<field6>cell|cell\s+phone|number)\s+is\s+(?P<value6>.+?)(?:\s+now)?$|^"
    r"my\s+(?P<field7>site|website|homepage)\s+(?:moved\s+to|is\s+now)\s+(?P<value7>\S+)$",
    re.I,
)
HEADLINE = re.compile(r"^(?:i'd\s+like\s+|make\s+|have\s+)?my\s+headline\s+(?:to\s+)?(?:be|say|read)\s+(?P<value>.+)$|"
                       r"^(?:change|set|update)"
                       r"\s+(?:my\s+|the\s+)?tag\s*line\s+to\s+(?P<value2>.+)$|^(?:my\s+|the\s+)?headline\s+should\s+"
                       r"(?:just\s+)?(?:be|say|read)\s+(?P<value3>.+)$", re.I)  # fmt: skip
FULL_NAME = re.compile(
    r"^(?:my\s+)?(?:full\s+)?name(?:\s+on\s+(?:my|the)\s+(?:cv|resume))?\s+should\s+(?:be|read|say)\s+(?P<value>.+)$",
    re.I,
)
SUMMARY = re.compile(r"^(?:my\s+)?summary\s+should\s+(?:say|be|read)\s*:?\s*(?P<value>.+)$|^replace\s+(?:my\s"
                      r"+|the\s+)?"
                      r"(?:profile|summary|about\s+me)(?:\s+text)?\s+with\s*:?\s*(?P<value2>.+)$", re.I)  # fmt: skip
REMOVE_CONTACT = re.compile(r"^(?:take|get)\s+(?:rid\s+of\s+)?my\s+(?P<field>website|summary|phone|email|link"
                             r"edin|github)"
                             r"(?:\s+off)?(?:\s+profile)?$|^(?:delete|remove|drop)\s+(?:my\s+|the\s+)?(?P<field2>website|"
                             r"linkedin|github)(?:\s+link|\s+profile)?$|^get\s+rid\s+of\s+(?:my\s+|the\s+)?(?P<field3>"
                             r"summary|website|github|linkedin)(?:\s+profile|\s+link)?$|^delete\s+the\s+about\s+me$",
                             re.I)  # fmt: skip
# Languages: "my Spanish is C1 now", "Spanish: C1", "change my Spanish level to C1", "downgrade French to A2".
LANG_LEVEL = re.compile(
    rf"^(?:(?:change|update|set|upgrade|downgrade|bump)\s+)?(?:my\s+|the\s+(?:level\s+of\s+)?)?(?P<name>[a-z]+)"
    rf"(?:\s+level)?(?:\s*(?:is|should\s+be|:|to|=)\s*|\s+)(?:only\s+|actually\s+|now\s+|really\s+)?(?P<level>{LEVEL})$",
    re.I,
)
LANG_ENTRY = re.compile(
    rf"^(?:change|replace|set|make)?\s*(?:the\s+)?(?P<which>language\s+\d|\w+\s+language)\s+(?:to|should\s+be|with|is)"
    rf"\s+(?P<value>[a-z]+\s*\(?{LEVEL}\)?)$",
    re.I,
)
SPEAK = re.compile(
    rf"^(?:i\s+(?:also\s+)?speak\s+(?:some\s+|a\s+bit\s+of\s+)?|add\s+(?:language\s+)?)(?P<name>[a-z]+)(?:\s+too|"
    rf"\s+as\s+well)?(?:[\s,(]+(?:at\s+)?(?:an?\s+)?(?P<level>{LEVEL})\)?(?:\s+level)?|\s+(?P<little>a\s+little(?:\s+bit)?|"
    rf"a\s+bit))?$",
    re.I,
)
NO_LONGER = re.compile(
    r"^i\s+(?:don't|do\s+not|no\s+longer|can't|cannot)\s+(?:really\s+)?(?:speak|know|use|do|have|work\s+with)\s+"
    r"(?P<name>.+?)\s*(?:any\s*more|any\s+longer|these\s+days)?(?:,?\s*(?:so\s+)?(?:please\s+)?(?:remove|delete|drop|"
    r"take)\s+(?:it|that|them)(?:\s+off)?)?$|^(?:i'm|i\s+am)\s+not\s+into\s+(?P<name2>.+?)\s*(?:any\s*more)?(?:,?\s*"
    r"(?:remove|delete|drop)\s+(?:it|that))?$|^(?P<name3>.+?)\s+(?:isn't|is\s+not)\s+(?:a\s+skill\s+of\s+mine|mine|"
    r"true)(?:,?\s*(?:remove|delete|drop)\s+it)?$|^i\s+never\s+(?:worked|was)\s+at\s+(?P<name4>.+?),?\s*(?:remove|"
    r"delete|drop)\s+(?:it|that)$",
    re.I,
)
REMOVE_FROM = re.compile(
    r"^(?:remove|delete|drop|take|take\s+out)\s+(?:the\s+)?(?P<name>.+?)\s+(?:from|off|out\s+of)\s+(?:my\s+|the\s+)?"
    r"(?P<section>skills?|languages?|interests?|hobbies|skill\s+list)$|^(?:delete|remove)\s+the\s+(?P<section2>skill|"
    r"interest|language)\s+(?P<name2>.+)$|^(?:get\s+rid\s+of|drop|remove|delete|take\s+off)\s+(?:the\s+)?(?P<name3>[^\s]"
    r"+(?:\s+[^\s]+){0,3})$",
    re.I,
)
ADD_TO = re.compile(
    r"^(?:add|put)\s+(?P<items>.+?)\s+(?:to|in|into|under)\s+(?:my\s+|the\s+)?(?P<group>[\w ]+?\s+)?(?P<sectio"
    r"n>skills?|"
    r"interests?|hobbies|languages?)$|^add\s+(?P<items2>.+?)\s+as\s+an?\s+(?P<section2>skill|interest|hobby)$|^skills?\s*"
    r":\s*add\s+(?P<items3>.+)$|^i\s+(?:also\s+)?(?:know|use|can\s+use|work\s+with)\s+(?P<items4>.+?)(?:\s+too|"
    r"\s+as\s+well)?$|^add\s+(?P<items5>[\w.+#-]+(?:\s+[\w.+#-]+)?)$",
    re.I,
)
SWAP = re.compile(
    r"^(?:replace|swap)\s+(?P<old>.+?)\s+(?:with|for)\s+(?P<new>.+?)(?:\s+(?:in|on|under)\s+(?:my\s+\w+|(?:the\s+)?"
    r"(?:skills?|skill\s+list|languages?|interests?|hobbies)))?$|^(?:change|rename)\s+"
    r"(?:the\s+skill\s+)?(?P<old2>.+?)\s+to\s+(?P<new2>.+?)(?:\s+in\s+(?:my\s+|the\s+)?skills)?$|"
    r"^(?P<old3>[\w.&' -]+?)\s+should\s+be"
    r"\s+(?P<new3>.+)$|^it's\s+(?P<new4>.+?),?\s+not\s+(?P<old4>.+)$|^it\s+was\s+(?:an?\s+)?(?P<new5>.+?),?\s+not\s+"
    r"(?:an?\s+)?(?P<old5>.+)$",
    re.I,
)
# Bullets: "get rid of the bullet about incidents", "remove 'Mentored four engineers'", "the incident bullet".
BULLET_ABOUT = re.compile(
    r"^(?:remove|delete|drop|take\s+out|get\s+rid\s+of)\s+(?:the\s+)?(?:bullet|point|line|achievement)\s+"
    r"(?:about|on|mentioning|with)\s+(?:the\s+)?(?P<words>.+)$|^(?:remove|delete|drop|take\s+out|get\s+rid\s+of)\s+"
    r"(?:the\s+)?(?P<words2>[\w%' -]+?)\s+(?:bullet|point|line)(?:\s+(?:from|of|in|under)\s+(?P<target>.+))?$|"
    r"^(?:remove"
    r"|delete|drop|take\s+out|get\s+rid\s+of)\s+[\"'“‘](?P<quoted>.+?)[\"'”’]$",
    re.I,
)
BULLET_SET = re.compile(
    r"^(?:change|reword|rewrite|replace|edit)\s+(?:the\s+)?(?P<which>\w+)\s+(?P<target>.+?)\s+bullet\s*(?:(?:to|with)\s*:?|:)\s*"
    r"(?P<value>.+)$|^(?:change|reword|rewrite|replace|edit)\s+bullet\s+(?P<number>\d+)\s+(?:of|in|on|at)\s+"
    r"(?P<target2>.+?)\s*(?::|to|with)\s*(?P<value2>.+)$|^(?:the\s+)?(?P<which3>\w+)\s+bullet\s+(?:at|of|in|for)\s+"
    r"(?P<target3>.+?)\s+should\s+(?:say|be|read)\s*:?\s*(?P<value3>.+)$",
    re.I,
)
# "the 40% bullet should say 50%", "the mentoring bullet should read: Mentored six engineers": named by its words.
BULLET_WORDS_SET = re.compile(
    r"^(?:the\s+|my\s+)?(?P<words>[\w%.'&+ -]{2,40}?)\s+(?:bullet|point|line)\s+should\s+(?:say|be|read)\s*:?\s*"
    r"(?P<value>\S.*)$",
    re.I,
)
BULLET_ADD = re.compile(
    r"^(?:under|at|for|in|to)\s+(?P<target3>[\w&.' -]+?)(?:\s+job)?,?\s+add\s+(?:that\s+)?(?P<value3>\w.+)$|"
    r"^(?:at|in)\s+(?P<target>[\w&.' -]+?)(?:\s+job)?,?\s+i\s+also\s+(?P<value>\w.+)$|^(?:new|another)\s+(?:bullet|"
    r"achievement|highlight)\s+(?:for|to|on)\s+(?P<target2>.+?)\s*:\s*(?P<value2>.+)$",
    re.I,
)
ALSO_WORKED = re.compile(
    r"^(?:(?:before|after)\s+[\w&.' -]+?|earlier|previously|also|and)?,?\s*i\s+(?:also\s+)?(?:was|worked)\s+(?:an?\s+)?"
    r"(?P<title>.+?)\s+(?:at|for)\s+(?P<company>.+)$|^i\s+(?:also\s+)?worked\s+(?:at|for)\s+(?P<company2>.+?)\s+as\s+"
    r"(?:an?\s+)?(?P<title2>.+)$",
    re.I,
)
BEFORE = re.compile(r"^(?:(?:before|after)\s+(?:that|\S+)|earlier|previously|i\s+also)\b", re.I)
NOT_NAMES = {"i", "it", "that", "this", "me", "there", "them", "my", "the", "a", "an", "full", "new", "in", "on", "at",
              "from", "here", "then", "work", "that job", "the job", "there in", "last", "early", "late"}  # fmt: skip
EDGE = re.compile(r"^(?P<edge>oldest|earliest|latest|newest|most recent|current)\s+(?P<section>\w+)$")
LABELLED = re.compile(
    r"^(?:new\s+|my\s+)?(?P<field>full name|name|headline|tagline|e-?mail(?: address)?|phone(?: number)?|"
    r"mobile|location|city|summary|website|portfolio|github|linkedin)\s*:\s*(?P<value>\S.*)$",
    re.I,
)
BULLET_N = re.compile(
    r"^(?:remove|delete|drop)\s+(?:the\s+)?(?:(?P<which>\w+)\s+)?(?:bullet|bullet point|point|"
    r"achievement)(?:\s+(?P<number>\d+))?\s+(?:of|from|in|on|under|at)\s+(?P<target>.+)$",
    re.I,
)
ADD_BULLET_TO = re.compile(
    r"^add\s+(?:an?\s+|another\s+)?(?:bullet(?:\s+point)?|achievement|highlight)\s+(?:to|for|"
    r"under|on)\s+(?P<target>.+?)\s*(?::|\s[-–—])\s*(?P<value>.+)$",
    re.I,
)
RENAME = re.compile(r"^rename\s+(?:my\s+|the\s+)?(?P<name>.+?)\s+to\s+(?P<value>.+)$", re.I)
CHANGE_OF = re.compile(
    rf"^(?:change|update|set|correct|fix)\s+(?:the\s+|my\s+)?(?!field\s+of\s+study\b)(?P<field>{FIELD})\s+(?:of|for|on|at|in)\s+"
    r"(?P<name>.+?)(?:\s+(?:to|as)|\s*:)\s*(?P<value>.+)$",
    re.I,
)
WAS_IN = re.compile(
    r"^(?:my\s+|the\s+)?(?P<name>[\w&.' -]+?)\s+(?:was|is|came\s+out|dates)\s+(?:(?:in|on|from|dated|issued(?:\s+in|"
    r"\s+on)?|published\s+in)\s+)?(?P<date>(?:(?!until|till|to\b|from\b)[a-z]+\.?\s+)?(?:19|20)\d\d(?:[-/.]\d\d?)?|\d\d?[/.](?:19|20)\d\d)$",
    re.I,
)
ARROW = re.compile(r"^(?:(?P<where>[^:>→—–]{1,40})(?::|\s+(?P<dash>[—–-])\s)\s*)?(?P<old>[^:>→]+?)\s*(?:-+>|→|=>|⇒)\s*"
                   r"(?P<new>\S.*)$")  # fmt: skip
# "Leeds uni — grade was a 2:1", "Code Club — 2019 to 2022": a line pasted from the CV, its entry before the dash.
PASTED = re.compile(r"^(?P<where>[^—–:\d]{2,40}?)\s+[—–-]\s+(?P<rest>\S.*)$")
# "in Acme, change Backend Engineer to Senior Backend Engineer": a value replaced within the one entry named.
REPLACE_IN = re.compile(r"^in\s+(?P<where>.+?),\s+change\s+(?P<old>.+?)\s+to\s+(?P<new>.+)$", re.I)
DATE_SPAN = re.compile(r"(?:[a-z]{3,9}\.?\s+)?(?:19|20)\d\d\s*(?:-|–|—|to|until)\s*(?:[a-z]{3,9}\.?\s+)?"
                       r"(?:(?:19|20)\d\d|now|present|today)", re.I)  # fmt: skip
# "was actually", "is really": the filler inside the sentence ("At Acme I was actually a Software Engineer").
BE_FILLER = re.compile(r"\b(was|is|am|i'm|were)\s+(?:actually|really|in\s+fact)\s+", re.I)
# "at the end of October 2026", "early 2021": the date is the month or year said.
DATE_WORDS = re.compile(r"^(?:(?:at|in|by|around)\s+)?(?:the\s+)?(?:(?:very\s+)?(?:end|start|beginning|middle)\s+"
                        r"of|early|late|mid[- ]?)\s*", re.I)  # fmt: skip
# "…, not Acme" after a sentence no other form reads: its last value is the new one ("the company name is Acme Ltd").
NEW_VALUE = re.compile(r"^.*?\b(?:is|was|are|were|should\s+be|should\s+say)\s+(?:in\s+|at\s+)?(?:called\s+)?(?:an?\s+|"
                       r"the\s+)?(?P<new>[^,]{2,60}?)$", re.I)  # fmt: skip
VERBS = ("change", "update", "remove", "delete", "replace", "rename", "add", "drop", "move", "set", "swap")
NOT_VERBS = {"remote", "chance", "dad", "ads", "mode", "range", "date", "late", "sad", "bad", "moved"}
SURE = re.compile(
    r"^(?:actually|oops|sorry|no\s+wait|wait|correction|small\s+correction|please|pls)\b|^(?:change|update|set|rename|"
    r"remove|delete|drop|replace|swap|add|move|put|take|get\s+rid|my|i\s+(?:don't|no\s+longer|never|left|quit|joined|"
    r"graduated|moved|live|still)|i'm\s+(?:still|based|not)|i've\s+(?:moved|relocated))\b",
    re.I,
)
EDGE_WORDS = {"oldest": -1, "earliest": -1, "latest": 0, "newest": 0, "most recent": 0, "current": 0}
MY_LAST = re.compile(r"\bmy\s+(?:last|previous)\s+(?:job|role|position|employer)\b", re.I)
MOVE_FIRST = re.compile(r"^(?:put|make|move)\s+(?P<target>.+?)\s+(?:first|on\s+top|(?:to\s+|at\s+)the\s+(?:to"
                         r"p|start))(?:\s+(?:in|of|among|on)\s+(?:my\s+|the\s+)?(?P<section>skills?|languages?|"
                         r"interests?|projects?|certificates?))?$",
                         re.I)  # fmt: skip
# "take out kafka and docker": single words, each looked for in the CV.
REMOVE_BARE = re.compile(r"^(?:remove|delete|drop|take\s+out|get\s+rid\s+of)\s+(?P<names>[\w.+#-]+(?:\s*,\s*[\w.+#-]+)*"
                         r",?\s+and\s+[\w.+#-]+)$", re.I)  # fmt: skip
# "ledgerlite has 2k stars now": a figure given as news, for the one bullet with those words and one figure.
FIGURE_NEWS = re.compile(r"^(?:my\s+|the\s+)?(?P<name>[\w&.' -]{2,40}?)\s+(?:now\s+)?(?:has|had|reached|got|hit)\s+"
                         r"(?:over\s+|about\s+|around\s+)?(?P<figure>\d[\d.,]*\s?(?:%|k|m|x)?)\s+"
                         r"(?P<words>[a-z][\w ]{2,40})$", re.I)  # fmt: skip
# "the mobile number on my CV is old, the new one is …": a contact detail said in a longer sentence.
NEW_ONE = re.compile(r"^.*?\b(?P<field>e-?mail|phone|mobile|number)\b.*?\bthe\s+new\s+(?:one|number|address|e-?mail)\s+"
                     r"(?:is|will\s+be)\s+(?P<value>\S[^,]*)$", re.I)  # fmt: skip
# "email sam@x.io", "phone +44 …": a contact field and its value, without a colon. Not a place: "Location Scout" and
# "City Planner" are job titles.
BARE_CONTACT = re.compile(r"^(?:new\s+)?(?P<field>e-?mail|phone(?:\s+number)?|mobile)\s+"
                          r"(?P<value>\S+@\S+|[+0-9][\d ()-]+)$", re.I)  # fmt: skip
REMOVE_SEVERAL = re.compile(
    r"^(?:remove|delete|drop|take)\s+(?P<names>[^,]+?(?:\s*,\s*[^,]+?)*(?:,?\s+and\s+[^,]+?))\s+(?:from|off|out\s+of)\s+"
    r"(?:my\s+|the\s+)?(?P<section>skills?|languages?|interests?)$",
    re.I,
)
SPLIT = re.compile(r"\s*(?:,\s*and|;|\band\s+(?:then\s+)?(?:also\s+)?|,\s*(?=(?:add|remove|delete|drop|change|my)\b))"
                    r"\s*(?=(?:add|remove|delete|drop|change|set|update|my|the|also|i)\b)", re.I)  # fmt: skip
# "ledgerlite is still going, no end date": a thing still running has no end date.
STILL_GOING = re.compile(rf"^{NAME}\s+is\s+still\s+(?:going|ongoing|running|active|live|on)(?:,?\s+(?:so\s+)?"
                         rf"(?:there(?:'s|\s+is)\s+)?no\s+end(?:\s+date)?)?$", re.I)  # fmt: skip
# "drop docker, I haven't touched it in years": the reason said after a removal is not part of what is removed.
REASON = re.compile(r"^(?P<ask>(?:remove|delete|drop|get\s+rid\s+of|take\s+out)\s+[^,]+?),\s+"
                    r"(?!.*\b(?:add|remove|delete|drop|change|update|set|replace|swap|put|rename|move)\b)(?:i\b|i'|it's|its\s|"
                    r"it\s+is|too\b|because|since|as\s|no\s+longer|not\s|they|that's|outdated|old\b|irrelevant).*$",
                    re.I)  # fmt: skip
# "I'm a career changer, so headline should say …": the request after "so".
SO_ASK = re.compile(r"^[^,]{3,60},\s+so\s+(?:(?:please|pls)\s+)?(?P<ask>\S.+)$", re.I)
