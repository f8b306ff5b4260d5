"""Build the actor gazetteer ``kg/extract/data/gazetteer.json``.

Inputs: the Phoenix/PETRARCH actor and agent dictionaries of the Open Event Data Alliance (MIT
licence; ``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``,
``Phoenix.MilNonState.actors.txt``, ``Phoenix.agents.txt``) and the curated facts of
``kg/build/curated_actors.yaml``. Curated names win over Phoenix names: a phrase that a curated
entity claims is never indexed for a Phoenix entity. The output is deterministic (sorted keys, no
timestamps); its format is described in :mod:`kg.extract.gazetteer`.

Usage::

    python -m kg.build.gazetteer --phoenix ../shared/reference/phoenix \\
        --out kg/extract/data/gazetteer.json
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kg.extract.gazetteer import KINDS, norm_token, person_surnames, phrase_key, tokenize

CURATED = Path(__file__).with_name("curated_actors.yaml")
FORMAT_VERSION = 1
ATTRIBUTION = (
    "Derived from the Phoenix/PETRARCH actor and agent dictionaries of the Open Event Data "
    "Alliance (MIT licence, Copyright (c) 2014 Open Event Data), with curated additions by the kg "
    "developers."
)
# Persons whose Phoenix codes all ended before this day are left out.
PERSON_CUTOFF = date(1990, 1, 1)

KIND_RANK = {
    "Country": 0,
    "IntergovernmentalOrganization": 1,
    "City": 2,
    "ArmedGroup": 3,
    "Legislature": 4,
    "MilitaryOrganization": 4,
    "GovernmentOrganization": 4,
    "Publisher": 5,
    "Organization": 5,
    "Place": 6,
    "Person": 7,
}
VIA_RANK = {"n": 0, "a": 0, "d": 1, "c": 0, "s": 2}
GENERIC_SLOTS = {
    "government": ("GovernmentOrganization", "Government of {name}"),
    "legislature": ("Legislature", "Legislature of {name}"),
    "armed-forces": ("MilitaryOrganization", "Armed forces of {name}"),
    "foreign-ministry": ("GovernmentOrganization", "Ministry of Foreign Affairs of {name}"),
    "defence-ministry": ("GovernmentOrganization", "Ministry of Defence of {name}"),
}
LEGISLATURE_SLOTS = {"legislature", "lower-house", "upper-house"}
MILITARY_SLOTS = {
    "armed-forces",
    "army",
    "navy",
    "air-force",
    "marines",
    "security-forces",
    "general-staff",
    "revolutionary-guards",
    "special-forces",
    "national-guard",
    "coast-guard",
    "strategic-forces",
    "carabinieri",
    "counter-terrorism-service",
    "central-military-commission",
    "border-security-force",
}
MILITARY_SUFFIXES = (
    "-forces",
    "-force",
    "-army",
    "-navy",
    "-guard",
    "-guards",
    "-fleet",
    "-command",
    "-corps",
    "-legion",
    "-service-forces",
)
SECTOR_SLOTS = {
    "LEG": "legislature",
    "MIL": "armed-forces",
    "SPY": "intelligence",
    "COP": "police",
    "JUD": "judiciary",
    "GOV": "government",
}
SECTOR_TITLES = {
    "GOV": "Government official",
    "MIL": "Military officer",
    "LEG": "Legislator",
    "JUD": "Judicial official",
    "SPY": "Intelligence official",
    "COP": "Police official",
}
SECTOR_KINDS = {
    "GOV": "GovernmentOrganization",
    "LEG": "Legislature",
    "MIL": "MilitaryOrganization",
    "SPY": "GovernmentOrganization",
    "COP": "GovernmentOrganization",
    "JUD": "GovernmentOrganization",
    "REB": "ArmedGroup",
    "INS": "ArmedGroup",
    "UAF": "ArmedGroup",
    "SEP": "ArmedGroup",
    "MED": "Publisher",
}
SECTORS = frozenset(
    {
        "GOV",
        "MIL",
        "LEG",
        "JUD",
        "SPY",
        "COP",
        "OPP",
        "ELI",
        "REB",
        "BUS",
        "MED",
        "EDU",
        "HLH",
        "AGR",
        "DEV",
        "LAB",
        "ENV",
        "HRI",
        "REF",
        "REL",
        "MUS",
        "CHR",
        "CVL",
        "NGO",
        "IGO",
        "UAF",
        "INS",
        "SEP",
        "PTY",
        "CRM",
        "RAD",
        "SET",
        "JEW",
        "HIN",
        "BUD",
        "MOD",
        "IMG",
    }
)
PARTICLES = frozenset(
    {
        "al",
        "el",
        "bin",
        "ibn",
        "von",
        "van",
        "de",
        "der",
        "den",
        "da",
        "di",
        "du",
        "la",
        "le",
        "del",
        "dos",
        "das",
        "ter",
        "y",
        "of",
        "the",
        "and",
        "for",
        "on",
        "in",
        "at",
        "to",
        "d",
    }
)
VOWELS = frozenset("aeiouy")


# ---------------------------------------------------------------------------------------------
# Phoenix dictionaries
# ---------------------------------------------------------------------------------------------


@dataclass
class Code:
    """A Phoenix code with its optional date restriction."""

    code: str
    start: date | None
    end: date | None
    dated: bool


@dataclass
class Block:
    """A Phoenix actor record: phrases sharing the same codes."""

    phrases: list[str]
    codes: list[Code] = field(default_factory=list)


_CODE_RE = re.compile(r"\[([^\]]*)\]")


def parse_phoenix_date(text: str) -> date | None:
    """``YYMMDD`` or ``YYYYMMDD`` (two-digit years up to 30 are 20xx); None if invalid.

    >>> parse_phoenix_date("080507")
    datetime.date(2008, 5, 7)
    """
    text = text.strip()
    if not text.isdigit() or len(text) not in (6, 8):
        return None
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
    else:
        year = int(text[:4])
    month, day = int(text[-4:-2]), int(text[-2:])
    for candidate in (day, 30, 29, 28):
        if candidate <= day:
            try:
                return date(year, month, candidate)
            except ValueError:
                continue
    return None


def parse_code(content: str) -> Code | None:
    """Parse the inside of ``[CODE dates]``; None if the dates are invalid.

    >>> parse_code("RUSGOV >080508")
    Code(code='RUSGOV', start=datetime.date(2008, 5, 8), end=None, dated=True)
    """
    parts = content.split()
    if not parts:
        return None
    code, rest = parts[0], "".join(parts[1:])
    if not rest:
        return Code(code, None, None, False)
    if rest[0] in "<>":
        when = parse_phoenix_date(rest[1:])
        if when is None:
            return None
        return Code(code, when, None, True) if rest[0] == ">" else Code(code, None, when, True)
    first, _, second = rest.partition("-")
    start, end = parse_phoenix_date(first), parse_phoenix_date(second)
    if start is None or end is None or end < start:
        return None
    return Code(code, start, end, True)


def parse_actor_file(path: Path) -> list[Block]:
    """Read a PETRARCH actor dictionary into blocks of phrases and codes.

    As in PETRARCH, consecutive primary phrases share the codes that follow them; ``+`` lines
    are synonyms, bracketed codes may follow a phrase or stand on their own (tab-indented) line.

    >>> parse_actor_file(Path(".../Phoenix.Countries.actors.txt"))[0].phrases[:2]  # doctest: +SKIP
    ['AFGHANISTAN_', 'AFGHAN_']
    """
    blocks: list[Block] = []
    current: Block | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stripped = raw.split("#", 1)[0].strip()
        if not stripped:
            continue
        codes = [c for c in map(parse_code, _CODE_RE.findall(stripped)) if c is not None]
        text = _CODE_RE.sub(" ", stripped).strip()
        if stripped.startswith("["):
            if current is not None:
                current.codes.extend(codes)
        elif stripped.startswith("+"):
            if current is not None:
                if text[1:].strip():
                    current.phrases.append(text[1:].strip())
                current.codes.extend(codes)
        else:
            if current is None or current.codes:
                current = Block([])
                blocks.append(current)
            if text:
                current.phrases.append(text)
            current.codes.extend(codes)
    return [b for b in blocks if b.phrases]


def parse_agents(path: Path) -> list[tuple[str, str]]:
    """Read ``Phoenix.agents.txt``: ``(phrase, code)`` pairs, with plurals and ``!X!`` sets.

    >>> ("PARLIAMENTS", "~LEG") in parse_agents(Path(".../Phoenix.agents.txt"))  # doctest: +SKIP
    True
    """
    substitutions: dict[str, list[str]] = {}
    out: list[tuple[str, str]] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("<"):
            continue
        if "!" in line and "=" in line:
            marker, _, values = line.partition("=")
            substitutions[marker.strip().strip("!")] = [v.strip() for v in values.split(",")]
            continue
        match = _CODE_RE.search(line)
        if match is None:
            continue
        code = match.group(1).strip()
        body = line[: match.start()].strip()
        for phrase in _expand_markers(body, substitutions):
            out.extend((p, code) for p in _with_plural(phrase))
    return out


def _expand_markers(body: str, substitutions: dict[str, list[str]]) -> list[str]:
    match = re.search(r"!([A-Z]+)!", body)
    if match is None:
        return [body]
    values = substitutions.get(match.group(1), [])
    return [body[: match.start()] + v + body[match.end() :] for v in values]


def _with_plural(body: str) -> list[str]:
    brace = re.search(r"\{([^}]*)\}", body)
    if brace is not None:
        singular = body[: brace.start()].strip()
        plural = brace.group(1).strip()
        return [singular, plural] if plural else [singular]
    word = body.strip().rstrip("_")
    if not word:
        return []
    if word.endswith("Y") and not word.endswith(("AY", "EY", "OY")):
        plural = word[:-1] + "IES"
    elif word.endswith(("S", "SH", "CH", "X")):
        plural = word + "ES"
    else:
        plural = word + "S"
    return [word, plural]


# ---------------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """Lowercase ASCII slug.

    >>> slug("National Assembly of Pakistan")
    'national-assembly-of-pakistan'
    """
    return "-".join(norm_token(t) for t in re.findall(r"[^\W_]+", text)) or "x"


def clean_phrase(raw: str) -> str:
    """Phoenix phrase to plain words: ``_`` to spaces, braces, parentheses and "the" removed.

    >>> clean_phrase("THE_ISLAMIC_ARMY_OF_ADEN_(IAA)_")
    'ISLAMIC ARMY OF ADEN'
    """
    text = re.sub(r"\{[^}]*\}|\([^)]*\)", " ", raw.replace("_", " "))
    text = re.sub(r"\s+", " ", text).strip(" -")
    return re.sub(r"^(?i:the)\s+", "", text)


def parenthesised(raw: str) -> list[str]:
    """Acronyms written in parentheses in a Phoenix phrase: ``..._(AAIA)_`` -> ``["AAIA"]``."""
    return [m for m in re.findall(r"\(([A-Z][A-Z0-9.&/-]{1,7})\)", raw.replace("_", " "))]


def case_mask(surface: str) -> str:
    """The case mask of an alias as written in normal capitalisation.

    >>> case_mask("Ban Ki-moon"), case_mask("U.S."), case_mask("al-Qaeda"), case_mask("LeT")
    ('CC.', 'XX', '..', 'M')
    """
    mask = []
    prev_end = -1
    for begin, end, tok in tokenize(surface):
        gap = surface[prev_end:begin] if prev_end >= 0 else ""
        prev_end = end
        if tok.isupper() and any(c.isalpha() for c in tok) and (len(tok) > 1 or "." in surface):
            mask.append("X")
        elif sum(c.isupper() for c in tok) >= 2 and not tok.startswith(("Mc", "Mac")):
            mask.append("M")
        elif not tok[0].isupper() or gap.strip(" ") in ("-", "'", "\u2019", "\u2010"):
            mask.append(".")
        else:
            mask.append("C")
    return "".join(mask)


def titlecase(phrase: str, acronyms: frozenset[str], acronym_tokens: bool = False) -> str:
    """Normal capitalisation of an upper-case Phoenix phrase.

    >>> titlecase("BASHAR AL-ASSAD", frozenset())
    'Bashar al-Assad'
    """
    out = []
    for index, word in enumerate(phrase.split()):
        if index > 0 and word.lower() in PARTICLES:
            out.append(word.lower())
        elif word.upper() in acronyms or (acronym_tokens and _looks_acronym(word)):
            out.append(word.upper())
        else:
            parts = re.split(r"([-'\u2019])", word)
            out.append("".join(_title_part(parts, k, index == 0) for k in range(len(parts))))
    return " ".join(out)


def _title_part(parts: list[str], k: int, first_word: bool) -> str:
    """One hyphen- or apostrophe-separated part of a word, in normal capitalisation."""
    part = parts[k]
    low = part.lower()
    if not part or part in ("-", "'", "\u2019"):
        return part
    if "." in part or (len(part) > 1 and part.isalpha() and not set(low) & VOWELS):
        return part.upper()
    if low in PARTICLES and k + 1 < len(parts) and not (first_word and k == 0):
        return low
    if k > 0 and parts[k - 1] in ("'", "\u2019") and len(part) == 1:
        return low
    cap = low[:1].upper() + low[1:]
    if cap.startswith("Mc") and len(cap) > 2:
        cap = "Mc" + cap[2].upper() + cap[3:]
    return cap


def _looks_acronym(word: str) -> bool:
    letters = word.replace(".", "").replace("&", "")
    return letters.isalnum() and len(letters) <= 6 and word.upper() == word


def split_dsl(value: str) -> list[str]:
    return [p.strip() for p in value.split(";") if p.strip()]


def iso(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


# ---------------------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------------------


@dataclass
class Alias:
    surface: str
    via: str
    tier: int


@dataclass
class Ent:
    """An entity under construction."""

    key: str
    kind: str
    label: str
    tier: int
    iso3: str | None = None
    country: str | None = None
    aliases: dict[str, Alias] = field(default_factory=dict)
    offices: list[tuple[str, str | None, str | None, str | None, str | None]] = field(default_factory=list)
    is_capital: bool = False
    surnames: list[str] = field(default_factory=list)
    surname_override: str | None = None

    def add_alias(self, surface: str, via: str = "n", tier: int | None = None) -> None:
        surface = surface.strip()
        if surface and surface not in self.aliases:
            self.aliases[surface] = Alias(surface, via, self.tier if tier is None else tier)

    def record(self, titles: dict[str, int]) -> list[Any]:
        """Compact record: ``[kind, label, aliases, iso3, country, offices, capital, surname]``.

        ``kind`` is an index into :data:`kg.extract.gazetteer.KINDS`, office titles are indexes
        into the ``office_titles`` table, trailing empty fields are left out.
        """
        aliases = sorted({a.surface for a in self.aliases.values()} - {self.label})
        offices = [[titles[o[0]], o[1], o[2], o[3], o[4]] for o in sorted(self.offices, key=_office_sort)]
        out: list[Any] = [
            KINDS.index(self.kind),
            self.label,
            aliases,
            self.iso3,
            self.country,
            offices,
            1 if self.is_capital else 0,
            self.surname_override,
        ]
        while len(out) > 2 and out[-1] in (None, 0, []):
            out.pop()
        return out


def _office_sort(o: tuple[str, str | None, str | None, str | None, str | None]) -> tuple[str, ...]:
    return (o[3] or "", o[0], o[1] or "", o[2] or "", o[4] or "")


@dataclass
class Lexicon:
    """Curated vocabulary used both by the builder and at run time."""

    titles: dict[str, list[str]]
    honorifics: list[str]
    role_persons: list[str]
    roles: dict[str, str]
    role_stop: set[str]
    slot_fallback: dict[str, str]
    title_slots: dict[str, str]
    org_words: set[str]
    role_words: set[str]
    geo_words: set[str]
    blacklist: set[str]
    surname_stop: set[str]
    surname_words: set[str]
    name_filler: set[str]


class Builder:
    """Collects curated and Phoenix entities, then writes the gazetteer JSON."""

    def __init__(self, curated: dict[str, Any]) -> None:
        self.curated = curated
        self.ents: dict[str, Ent] = {}
        self.local: dict[str, dict[str, str]] = {}
        self.slots: dict[str, dict[str, str]] = {}
        self.leaders: dict[str, list[list[str | None]]] = {}
        self.noindex: set[str] = set()
        self.licensors: dict[str, list[str]] = {}
        self.holders: dict[str, dict[str, list[list[Any]]]] = {}
        self.country_names: dict[str, set[str]] = {}
        self.claimed: set[str] = set()
        self.code_orgs: dict[str, str] = {}
        self.lex = _lexicon(curated)
        self.acronyms: frozenset[str] = frozenset()
        self.curated_names: dict[str, Ent] = {}
        self.first_names: set[str] = set()
        self.name_tokens_generic: set[str] = set()

    # -- keys ----------------------------------------------------------------------------------

    def new_key(self, base: str, country: str | None) -> str:
        key = base
        if key in self.ents and country:
            key = f"{base}-{country.lower()}"
        n = 2
        while key in self.ents:
            key = f"{base}-{n}"
            n += 1
        return key

    def add(self, ent: Ent) -> Ent:
        self.ents[ent.key] = ent
        ent.add_alias(ent.label, "c" if ent.kind == "City" else "n")
        return ent

    # -- curated -------------------------------------------------------------------------------

    def add_curated(self) -> None:
        self.add_countries()
        self.add_places()
        self.add_organizations()
        self.add_institutions()
        self.add_offices()
        self.add_people()
        self.curated_names = {
            phrase_key(a.surface): e for e in self.ents.values() for a in e.aliases.values()
        }
        self.claimed = set(self.curated_names)
        self.name_tokens_generic = (
            {w.rstrip("s") for names in self.country_names.values() for n in names for w in n.split()}
            | {w.rstrip("s") for w in self.lex.org_words}
            | {"united", "state", "us", "u"}
        )
        self.acronyms = frozenset(
            a.surface.upper()
            for e in self.ents.values()
            for a in e.aliases.values()
            if a.surface.isupper() and " " not in a.surface
        )

    def add_countries(self) -> None:
        for code, info in sorted(self.curated["countries"].items()):
            name = str(info["name"])
            ent = self.add(Ent(code, "Country", name, 0, iso3=code))
            for alias in info.get("alias", []):
                ent.add_alias(str(alias), "a" if _is_acronym(str(alias)) else "n")
            for dem in info.get("dem", []):
                ent.add_alias(str(dem), "d")
                for plural in _demonym_plurals(str(dem)):
                    ent.add_alias(plural, "d")
            self.country_names[code] = {phrase_key(a) for a in ent.aliases}
            for short in info.get("short", []):
                ent.add_alias(str(short), "s")
            for city in _as_list(info.get("capital")):
                self.add_city(str(city), code, True)
        for code, info in sorted(self.curated["countries"].items()):
            for city in _as_list(info.get("cities")):
                self.add_city(str(city), code, False)

    def add_city(self, spec: str, country: str, capital: bool) -> None:
        names = split_dsl(spec)
        label = names[0].lstrip("-")
        base = slug(label)
        existing = self.ents.get(base)
        if existing is not None and existing.kind == "City" and existing.country == country:
            existing.is_capital = existing.is_capital or capital
            return
        ent = self.add(Ent(self.new_key(base, country), "City", label, 0, country=country))
        ent.is_capital = capital
        if names[0].startswith("-"):
            self.noindex.add(ent.key)
        for alias in names[1:]:
            ent.add_alias(alias, "c")

    def add_places(self) -> None:
        for item in self.curated.get("places", []):
            names = split_dsl(str(item["name"]))
            country = iso(item.get("country"))
            kind = str(item.get("kind", "Place"))
            ent = self.add(Ent(self.new_key(slug(names[0]), country), kind, names[0], 0, country=country))
            for alias in names[1:]:
                ent.add_alias(alias, "c" if kind == "City" else "n")

    def add_organizations(self) -> None:
        for section, kind in (
            ("organizations", "IntergovernmentalOrganization"),
            ("armed_groups", "ArmedGroup"),
            ("publishers", "Publisher"),
            ("other_organizations", "Organization"),
        ):
            for item in self.curated.get(section, []):
                names = split_dsl(str(item["name"]))
                key = str(item.get("key") or slug(names[0]))
                country = iso(item.get("country"))
                ent = self.add(Ent(key, str(item.get("kind", kind)), names[0], 0, country=country))
                for alias in names[1:]:
                    self._add_name(ent, alias)
                for code in _as_list(item.get("phoenix")):
                    self.code_orgs[str(code)] = key
                if item.get("licensed_by"):
                    self.licensors[key] = [str(k) for k in _as_list(item["licensed_by"])]

    def _add_name(self, ent: Ent, alias: str) -> None:
        if alias.startswith("~"):
            ent.add_alias(alias[1:], "s")
        else:
            ent.add_alias(alias, "a" if _is_acronym(alias) else "n")

    def add_institutions(self) -> None:
        for code in sorted(self.curated["countries"]):
            self.slots[code] = {}
            table = self.curated.get("institutions", {}).get(code, {})
            for slot, spec in table.items():
                self.add_institution(code, str(slot), str(spec))
            name = self.ents[code].label
            for slot, (kind, pattern) in GENERIC_SLOTS.items():
                if slot not in self.slots[code]:
                    label = pattern.format(name=_the(name))
                    self.add(Ent(f"{code}-{slot}", kind, label, 0, country=code))
                    self.slots[code][slot] = f"{code}-{slot}"

    def add_institution(self, code: str, slot: str, spec: str) -> None:
        names = split_dsl(spec)
        label = names[0]
        if slot in GENERIC_SLOTS:
            key = f"{code}-{slot}"
        else:
            key = f"{code}-{slug(self._strip_country(label, code))}"
        kind = _slot_kind(slot)
        ent = self.add(Ent(key, kind, label, 0, country=code))
        for alias in names[1:]:
            if alias.startswith("~"):
                self.local.setdefault(code, {})[phrase_key(alias[1:])] = key
            else:
                self._add_name(ent, alias)
        self.slots[code][slot] = key

    def _strip_country(self, label: str, code: str) -> str:
        names = sorted(self.country_names.get(code, set()), key=len, reverse=True)
        words = phrase_key(label)
        for name in names:
            for pattern in (f" of the {name}", f" of {name}"):
                if words.endswith(pattern):
                    return words[: -len(pattern)]
            if words.startswith(name + " "):
                return words[len(name) + 1 :]
        return words

    def add_offices(self) -> None:
        for owner, table in sorted(self.curated.get("offices", {}).items()):
            owner = str(owner)
            is_state = owner in self.curated["countries"]
            for title, holders in sorted(table.items()):
                if title == "leader":
                    self.leaders[owner] = [_leader_spec(str(t)) for t in _as_list(holders)]
                    continue
                for spec in holders:
                    self.add_office(owner, str(title), str(spec), is_state)

    def add_office(self, owner: str, title: str, spec: str, is_state: bool) -> None:
        parts = spec.split()
        dates: list[str] = []
        while parts and re.fullmatch(r"\d{4}-\d{2}-\d{2}", parts[-1]):
            dates.insert(0, parts.pop())
        name = " ".join(parts)
        start = dates[0] if dates else None
        end = dates[1] if len(dates) > 1 else None
        person = self.person(name, owner if is_state else None)
        office = (title, owner if is_state else None, None if is_state else owner, start, end)
        person.offices.append(office)
        self.holders.setdefault(owner, {}).setdefault(title, []).append([person.key, start, end])

    def person(self, name: str, country: str | None) -> Ent:
        key = slug(name)
        ent = self.ents.get(key)
        if ent is None:
            ent = self.add(Ent(key, "Person", name, 0, country=country))
        elif ent.country is None and country is not None:
            ent.country = country
        return ent

    def add_people(self) -> None:
        for name, info in sorted(self.curated.get("people", {}).items()):
            info = info or {}
            ent = self.person(str(name), iso(info.get("country")))
            for alias in info.get("alias", []):
                ent.add_alias(str(alias))
            if info.get("surname"):
                ent.surname_override = str(info["surname"])

    # -- Phoenix -------------------------------------------------------------------------------

    def add_phoenix(self, folder: Path) -> None:
        countries = parse_actor_file(folder / "Phoenix.Countries.actors.txt")
        international = parse_actor_file(folder / "Phoenix.International.actors.txt")
        self.first_names = _given_names(countries + international)
        self.add_phoenix_countries(countries)
        self.add_phoenix_international(international)
        self.add_phoenix_groups(parse_actor_file(folder / "Phoenix.MilNonState.actors.txt"))
        self.add_roles(parse_agents(folder / "Phoenix.agents.txt"))

    def country_code(self, code: str) -> str | None:
        prefix = self.curated.get("code_map", {}).get(code[:3], code[:3])
        return prefix if prefix in self.curated["countries"] else None

    def add_phoenix_countries(self, blocks: list[Block]) -> None:
        for block in blocks:
            bare = [c for c in block.codes if len(c.code) == 3 and c.end is None]
            if bare:
                self.phoenix_country_block(block, bare[-1].code)
                continue
            owner = next((self.country_code(c.code) for c in block.codes if self.country_code(c.code)), None)
            if owner is None:
                continue
            sector = block.codes[0].code[3:6]
            if sector and sector not in SECTORS:
                self.phoenix_place_block(block, owner)
            else:
                self.phoenix_actor_block(block, owner, "Countries")

    def phoenix_country_block(self, block: Block, code: str) -> None:
        country = self.country_code(code)
        mapped = self.curated.get("territories", {}).get(code)
        if country is None and mapped is None:
            return
        if country is None:
            self.phoenix_place_block(block, str(mapped))
            return
        first = phrase_key(clean_phrase(block.phrases[0]))
        if first not in self.country_names[country]:
            self.phoenix_place_block(block, country)
            return
        names = self.country_names[country]
        ent = self.ents[country]
        for raw in block.phrases[1:]:
            variant = clean_phrase(raw)
            key = phrase_key(variant)
            if not key or key in self.claimed or key in self.lex.blacklist or "," in raw:
                continue
            if self._country_like(variant, names):
                ent.add_alias(titlecase(variant, self.acronyms), "n", tier=1)
            else:
                self.phoenix_place(variant, country)

    def _country_like(self, variant: str, names: set[str]) -> bool:
        """A Phoenix variant is a name of the country (a spelling or a long form), not a place.

        ``Russland``, ``Islamic Republic of Iran`` are; ``South Australia``, ``Queensland`` are not.
        """
        key = phrase_key(variant)
        if key in names:
            return True
        flat = key.replace(" ", "")
        for name in names:
            if difflib.SequenceMatcher(None, flat, name.replace(" ", "")).ratio() >= 0.8:
                return True
        significant = {t for n in names for t in n.split() if len(t) >= 4} - self.lex.geo_words
        rest = set(key.split()) - self.lex.name_filler
        return bool(rest) and rest <= significant

    def phoenix_place(self, variant: str, country: str) -> None:
        key = phrase_key(variant)
        if not key or key in self.claimed or key in self.lex.blacklist:
            return
        if key in self.first_names or (" " not in key and len(key) <= 4):
            return
        label = titlecase(variant, self.acronyms)
        self.add(Ent(self.new_key(slug(label), country), "Place", label, 1, country=country))
        self.claimed.add(key)

    def phoenix_place_block(self, block: Block, country: str) -> None:
        names = [clean_phrase(p) for p in block.phrases if "," not in p]
        names = [n for n in names if phrase_key(n) and phrase_key(n) not in self.lex.blacklist]
        owner = next((self.curated_owner(n) for n in names if self.curated_owner(n)), None)
        names = [n for n in names if phrase_key(n) not in self.claimed]
        if owner is not None:
            for name in names:
                owner.add_alias(titlecase(name, self.acronyms), "n", tier=1)
                self.claimed.add(phrase_key(name))
            return
        if not names:
            return
        label = titlecase(names[0], self.acronyms)
        ent = self.add(Ent(self.new_key(slug(label), country), "Place", label, 1, country=country))
        for name in names[1:]:
            ent.add_alias(titlecase(name, self.acronyms), "n")

    def curated_owner(self, name: str) -> Ent | None:
        """The curated place or city that owns this name, if any."""
        ent = self.curated_names.get(phrase_key(name))
        return ent if ent is not None and ent.kind in ("Place", "City") else None

    def phoenix_actor_block(self, block: Block, owner: str | None, source: str) -> None:
        """A Phoenix block that is an institution, an organisation or a person."""
        phrases = [p for p in block.phrases if "," not in p]
        if not phrases:
            return
        head = clean_phrase(phrases[0])
        dated = any(c.dated for c in block.codes)
        if dated or (source == "Countries" and self.person_like(head)):
            if any(self.person_like(clean_phrase(p)) for p in phrases):
                self.phoenix_person(block, phrases, owner)
            return
        self.phoenix_org_block(block, phrases, owner, source)

    def person_like(self, phrase: str) -> bool:
        words = phrase_key(phrase).split()
        if not 2 <= len(words) <= 5 or not all(w.isalpha() for w in words):
            return False
        lex = self.lex
        if set(words) & (lex.org_words | lex.role_words | lex.geo_words):
            return False
        return not any(" ".join(words[i:]) in self.claimed for i in range(len(words)))

    def phoenix_person(self, block: Block, phrases: list[str], owner: str | None) -> None:
        names = [clean_phrase(p) for p in phrases]
        names = [n for n in names if self.person_like(n) or self._claimed_person(n)]
        if not names:
            return
        offices, country, latest = self.phoenix_offices(block.codes, owner)
        if latest is not None and latest < PERSON_CUTOFF:
            return
        target = next((self._claimed_person(n) for n in names if self._claimed_person(n)), None)
        if target is not None:
            for name in names:
                if phrase_key(name) not in self.claimed:
                    target.add_alias(titlecase(name, self.acronyms), "n", tier=1)
            return
        label = titlecase(names[0], self.acronyms)
        base = slug(label)
        ent = self.ents.get(base)
        if ent is None or ent.kind != "Person" or ent.tier != 1 or ent.country != country:
            ent = self.add(Ent(self.new_key(base, country), "Person", label, 1, country=country))
        for name in names[1:]:
            ent.add_alias(titlecase(name, self.acronyms), "n")
        ent.offices.extend(o for o in offices if o not in ent.offices)

    def _claimed_person(self, name: str) -> Ent | None:
        key = phrase_key(name)
        if key not in self.claimed:
            return None
        for ent in self.ents.values():
            if (
                ent.kind == "Person"
                and ent.tier == 0
                and any(phrase_key(a.surface) == key for a in ent.aliases.values())
            ):
                return ent
        return None

    def phoenix_offices(
        self, codes: list[Code], owner: str | None
    ) -> tuple[list[tuple[str, str | None, str | None, str | None, str | None]], str | None, date | None]:
        offices: list[tuple[str, str | None, str | None, str | None, str | None]] = []
        country = owner
        latest: date | None = None
        undated_only = True
        for c in codes:
            state = self.country_code(c.code)
            if state is not None and country is None:
                country = state
            if c.dated:
                undated_only = False
                end = c.end or date.max
                latest = end if latest is None else max(latest, end)
            if not c.dated:
                continue
            span = (c.start.isoformat() if c.start else None, c.end.isoformat() if c.end else None)
            if c.code.startswith("IGO"):
                org = self._code_org(c.code)
                if org is not None:
                    offices.append(("Official", None, org, *span))
            elif state is not None and c.code[3:6] in SECTOR_TITLES:
                offices.append((SECTOR_TITLES[c.code[3:6]], state, None, *span))
        return offices, country, None if undated_only else latest

    def _code_org(self, code: str) -> str | None:
        for length in range(len(code), 2, -3):
            org = self.code_orgs.get(code[:length])
            if org is not None:
                return org
        return None

    def phoenix_org_block(self, block: Block, phrases: list[str], owner: str | None, source: str) -> None:
        """Split a Phoenix organisation block into entities by shared words."""
        kind = self.org_kind(block.codes, source)
        if kind is None:
            return
        groups: list[Ent] = []
        for index, raw in enumerate(phrases):
            name = clean_phrase(raw)
            key = phrase_key(name)
            curated = self.curated_names.get(key)
            if curated is not None and curated.tier == 0 and curated.kind == kind:
                if curated not in groups:
                    groups.append(curated)
                continue
            if not self._org_name_ok(name, key, source, index == 0):
                continue
            target = self._same_org(groups, key)
            if self._generic(key):
                if owner is not None and target is not None:
                    self.local.setdefault(owner, {}).setdefault(key, target.key)
                continue
            single = " " not in key
            surface = titlecase(name, self.acronyms, acronym_tokens=single)
            if target is None:
                target = self.phoenix_org(surface, kind, owner)
                groups.append(target)
                if not any(c.dated for c in block.codes):
                    self.code_orgs.setdefault(block.codes[0].code, target.key)
            else:
                target.add_alias(surface, "a" if single else "n")
            self.claimed.add(key)
            for acronym in parenthesised(raw):
                if phrase_key(acronym) not in self.claimed:
                    target.add_alias(acronym, "a")
                    self.claimed.add(phrase_key(acronym))

    def _org_name_ok(self, name: str, key: str, source: str, primary: bool) -> bool:
        """Whether a phrase of a Phoenix organisation block is usable as an organisation name.

        Person names and role phrases are dropped; a single word must look like an acronym,
        unless it is the main name of an armed group ("Hezbollah").
        """
        if not key or key in self.lex.blacklist or key in self.claimed or self.role_phrase(key):
            return False
        if self.person_like(name) and not (primary and source == "MilNonState"):
            return False
        if " " in key:
            return True
        return (primary and source == "MilNonState") or _looks_acronym(name.replace(" ", ""))

    def phoenix_org(self, surface: str, kind: str, owner: str | None) -> Ent:
        country = owner if kind != "ArmedGroup" else None
        base = slug(self._strip_country(surface, owner) if owner else surface)
        if owner and kind != "ArmedGroup":
            base = f"{owner}-{base}"
        return self.add(Ent(self.new_key(base, owner), kind, surface, 1, country=country))

    def _same_org(self, groups: list[Ent], key: str) -> Ent | None:
        words = self._distinctive(key)
        for ent in groups:
            for alias in ent.aliases.values():
                other = self._distinctive(phrase_key(alias.surface))
                if len(other) == 1 and len(words) > 1 and _initials(key) == next(iter(other)):
                    return ent
                if len(words) == 1 and len(other) > 1 and _initials(alias.surface) == key:
                    return ent
                shared = len(words & other)
                if words == other or (shared >= 2 and shared * 2 >= max(len(words), len(other))):
                    return ent
        return None

    def _distinctive(self, key: str) -> set[str]:
        """Words of a name without particles, state names and generic organisation words."""
        words = {w.rstrip("s") for w in key.split()} - PARTICLES
        specific = words - self.name_tokens_generic
        return specific or words

    def _generic(self, key: str) -> bool:
        words = set(key.split()) - PARTICLES
        return bool(words) and words <= (self.lex.org_words | set(self.lex.roles) | {"national"})

    def role_phrase(self, key: str) -> bool:
        return bool(set(key.split()) & self.lex.role_words)

    def org_kind(self, codes: list[Code], source: str) -> str | None:
        if not codes:
            return None
        code = codes[0].code
        if source == "MilNonState":
            return "ArmedGroup"
        if code.startswith("IGO"):
            return "IntergovernmentalOrganization"
        if code.startswith("MNC") or code.startswith("---"):
            return None
        if code.startswith(("NGO", "HIN", "ELI")):
            return "Organization"
        if code.startswith("MED"):
            return "Publisher"
        sector = code[3:6] if self.country_code(code) else code[:3]
        return SECTOR_KINDS.get(sector, "Organization")

    def add_phoenix_international(self, blocks: list[Block]) -> None:
        for block in blocks:
            if not block.codes or block.codes[0].code.startswith("MNC"):
                continue
            owner = None
            for c in block.codes:
                if not c.code.startswith(("IGO", "NGO", "MNC", "MED")):
                    owner = owner or self.country_code(c.code)
            self.phoenix_actor_block(block, owner, "International")

    def add_phoenix_groups(self, blocks: list[Block]) -> None:
        for block in blocks:
            self.phoenix_actor_block(block, None, "MilNonState")

    # -- roles ---------------------------------------------------------------------------------

    def add_roles(self, agents: list[tuple[str, str]]) -> None:
        roles = self.lex.roles
        for phrase, code in agents:
            key = phrase_key(clean_phrase(phrase))
            words = key.split(" ")
            if not key or key in roles or key in self.lex.role_stop or len(words) > 4:
                continue
            if words[0] in ("a", "an", "the") or not all(w.isalpha() for w in words):
                continue
            if words[-1] in PARTICLES:
                continue
            code = code.strip("~")
            sector = code[:3]
            if sector == "GOV" and code[3:6] in SECTOR_SLOTS and code[3:6] != "GOV":
                slot = "defence-ministry" if code[3:6] == "MIL" else SECTOR_SLOTS[code[3:6]]
            elif sector in SECTOR_SLOTS:
                slot = SECTOR_SLOTS[sector]
            else:
                continue
            if code[3:6] == "SPY":
                slot = "intelligence"
            roles[key] = slot

    # -- output --------------------------------------------------------------------------------

    def finish_people(self) -> None:
        counts: dict[str, int] = {}
        given: set[str] = set()
        for ent in self.ents.values():
            if ent.kind == "Person":
                ent.surnames = person_surnames(ent.label, ent.surname_override)
                for s in ent.surnames:
                    counts[s] = counts.get(s, 0) + 1
                words = phrase_key(ent.label).split()
                if ent.surname_override is None:
                    given.update(words[:-1])
        taken = {phrase_key(a.surface) for e in self.ents.values() for a in e.aliases.values()}
        for ent in sorted(self.ents.values(), key=lambda e: e.key):
            if ent.kind != "Person" or ent.tier != 0 or not ent.surnames:
                continue
            main = ent.surnames[0]
            if main in given or main in self.lex.surname_stop or len(main) < 4:
                continue
            if counts[main] == 1 and main not in taken:
                ent.add_alias(_surface_of(ent.label, main), "n")

    def index(self) -> dict[str, str]:
        table: dict[str, list[tuple[Any, ...]]] = {}
        for ent in self.ents.values():
            for alias in ent.aliases.values():
                key = phrase_key(alias.surface)
                if not key or (alias.tier == 1 and key in self.lex.blacklist):
                    continue
                if ent.key in self.noindex and alias.surface == ent.label:
                    continue
                if alias.tier == 1 and " " not in key and len(key) < 3:
                    continue
                mask = case_mask(alias.surface)
                if len(mask) != key.count(" ") + 1:
                    continue
                entry = f"{ent.key}|{alias.via}|{mask}|{alias.tier}"
                rank = (
                    alias.tier,
                    KIND_RANK[ent.kind],
                    VIA_RANK[alias.via],
                    not ent.is_capital,
                    ent.key,
                    entry,
                )
                table.setdefault(key, []).append(rank)
        out = {}
        for key, ranks in table.items():
            if any(r[0] == 0 for r in ranks):
                ranks = [r for r in ranks if r[0] == 0]
            entries = list(dict.fromkeys(r[-1] for r in sorted(ranks)))
            out[key] = ";".join(entries)
        return out

    def to_json(self) -> dict[str, Any]:
        self.finish_people()
        index = self.index()
        surnames: dict[str, list[str]] = {}
        for ent in self.ents.values():
            for s in ent.surnames:
                surnames.setdefault(s, []).append(ent.key)
        first: dict[str, int] = {}
        first_lower: set[str] = set()
        for key, entries in index.items():
            words = key.split(" ")
            first[words[0]] = max(first.get(words[0], 0), len(words))
            if any(e.split("|")[2].startswith(".") for e in entries.split(";")):
                first_lower.add(words[0])
        for table in (self.lex.titles, dict.fromkeys(self.lex.honorifics)):
            for key in table:
                first.setdefault(key.split(" ")[0], 0)
        office_titles = sorted({o[0] for e in self.ents.values() for o in e.offices})
        title_index = {t: i for i, t in enumerate(office_titles)}
        return {
            "format": "kg-gazetteer",
            "version": FORMAT_VERSION,
            "attribution": ATTRIBUTION,
            "office_titles": office_titles,
            "entities": {k: e.record(title_index) for k, e in self.ents.items()},
            "index": index,
            "first": first,
            "first_lower": sorted(first_lower),
            "surnames": {k: sorted(v) for k, v in surnames.items()},
            "titles": self.lex.titles,
            "honorifics": sorted(self.lex.honorifics),
            "role_persons": sorted(self.lex.role_persons),
            "roles": self.lex.roles,
            "local": self.local,
            "slots": self.slots,
            "slot_fallback": self.lex.slot_fallback,
            "title_slots": self.lex.title_slots,
            "surname_words": sorted(self.lex.surname_words),
            "licensors": self.licensors,
            "leaders": self.leaders,
            "holders": {
                owner: {t: sorted(h, key=lambda x: (x[1] or "", x[0])) for t, h in table.items()}
                for owner, table in self.holders.items()
            },
        }


def _given_names(blocks: list[Block]) -> set[str]:
    """Words used as given names in the (dated) person records of Phoenix."""
    names: set[str] = set()
    for block in blocks:
        if any(c.dated for c in block.codes):
            words = phrase_key(clean_phrase(block.phrases[0])).split()
            names.update(w for w in words[:-1] if len(w) > 2)
    return names


def _lexicon(curated: dict[str, Any]) -> Lexicon:
    lex = curated["lexicon"]
    titles: dict[str, list[str]] = {}
    for title, phrases in lex["titles"].items():
        for phrase in phrases:
            titles.setdefault(phrase_key(str(phrase)), []).append(str(title))
    roles: dict[str, str] = {}
    for slot, phrases in lex["roles"].items():
        for phrase in phrases:
            for form in _role_forms(str(phrase)):
                roles.setdefault(form, str(slot))
    role_persons = sorted({f for p in lex["role_persons"] for f in _role_forms(str(p))})
    return Lexicon(
        titles=titles,
        honorifics=sorted({phrase_key(str(h)) for h in lex["honorifics"]}),
        role_persons=role_persons,
        roles=roles,
        role_stop={phrase_key(str(p)) for p in lex["role_stop"]},
        slot_fallback={str(k): str(v) for k, v in lex["slot_fallback"].items()},
        title_slots={str(k): str(v) for k, v in lex["title_slots"].items()},
        org_words={str(w) for w in lex["org_words"]},
        role_words={str(w) for w in lex["role_words"]},
        geo_words={str(w) for w in lex["geo_words"]},
        blacklist={phrase_key(str(p)) for p in curated.get("blacklist", [])},
        surname_stop={phrase_key(str(p)) for p in lex["surname_stop"]},
        surname_words={phrase_key(str(p)) for p in lex["surname_words"]},
        name_filler={str(w) for w in lex["name_filler"]},
    )


def _role_forms(phrase: str) -> list[str]:
    """A role phrase and its plural (``*`` marks a phrase without plural)."""
    if phrase.endswith("*"):
        return [phrase_key(phrase[:-1])]
    key = phrase_key(phrase)
    words = key.split(" ")
    last = words[-1]
    if last.endswith("y") and not last.endswith(("ay", "ey", "oy")):
        plural = last[:-1] + "ies"
    elif last.endswith(("s", "sh", "ch", "x")):
        plural = last + "es"
    elif last.endswith("man"):
        plural = last[:-3] + "men"
    else:
        plural = last + "s"
    return [key, " ".join([*words[:-1], plural])]


def _leader_spec(text: str) -> list[str | None]:
    """``"Prime Minister until 2014-08-27"`` -> ``["Prime Minister", "2014-08-27"]``."""
    title, _, until = text.partition(" until ")
    return [title.strip(), until.strip() or None]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _is_acronym(alias: str) -> bool:
    letters = alias.replace(".", "").replace(" ", "").replace("&", "")
    return letters.isupper() and len(letters) <= 6


def _demonym_plurals(dem: str) -> list[str]:
    if dem.endswith(("ese", "ish", "ch", "ss", "sh")) or " " in dem or not dem[-1].isalpha():
        return []
    if dem.endswith("man"):
        return [dem[:-3] + "men"]
    return [dem + ("es" if dem.endswith("s") else "s")]


def _the(name: str) -> str:
    needs = (
        "United",
        "Republic",
        "Kingdom",
        "Netherlands",
        "Philippines",
        "Bahamas",
        "Gambia",
        "Maldives",
        "Comoros",
        "Seychelles",
        "Marshall",
        "Solomon",
        "Central African",
        "Czech",
        "Dominican",
        "Democratic",
        "Holy",
    )
    return f"the {name}" if name.startswith(needs) else name


def _slot_kind(slot: str) -> str:
    if slot in LEGISLATURE_SLOTS:
        return "Legislature"
    if slot in MILITARY_SLOTS or slot.endswith(MILITARY_SUFFIXES):
        return "MilitaryOrganization"
    return "GovernmentOrganization"


def _initials(text: str) -> str:
    words = [w for w in phrase_key(text).split() if w not in PARTICLES]
    return "".join(w[0] for w in words)


def _surface_of(label: str, norm: str) -> str:
    """The words of ``label`` whose normalised form is ``norm`` (the surname as written)."""
    toks = tokenize(label)
    n = norm.count(" ") + 1
    for i in range(len(toks) - n + 1):
        if " ".join(norm_token(t[2]) for t in toks[i : i + n]) == norm:
            return label[toks[i][0] : toks[i + n - 1][1]]
    return norm


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def load_curated(path: Path = CURATED) -> dict[str, Any]:
    """The curated YAML as plain data."""
    yaml: Any = importlib.import_module("yaml")
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return data


def build(phoenix: Path, curated: Path = CURATED) -> dict[str, Any]:
    """Build the gazetteer data (a JSON-ready dict).

    >>> build(Path("/work/shared/reference/phoenix"))["format"]  # doctest: +SKIP
    'kg-gazetteer'
    """
    builder = Builder(load_curated(curated))
    builder.add_curated()
    builder.add_phoenix(phoenix)
    return builder.to_json()


def dump(data: dict[str, Any]) -> bytes:
    """Compact, deterministic JSON bytes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def iter_sizes(data: dict[str, Any]) -> Iterator[tuple[str, int]]:
    for key, value in data.items():
        yield key, len(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phoenix", type=Path, required=True, help="folder of Phoenix files")
    parser.add_argument("--curated", type=Path, default=CURATED, help="curated YAML")
    parser.add_argument("--out", type=Path, required=True, help="output JSON path")
    parser.add_argument("--stats", action="store_true", help="print section sizes")
    args = parser.parse_args(list(argv) if argv is not None else None)
    data = build(args.phoenix, args.curated)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(dump(data))
    if args.stats:
        for key, size in iter_sizes(data):
            print(f"{key:15} {size:>10,}", file=sys.stderr)
    print(f"{len(data['entities'])} entities, {len(data['index'])} phrases -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
