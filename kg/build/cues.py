"""Regenerate ``kg/extract/data/verbs.json``: verb cues for relation coding, from the CAMEO verb dictionary.

Source: ``CAMEO.2.0.txt`` of the Phoenix/PETRARCH dictionaries (Open Event Data Alliance, MIT
licence). Its verb blocks group synonyms under a CAMEO code, but mix in verbs that mislead a
pattern coder without a parser ("attire" and "render" under ARM, "match" and "stone" under
PHYSICAL_CONFLICT). So :data:`SELECTION` names, per kg relation, the blocks and the verbs taken
from them; every verb must exist in its block (the build fails otherwise), and its inflected forms
come from the dictionary's irregular forms or the regular English rules.

Usage::

    python -m kg.build.cues ../shared/reference/phoenix/CAMEO.2.0.txt > kg/extract/data/verbs.json
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

# relation -> [(block, [verbs from the block], CAMEO code for these verbs, or None for the block's)]
SELECTION: dict[str, list[tuple[str, list[str], str | None]]] = {
    "meets": [("MEET_PEOPLE", ["MEET", "MEET_WITH"], "040")],
    "communicatesWith": [
        ("MEET_PEOPLE", ["CONTACT", "COMMUNICATE_WITH"], "040"),
        ("CALL", ["PHONE", "TELEPHONE"], "041"),
    ],
    "negotiatesWith": [("BARGAIN", ["BARGAIN", "HAGGLE"], "046")],
    "visits": [("VISIT", ["VISIT"], "042")],
    "hosts": [("HOST", ["HOST"], "043")],
    "signsAgreementWith": [("AGREE", ["AGREE"], "030"), ("FORMALIZE", ["FORMALIZE"], "057")],
    "cooperatesWith": [
        ("COLLABORATE", ["COLLABORATE", "COOPERATE"], "050"),  # not CONCERT: "concerts" is a noun in news
        ("COORDINATE", ["COORDINATE"], "050"),
    ],
    "alliedWith": [("COLLABORATE", ["ALLY"], "062")],
    "alignsWith": [("COLLABORATE", ["SIDE_WITH"], "050")],
    "supports": [
        ("SUPPORT", ["SUPPORT", "BACK", "ENDORSE"], "051"),
        ("ACCLAIM", ["APPLAUD", "COMMEND", "CONGRATULATE", "HAIL", "PRAISE", "SALUTE", "WELCOME"], "051"),
        ("LAUD", ["LAUD"], "051"),
        ("APPRECIATE", ["APPRECIATE"], "051"),
        ("THANK", ["THANK"], "051"),
    ],
    "providesAidTo": [
        ("AID", ["AID", "ASSIST", "HELP"], "070"),
        ("FINANCE", ["FINANCE", "FUND", "BANKROLL"], "071"),
    ],
    "cooperatesEconomicallyWith": [("TRADE", ["TRADE"], "061")],
    "transfersArmsTo": [("ARM", ["ARM", "EQUIP"], "072")],
    "opposes": [
        (
            "DENOUNCE",
            ["CRITICISE", "CRITICIZE", "DENOUNCE", "CENSURE", "REBUKE", "CASTIGATE", "LAMBASTE", "REPRIMAND"],
            "111",
        ),
        ("DEPLORE", ["DEPLORE", "ABHOR"], "111"),
        ("DISAPPROVE", ["DECRY", "DISAPPROVE"], "110"),
        ("BLAME", ["ACCUSE", "BLAME"], "112"),
        ("BLAME", ["CONDEMN"], "111"),
    ],
    "threatens": [("THREATEN", ["THREATEN"], "130"), ("WARN", ["WARN"], "130")],
    "sanctions": [("BLACKLIST", ["BLACKLIST"], "163")],
    "attacks": [
        (
            "PHYSICAL_CONFLICT",
            ["ATTACK", "ASSAULT", "ASSAIL", "BATTLE", "CLASH", "COMBAT", "FIGHT", "STRIKE", "WAGE_WAR"],
            "190",
        ),
        ("AMBUSH", ["AMBUSH"], "190"),
        ("RAID", ["RAID"], "190"),
        ("TARGET", ["TARGET"], "190"),
        ("INVADE", ["INVADE"], "192"),
        ("BESIEGE", ["BESIEGE"], "191"),
        ("KILL", ["KILL", "MURDER"], "190"),
        ("MASSACRE", ["MASSACRE", "SLAUGHTER"], "202"),
        ("ASSASSINATE", ["ASSASSINATE"], "186"),
        ("KIDNAP", ["KIDNAP", "ABDUCT"], "181"),
        ("DESTROY", ["DEFEAT", "CRUSH", "DESTROY", "ERADICATE"], "190"),
        ("EXPLOSIVE_DESTRUCTION", ["BOMB", "BOMBARD"], "195"),
        ("GUNFIRE", ["SHELL"], "194"),
        ("SHOOT", ["SHOOT"], "190"),
    ],
}

_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_VERB = re.compile(r"^(\+?)([A-Z][A-Z_'-]*)\s*(?:\{([^}]*)\})?")


def parse_blocks(text: str) -> dict[str, dict[str, list[str]]]:
    """``{block: {VERB: [irregular forms]}}`` from the verb-pattern part of the dictionary."""
    blocks: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] | None = None
    for line in text.split("\n"):
        if m := _BLOCK.match(line):
            current = blocks.setdefault(m[1], {})
            continue
        if current is None or not line.strip() or line[0] in "#-":
            continue
        if m := _VERB.match(line.strip()):
            forms = [f.lstrip("+") for f in (m[3] or "").split()]
            current[m[2].rstrip("_")] = forms
    return blocks


def _regular(word: str) -> list[str]:
    w = word.lower()
    if w.endswith("ee"):
        past, ing = w + "d", w + "ing"
    elif w.endswith("e"):
        past, ing = w + "d", w[:-1] + "ing"
    elif w.endswith("y") and w[-2:-1] not in "aeiou":
        past, ing = w[:-1] + "ied", w + "ing"
    elif re.search(r"[^aeiou][aeiou][bdgmnprt]$", w) and len(w) <= 4:
        past, ing = w + w[-1] + "ed", w + w[-1] + "ing"
    else:
        past, ing = w + "ed", w + "ing"
    if re.search(r"(s|x|z|ch|sh)$", w):
        third = w + "es"
    elif w.endswith("y") and w[-2:-1] not in "aeiou":
        third = w[:-1] + "ies"
    else:
        third = w + "s"
    return [w, third, past, ing]


def inflect(verb: str, irregular: list[str]) -> list[str]:
    """All forms of a (possibly multi-word) verb, lower case, words separated by spaces."""
    words = verb.lower().split("_")
    if irregular:
        heads = [verb.lower().split("_")[0]] + [f.lower().split("_")[0] for f in irregular]
        heads += _regular(words[0])[1:2]  # third person singular is always regular
    else:
        heads = _regular(words[0])
    return sorted({" ".join([h, *words[1:]]) for h in heads})


def build(text: str) -> dict[str, object]:
    blocks = parse_blocks(text)
    forms: dict[str, list[str]] = {}
    for relation, choices in SELECTION.items():
        for block, verbs, code in choices:
            if block not in blocks:
                raise ValueError(f"no block {block} in the verb dictionary")
            for verb in verbs:
                if verb not in blocks[block]:
                    raise ValueError(f"verb {verb} is not in block {block}")
                for form in inflect(verb, blocks[block][verb]):
                    forms.setdefault(form, [relation, code or "", f"{block}/{verb}"])
    return {
        "format": "kg-verb-cues",
        "version": 1,
        "attribution": "Verb synonym sets from CAMEO.2.0.txt of the Phoenix/PETRARCH dictionaries, "
        "Open Event Data Alliance, MIT licence; selection by kg.",
        "forms": dict(sorted(forms.items())),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    data = build(Path(argv[0]).read_text(encoding="utf-8", errors="replace"))
    sys.stdout.write(json.dumps(data, indent=0, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
