"""The phrases that tell what an agency's reply means, as compiled patterns. PURE: data only.

Each rule names a response kind (foia.responses.kinds.ResponseKind) or one of two interim
tags that foia.inbound.suggest resolves: "withheld" (partial release or denial, depending on
whether records came with it) and "completed" (the agency says the request is done).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from foia.responses.kinds import ResponseKind


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _any(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), re.I)


@dataclass(frozen=True)
class Rule:
    """Patterns that suggest one kind, and the vetoes that cancel them in the same sentence."""

    kind: str
    likely: re.Pattern[str]
    possible: re.Pattern[str] | None = None
    veto: re.Pattern[str] | None = None
    #: A sentence that starts with "if" describes what might happen, not what did.
    skip_conditional: bool = True


# ---------------------------------------------------------------- where the reply ends ---

#: Lines after which everything is quoted history (our own letter, most often).
QUOTE_START = _any(
    r"^\s*-{2,}\s*(original|forwarded) message\s*-{2,}",
    r"^\s*_{8,}\s*$",
    r"^\s*begin forwarded message",
    r"^\s*on\b.{0,200}\bwrote:\s*$",
)
#: "From: ..." opens a quoted header block when "Sent:" / "Date:" / "To:" follows it.
FROM_LINE = re.compile(r"^\s*\*?from:\*?\s", re.I)
HEADER_LINE = re.compile(r"^\s*\*?(sent|date|to|cc|subject):", re.I)
SIGNATURE_MARK = re.compile(r"^--\s*$")

#: Words whose trailing period does not end a sentence ("G.L. c. 4", "Gov. Code", "No. 5").
ABBREVIATIONS = frozenset(
    _words(
        "mr mrs ms dr st no nos c cl ch sec secs gen gov pub off stat cmr jan feb mar apr jun "
        "jul aug sep sept oct nov dec e.g i.e etc inc dept approx vs v p pp art para subd ave rd "
        "sgt lt capt det ofc atty asst div est ext tel fig vol rev u.s u.s.c g.l m.g.l n.y cal mass"
    )
)

# ------------------------------------------------------------------- sentence vetoes ---

#: Email disclaimers ("... exempt from disclosure under applicable law") are not decisions.
DISCLAIMER = _any(
    r"\bintended recipient",
    r"\bconfidentiality notice\b",
    r"\bthis (e-?mail|message|communication)\b[^.]{0,80}\bcontains?\b",
    r"\bprivileged (and|or) confidential\b",
)
CONDITIONAL = re.compile(r"^\W*(if|should|in the event|unless|whether)\b", re.I)
#: Out-of-office replies: "received" there means the mailbox, not the request.
OUT_OF_OFFICE = _any(
    r"\bout of (the )?office\b",
    r"\bon (vacation|annual leave|leave|holiday)\b",
    r"\b(limited|no|without) access to (my )?e-?mail\b",
    r"\baway from (the|my) (office|desk)\b",
    r"\bautomatic reply\b",
    r"\bauto-?reply\b",
)

# ------------------------------------------------------------------------- the rules ---

_NEG = r"\b(not|n't|never|no)\b"
ACKNOWLEDGEMENT = Rule(
    ResponseKind.ACKNOWLEDGEMENT,
    likely=_any(
        r"\b(acknowledg\w*|confirm\w*)\s+(the\s+)?receipt\b",
        r"\bthis (e-?mail|letter|message|notice) (is to )?(confirm|acknowledge)s?\b",
        r"\brequests?\b[^.]{0,80}?\b(has|have|was|is)\s+(been\s+)?(successfully\s+)?"
        r"(received|logged|submitted|created|entered|assigned|opened|registered)\b",
        r"\b(received|in receipt of)\b[^.]{0,40}\b(your|the|this)\b[^.]{0,40}\brequest",
        r"\b(case|ticket|request)\b[^.]{0,40}\b(has been|was) (opened|created)\b",
        # The whole sentence: "Received, thank you." / "Request received."
        r"^\W*(your\s+|the\s+)?(request\s+)?received(\s+and\s+(noted|logged|forwarded))?"
        r"(\W+(thanks?|thank you)\b)?\W*$",
    ),
    possible=_any(
        r"\bthank(s| you) for (submitting |sending |filing )?your\b[^.]{0,40}\brequest\b"
    ),
    veto=_any(r"\b(not|n't|never)\s+(yet\s+)?(been\s+)?received\b", r"\bhave not received\b"),
    skip_conditional=True,
)
FEE = Rule(
    ResponseKind.FEE_ESTIMATE,
    # Fee sentences also need an amount; see foia.inbound.suggest.
    likely=_any(
        r"\b(fees?|costs?|charges?|charged|estimated?|payment|pay|prepayment|deposit|invoice|"
        r"total|due|remit|owe)\b"
    ),
    possible=_any(r"\b(fee|cost) estimate\b", r"\bestimated (fee|cost)s?\b"),
    veto=_any(
        r"\bno (fees?|charges?|costs?)\b",
        r"\bfree of charge\b",
        r"\b(fees?|charges?|costs?) (will|would|shall) not\b",
        r"\bwithout (any )?(charge|cost|fee)",
        r"\bnot (be )?charg",
        r"\b(fees?|charges?) (are|is|have been|has been) waived\b",
        r"\bno (fees?|charges?) (have|has) been assessed\b",
    ),
    skip_conditional=False,
)
EXTENSION = Rule(
    ResponseKind.EXTENSION,
    likely=_any(
        r"\bextend(s|ed|ing)?\b",
        r"\bextension\b",
        r"\b(additional|further|more|extra)\s+time\b",
        r"\b(additional|further|extra)\s+(\S+\s+){1,2}(business |working |calendar )?days\b",
        r"\b(need|needs|require|requires)\s+until\b",
        r"\bestimated (a |the )?(response|completion|production) date\b",
        # NextRequest: "The due date for record request #24-118 has been changed to ...".
        r"\b(due|response|completion) date\b[^.]{0,60}\b(has been|was|is now) (changed|moved"
        r"|reset|updated|revised) to\b",
    ),
    # With a date: "we anticipate responding on or before ..."; see foia.inbound.suggest.
    possible=_any(
        r"\b(anticipat|expect|estimat|project|target)\w*\b",
        r"\b(will|shall)\s+(\w+\s+){0,3}(provide|produce|respond|complete|issue|send)\w*\b"
        r"[^.]{0,80}\b(by|on or before|no later than)\b",
    ),
    veto=_any(
        r"\bno (extension|additional time|further time)\b",
        r"\b(not|n't)\s+(anticipate|expect|need|require)\w*\s+(needing\s+|any\s+|an\s+)*"
        r"(extension|additional time|more time)",
        r"\b(ext\.?|extension)\s*#?\s*\d{3,5}\b",
        r"\bhear from you\b",
        r"\b(your|the) (payment|reply)\b",
        r"\byour (response|answer)\b",
        r"\bwithdrawn\b",
        r"\bremit\b",
        # The statute's promise: "notify you within ten business days if it needs more time".
        r"\bif\b[^.]{0,60}\b(need|needs|require|requires)\b[^.]{0,20}\b(more|additional|further"
        r"|extra) time\b",
    ),
)
CLARIFICATION = Rule(
    ResponseKind.CLARIFICATION,
    likely=_any(
        r"\bclarif(y|ication)\b",
        r"\b(could|can|would|will) you\b[^.?]{0,60}\b(narrow|specify|clarify|identify|indicate"
        r"|confirm (whether|which|what|if))\b",
        r"\bplease (specify|clarify|narrow|identify|indicate|confirm (whether|which|what)"
        r"|let (us|me) know (which|what|whether))\b",
        r"\b(need|require)s?\s+(more|additional|further)\s+(information|details?|specifics)\b",
        r"\bplease provide (more|additional|further) (specific )?(information|details?)\b",
        r"\bdoes not reasonably describe\b",
        r"\b(are|do|did) you\s+(\w+\s+)?(seeking|looking for|requesting|want|wish|mean|referring"
        r"|interested)\b[^.?]*\?",
        r"\bunable to (process|identify|locate|search)\b[^.]{0,60}\bas (written|submitted|worded)",
    ),
    possible=_any(r"\b(too|overly) broad\b"),
    veto=_any(
        r"\bno (further )?clarification\b",
        r"\b(not|n't)\s+need\w*\s+(any\s+)?(further\s+)?clarification",
        r"\b(thank\w*|appreciate)\b[^.]{0,30}\bclarif",
        r"\b(wish|like|want)\w*\s+(us\s+)?to proceed\b",
    ),
)
DENIAL = Rule(
    ResponseKind.DENIAL,
    likely=_any(
        r"\b(is|are|be|been|hereby)\s+(respectfully\s+)?denied\b",
        r"\bden(y|ies|ying)\s+(your|the|this)\s+(\w+\s+){0,3}request",
        r"\bwithh(old|olding|eld)\b[^.]{0,60}\bin (full|(its|their) entirety)\b",
        r"\bwithholding all\b",
        r"\bexempt from (public )?disclosure in (its|their) entirety\b",
        r"\bdecline[sd]?\s+to\s+(produce|release|provide|disclose)\b",
    ),
    veto=_any(
        rf"{_NEG}\s+(\w+\s+)?(deny|denying|denied|withhold\w*)\b",
        r"\bwaiver\b",
        r"\bnothing (has been|was|is) withheld\b",
    ),
)
PARTIAL = Rule(
    ResponseKind.PARTIAL_RELEASE,
    likely=_any(
        r"\b(withh\w+|redact\w*|releas\w+|grant\w*|den\w+|produc\w+)\b[^.]{0,40}\bin part\b",
        r"\bredact(ed|ion|ions|ing)?\b",
        r"\bportions?\b[^.]{0,80}\b(withheld|redacted|exempt|excised)\b",
        r"\b(deletions|excisions) (have been|were) made\b",
        r"\bpartial(ly)? (grant|den|releas)\w*",
    ),
    veto=_any(
        r"\bno (redactions?|portions?)\b",
        r"\bnothing (has been|was|is) (withheld|redacted)\b",
        r"\bwithout redaction",
        r"\b(will|would|shall|must|may)\s+(\w+\s+)?be\s+(redact|withh)\w*",
        r"\$|\bhours?\b|\bfees?\b",
        rf"{_NEG}\s+(been\s+)?(redact|withh)\w*",
    ),
)
WITHHELD = Rule(
    "withheld",
    likely=_any(r"\b(has|have|was|were|are|is|being) (been )?withheld\b"),
    veto=_any(rf"{_NEG}\s+(\w+\s+)?(been\s+)?withheld\b", r"\bnothing\b"),
)
NO_RECORDS = Rule(
    ResponseKind.NO_RECORDS,
    likely=_any(
        r"\bno\s+(\w+\s+){0,2}(records|documents|materials)\b",
        r"\b(did not|does not|do not|could not|was unable to|were unable to|unable to|"
        r"did not)\s+(locate|find|reveal|identify|possess|maintain|have|hold|uncover|retain)\b"
        r"[^.]{0,60}\b(records?|documents?|anything|materials)\b",
        r"\bnot in (the|its|our) (custody|possession)\b",
        r"\b(found|located|identified|revealed|returned)\s+no\s+(\w+\s+){0,2}(records|documents"
        r"|materials|results|hits|matches)\b",
        r"\bnothing (responsive|relevant)\b",
    ),
    possible=_any(
        r"\bnot the (custodian|keeper)\b",
        r"\b(were|have been|was|has been) destroyed\b",
    ),
    veto=_any(
        r"\bno\s+(\w+\s+)?(records|documents)\b[^.]{0,20}\b(were|was|will be|have been)\s+"
        r"(withheld|redacted)",
        r"\bno (records|documents) (will|would) be\b",
    ),
)
PRODUCED = Rule(
    ResponseKind.FINAL_RESPONSE,
    likely=_any(
        r"\b(attached|enclosed|attaching|enclosing|uploaded|produc(ed|ing)|releas(ed|ing)"
        r"|available (for download|at|on|via|through))\b[^.]{0,100}\b(records?|documents?|files?"
        r"|materials?|responsive|polic(y|ies)|contracts?|copies|pages)\b",
        r"\b(records?|documents?|files?|materials?|responsive|polic(y|ies)|contracts?|copies"
        r"|pages)\b[^.]{0,100}\b(are|is|were|have been|has been)\s+(now\s+)?(attached|enclosed"
        r"|uploaded|produced|released|available|provided)\b",
        r"\b(has|have)\s+(now\s+)?provided\b[^.]{0,60}\b(records?|documents?|files?|materials?"
        r"|responsive|copies|pages)\b",
    ),
    veto=_any(
        r"\b(will|would|shall|can|could)\s+(\w+\s+)?(be\s+)?(provided|released|sent|produced"
        r"|emailed|uploaded|available|forward\w*|produce|release|send)\b",
        r"\bonce\b",
        r"\bupon (receipt|payment)\b",
        r"\bas soon as\b",
        r"\b(letter|petition|estimate|invoice|response)\b(?!\w)",
        r"\b(before|until|when|after)\s+(the\s+|any\s+|your\s+)?(records?|documents?|files?)\s+"
        r"(are|is|have been|has been)\b",
    ),
)
COMPLETED = Rule(
    "completed",
    likely=_any(
        r"\b(this|which) (completes|concludes|closes|fulfills)\b",
        r"\b(request|matter)\b[^.]{0,20}\b(is|has been|will (now )?be) (now )?"
        r"(closed|completed|fulfilled)\b",
        r"\bfinal response\b",
    ),
)

RULES: tuple[Rule, ...] = (
    ACKNOWLEDGEMENT,
    FEE,
    EXTENSION,
    CLARIFICATION,
    DENIAL,
    PARTIAL,
    WITHHELD,
)
RULES += (NO_RECORDS, PRODUCED, COMPLETED)

# ------------------------------------------------------------------------ the values ---

#: "$1,234.50", "$ 310", "USD 75", "48 dollars".
AMOUNT = re.compile(
    r"(?:\$\s?|\bUSD\s?)(?P<a>\d{1,3}(?:,\d{3})+|\d+)(?P<c>\.\d{2})?\b"
    r"|\b(?P<b>\d{1,3}(?:,\d{3})+|\d+)(?P<d>\.\d{2})?\s+(?:dollars|USD)\b",
    re.I,
)
#: An amount that is a rate ("$25.00/hour", "$0.15 per page"), not a fee.
RATE_AFTER = re.compile(r"^\s*(/|per\b|an? (hour|page)|each\b)", re.I)
#: An amount that is a threshold ("fees over $50"), not a fee.
THRESHOLD_BEFORE = re.compile(
    r"\b(over|exceed\w*|in excess of|more than|greater than|above|under|less than|below)\s*$",
    re.I,
)

_SMALL = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
_SMALL += " fifteen sixteen seventeen eighteen nineteen twenty"
NUMBER_WORDS = {w: n for n, w in enumerate(_words(_SMALL))} | {
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
}
_NUM = r"(?P<n>\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
#: "an additional 10 business days", "thirty (30) days", "a 10-day extension".
DAYS = re.compile(
    _NUM + r"(?:\s*\((?P<p>\d{1,3})\))?[\s-]+(?:(?:business|working|work|calendar)[\s-]+)?days?\b",
    re.I,
)
#: Words just before a number of days that make it the extension, not the statutory period.
DAYS_CUE_BEFORE = re.compile(
    r"\b(additional|further|more|extra|another|by|of|up to|extend\w*|extension)\W+(\w+\W+)?$",
    re.I,
)
DAYS_CUE_AFTER = re.compile(r"^\W*(extension|additional|more)\b", re.I)

_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATES = (
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s*(?P<year>\d{4})\b)?", re.I),
    re.compile(
        r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b",
        re.I,
    ),
    re.compile(r"\b(?P<m>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4}|\d{2})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<m>\d{2})-(?P<day>\d{2})\b"),
)
MONTHS = {m: i for i, m in enumerate(_words("jan feb mar apr may jun jul aug sep oct nov dec"), 1)}

# ----------------------------------------------------------------- tracking numbers ---

#: A labelled number: "tracking number FOIA-2026-00123", "Request #24-118", "Case #: 00982731".
TRACKING_LABELLED = re.compile(
    r"\b(?:tracking|reference|request|confirmation|case|ticket|control|file|log|matter)\s*"
    r"(?:number|no\.|num\.|#|id\b)\s*(?:is\s+)?[:#]?\s*(?P<n>[A-Z0-9][A-Z0-9_/.-]*)",
    re.I,
)
#: Shapes of request-tracking portals, without a label.
TRACKING_SHAPES = (
    re.compile(r"\b[A-Z]\d{5,7}-\d{6}\b"),  # NextRequest / GovQA: P012345-112626
    re.compile(r"\b(?:FOIA|FOIL|FOIPA|PRR|PRA|ORR|RTK|OPRA|CPRA|KORA|PIA)-?\d{2,4}-\d{2,7}\b"),
    re.compile(r"\b\d{4}-(?:FOIA|FOIL|PRR|PRA|ORR|RTK)-\d{2,7}\b"),
)
NOT_TRACKING = re.compile(r"^(\d{1,2}/\d{1,2}/\d{2,4}|\d{3}-\d{3}-\d{4}|\d{4}-\d{2}-\d{2})$")

# ------------------------------------------------------------------------ attachments ---

RECORD_EXTENSIONS = frozenset(
    _words("pdf xlsx xls csv docx doc zip txt msg eml pptx ppt rtf odt ods")
)
#: Attachment names that are the agency's letter about the request, not records.
NOT_RECORDS = re.compile(
    r"\b(letter|acknowledge?ment|acknowledg\w*|estimate|invoice|petition|receipt|notice"
    r"|response|determination|appeal|fee|w ?9|signature|logo|banner|image\d*"
    r"|denial|denied|extension|clarification)\b",
    re.I,
)

#: What an agency's letter says, from its file name, when the email around it says nothing
#: ("Please see the attached response."): (kind, pattern), the first match wins.
LETTER_NAMES = (
    (
        ResponseKind.PARTIAL_RELEASE,
        _any(
            r"\bpartial(ly)?\s+(denial|denied|release|released|grant|granted|response)\b",
            r"\bredact(ed|ions?)\b",
        ),
    ),
    (ResponseKind.DENIAL, _any(r"\bdenial\b", r"\bdenied\b")),
    (ResponseKind.NO_RECORDS, _any(r"\bno (responsive )?records\b")),
    (ResponseKind.EXTENSION, _any(r"\bextension\b")),
    (ResponseKind.CLARIFICATION, _any(r"\bclarification\b")),
    (ResponseKind.FEE_ESTIMATE, _any(r"\b(fee|cost)s? estimate\b", r"\binvoice\b")),
)

# ------------------------------------------------------------------------ exemptions ---

#: A jurisdiction's short forms: a pattern whose match yields codes through `build`.
#: The letters in a list of MA clauses: "(a) and (n)", "F".
MA_LETTER = re.compile(r"\(\s*([a-uA-U])\s*\)|\b([A-U])\b")
MA_LETTER_CUE = re.compile(
    r"\b(?:exemptions?|clauses?|subclauses?|cl\.|twenty-?sixth)\s*"
    r"(?P<list>(?:\(\s*[a-u]\s*\)|[A-U]\b)(?:\s*(?:,|and|or|&|,\s*and)\s*(?:\(\s*[a-u]\s*\)|[A-U]\b))*)",
    re.I,
)
MA_CORI = _any(
    r"\bCORI\b",
    r"\bcriminal offender record information\b",
    r"\bc\.\s*6,?\s*§§?\s*1(6[7-9]|7[0-8])\b",
)
_US_ITEM = r"(?:\(b\))?\(?\d\)?(?:\s*\(\s*[A-F]\s*\))?(?!\s*U\.?\s*S)"
US_SHORT = re.compile(
    rf"\bexemptions?\s+(?P<list>{_US_ITEM}(?:\s*(?:,|and|or|&|,\s*and)\s*{_US_ITEM})*)", re.I
)
US_ITEM = re.compile(r"(?:\(b\))?\(?(?P<d>\d)\)?(?:\s*\(\s*(?P<l>[A-F])\s*\))?", re.I)
US_B = re.compile(r"\bb\)?\s*\(?(?P<d>\d)\)?\s*(?:\(?(?P<l>[A-F])\)?)?(?![\w])", re.I)
#: California's Public Records Act was renumbered in 2023; old citations still appear.
CA_OLD_SECTIONS = {
    "7923.600": re.compile(r"\b6254\s*\(\s*f\s*\)"),
    "7922.000": re.compile(r"\b6255\b"),
    "7927.705": re.compile(r"\b6254\s*\(\s*k\s*\)"),
}
