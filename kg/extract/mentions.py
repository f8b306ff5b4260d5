"""Mentions a gazetteer cannot list, found from the article's context.

- **First person**: "we", "our", "I" in a statement refer to its speaker ("Minister X said: ...")
  or, without one, to the article's home actor — the government that publishes it (a UK
  Government release's "we" is the UK government).
- **Bare titles**: "the Foreign Secretary", "the Prime Minister" without a state refer to the home
  state's office: its holder on the article's date, or without a date the institution.
- **Definite descriptions** that point back: "the regime" (the last regime named), "this
  terrorist group" / "these terrorists" (the last armed group), "the Minister" (the last person).
- **Groups** (:class:`kg.vocab` kind ``Group``): civilians and other victims, refugees, ethnic and
  religious communities, tribes — with the state their adjective or "of X" names.
- **Facilities** (kind ``Facility``): hospitals, schools, markets, bus stations, camps.

>>> from kg.extract.gazetteer import Gazetteer
>>> gaz = Gazetteer.load()
>>> text = "The Foreign Secretary said: we condemn the attack on Syrian civilians and a hospital."
>>> found = ContextMentions(gaz, None, home="GBR-government").find(text, gaz.find_mentions(text))
>>> for m in found.mentions:
...     print(text[m.begin:m.end], m.key)
The Foreign Secretary GBR-foreign-ministry
we GBR-foreign-ministry
Syrian civilians SYR-civilians
a hospital hospitals
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date

from kg.extract.gazetteer import Gazetteer, Mention
from kg.extract.words import COUNTED
from kg.iris import slug

GROUPS: dict[str, str] = {
    **dict.fromkeys(
        (
            "civilians",
            "civilian",
            "people",
            "families",
            "children",
            "women",
            "mourners",
            "victims",
            "residents",
            "worshippers",
            "worshipers",
            "pilgrims",
            "citizens",
            "villagers",
            "shoppers",
            "passengers",
            "innocents",
            "population",
        ),
        "civilians",
    ),
    **dict.fromkeys(("refugees", "migrants", "displaced"), "refugees"),
    **dict.fromkeys(("protesters", "protestors", "demonstrators"), "protesters"),
    **dict.fromkeys(("journalists", "reporters"), "journalists"),
    "aid workers": "aid workers",
    "humanitarian workers": "aid workers",
}
COMMUNITIES = {
    "sunnis": "Sunnis",
    "sunni": "Sunnis",
    "shia": "Shia",
    "shias": "Shia",
    "shiites": "Shia",
    "christians": "Christians",
    "yazidis": "Yazidis",
    "yezidis": "Yazidis",
    "yazidi": "Yazidis",
    "yezidi": "Yazidis",
    "kurds": "Kurds",
    "kurdish": "Kurds",
    "alawites": "Alawites",
    "druze": "Druze",
    "turkmen": "Turkmen",
    "rohingya": "Rohingya",
    "uighurs": "Uyghurs",
    "uyghurs": "Uyghurs",
    "tamils": "Tamils",
    "muslims": "Muslims",
    "jews": "Jews",
    "assyrians": "Assyrians",
}
FACILITIES: dict[str, str] = {
    **dict.fromkeys(("hospital", "hospitals", "clinic", "clinics"), "hospitals"),
    **dict.fromkeys(("school", "schools"), "schools"),
    **dict.fromkeys(("market", "markets", "marketplace", "market place", "marketplaces"), "markets"),
    **dict.fromkeys(("bus station", "bus stations"), "bus stations"),
    **dict.fromkeys(("mosque", "mosques"), "mosques"),
    **dict.fromkeys(("church", "churches"), "churches"),
    **dict.fromkeys(("refugee camp", "refugee camps", "camp", "camps"), "camps"),
    **dict.fromkeys(("aid convoy", "convoy"), "aid convoys"),
}
_LEAD_WORDS = {
    "the",
    "a",
    "an",
    "innocent",
    "unarmed",
    "local",
    "civilian",
    "more",
    "many",
    "other",
    "of",
    "at",
    "least",
    "scores",
    "hundreds",
    "thousands",
    "tens",
    "dozens",
    "young",
    "crowded",
    "busy",
    "displaced",
    "defenceless",
    "defenseless",
    "vulnerable",
    "some",
}
_TITLES = (
    "foreign secretary",
    "prime minister",
    "president",
    "foreign minister",
    "defence secretary",
    "defense secretary",
    "secretary of state",
    "defence minister",
    "defense minister",
    "home secretary",
    "chancellor",
)
_PLACES = ("City", "Place", "Facility")
#: Role nouns that name a state's institution with "of X" ("the government of Iraq").
_ROLE_HEADS = {"government", "authorities", "army", "military", "armed", "security", "parliament", "police"}
#: Lower-case particles inside Arabic names ("the Al bu Nimr tribe").
_NAME_PARTICLES = {"al", "bin", "bu", "abu", "bani", "beni", "ibn", "el", "bint"}
_NOT_NOUNS = {"and", "or", "was", "is", "were", "in", "at", "of", "on", "who", "had", "has", "died"}
_COALITION_NOUNS = {
    "aircraft",
    "airstrikes",
    "activities",
    "campaign",
    "efforts",
    "forces",
    "jets",
    "members",
    "military",
    "operations",
    "partners",
    "strikes",
    "troops",
    "warplanes",
}
_FIRST_PERSON = {"we", "our", "us", "i", "my", "ours"}
_SAID = re.compile(r"\b(?:said|says|stated|added|told|declared|commented|announced)\s*:?\s*$")


def _end(m: Mention) -> int:
    return m.end


def _is_regime(key: str) -> bool:
    """A regime's key ("assad-regime"), not one that only contains the letters ("...-regiment")."""
    return key.endswith("-regime")


_WORD = re.compile(r"[A-Za-z][\w’'-]*")


@dataclass(frozen=True, slots=True)
class LocalEntity:
    """An entity found from context (a group, a facility): not in the gazetteer."""

    key: str
    kind: str
    label: str
    country: str | None = None


INTERNATIONAL_COMMUNITY = LocalEntity("international-community", "Group", "international community")


@dataclass
class Found:
    """Gazetteer mentions merged with context mentions, and the entities only context knows."""

    mentions: list[Mention]
    entities: dict[str, LocalEntity] = field(default_factory=dict)


class ContextMentions:
    """Finds context mentions in one article (``home``: the entity key of the publishing actor)."""

    def __init__(self, gazetteer: Gazetteer, on: date | None, home: str | None) -> None:
        self.gaz = gazetteer
        self.on = on
        self.home = home
        self.home_state = gazetteer.state_of(home) if home else None
        self._article_keys: set[str] = set()
        self._dominant: str | None = None
        self._surnames: dict[str, str] = {}  # of people found by _unknown_person

    def find(self, text: str, mentions: list[Mention]) -> Found:
        # "an anti-Houthi coalition" names the Houthis' opponents, not the Houthis
        mentions = [
            m for m in mentions if text[max(0, m.begin - 5) : m.begin].lower() not in ("anti-", "anti–")
        ]
        self._article_keys = {m.key for m in mentions}
        self._dominant = self._dominant_state(mentions)
        self._surnames = {}
        out = Found(sorted(mentions, key=lambda m: m.begin))
        taken = bytearray(len(text) + 1)  # 1 where a mention covers the character
        for m in out.mentions:
            taken[m.begin : m.end] = b"\x01" * (m.end - m.begin)
        seen: list[Mention] = []  # mentions that end before the current word, in order
        upcoming = list(out.mentions)  # not yet in ``seen``, sorted by begin

        def add(b: int, e: int, key: str, via: str) -> None:
            if via in ("group", "owned"):  # "Syrian civilians", "Assad's regime": the owner is inside
                for m in [
                    m
                    for m in seen[-3:] + upcoming[:3]
                    if b <= m.begin
                    and m.end <= e
                    and m.via in ("demonym", "name", "coreference")
                    and (via == "owned" or m.via == "demonym")
                ]:
                    out.mentions.remove(m)
                    taken[m.begin : m.end] = bytes(m.end - m.begin)
                    for pool in (seen, upcoming):
                        if m in pool:
                            pool.remove(m)
            if b < e and not any(taken[b:e]):
                mention = Mention(b, e, key, "role" if via == "owned" else via)
                out.mentions.append(mention)
                taken[b:e] = b"\x01" * (e - b)
                bisect.insort(upcoming, mention, key=lambda m: m.begin)

        speaker: str | None = None
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        # where a word may start a statement: up to 3 blanks after a colon or an opening quote
        statement_starts = {m.end() for m in _STATEMENT_MARK.finditer(text)}
        for i, (b, _e, word) in enumerate(words):
            while upcoming and upcoming[0].end <= b:
                seen.append(upcoming.pop(0))
            if taken[b]:
                continue
            if b in statement_starts:  # a statement starts: who says it
                speaker = self._speaker(text, b, seen) or speaker
            if word.islower():
                if word not in _TRIGGERS:
                    continue  # most words start no context mention: skip the checks below
                low = word
            else:
                low = word.lower()
            if low in _FIRST_PERSON and not (low == "i" and word != "I"):
                sayer = speaker if speaker and self.gaz.kind(speaker) in (None, "Person") else None
                key = (  # "I" is a person: a state or an organisation named before a quote is not
                    (sayer or self.home)
                    if low in ("i", "my")
                    else (speaker_org(self.gaz, speaker) or self.home)
                )
                if key:
                    add(b, _e, key, "coreference")
                continue
            owned = self._owned_regime(text, words, i, seen)
            if owned:
                add(*owned, "owned")
                continue
            title = self._title_at(text, words, i)
            if title:
                add(b, title[0], title[1], "role")
                continue
            back = self._definite(text, words, i, seen)
            if back:
                if back[1] == INTERNATIONAL_COMMUNITY.key:
                    out.entities[back[1]] = INTERNATIONAL_COMMUNITY
                add(b, back[0], back[1], "coreference")
                continue
            if word[:1].isupper():
                person = self._unknown_person(text, words, i, taken, out)
                if person:
                    add(*person, "name")
                    continue
            role = self._role_of_state(text, words, i, out.mentions)
            if role:
                b_role, e_role, key, inner = role
                if inner is not None:  # "the government of Iraq" takes in "Iraq"
                    out.mentions.remove(inner)
                    taken[inner.begin : inner.end] = bytes(inner.end - inner.begin)
                    for pool in (seen, upcoming):
                        if inner in pool:
                            pool.remove(inner)
                add(b_role, e_role, key, "role")
                continue
            group = self._group_at(text, words, i, out.mentions, out)
            if group:
                add(*group, "group")
        out.mentions.sort(key=lambda m: (m.begin, m.end))
        return out

    # -- speakers and first person -----------------------------------------------------------

    def _speaker(self, text: str, b: int, before: list[Mention]) -> str | None:
        """The actor of a "X said:" that ends right before ``b``'s sentence."""
        window = text[max(0, b - 4) : b]
        if not window.strip() or window.strip()[-1] not in ':“"':
            return None
        for m in reversed(before[-3:]):
            tail = text[max(m.end, b - 40) : b].rstrip(' “"\n')  # "said:" ends right before b
            if _SAID.search(tail) and self.gaz.kind(m.key) not in _PLACES:
                return m.key
        return None

    # -- people the gazetteer does not know -----------------------------------------------------

    def _unknown_person(
        self, text: str, words: list[tuple[int, int, str]], i: int, taken: bytearray, out: Found
    ) -> tuple[int, int, str] | None:
        """A person the gazetteer does not list, named with a title ("Dr. Ahmed Kamil Murad",
        "Colonel John Dorrian", "Mr Cohen"), or a surname of one named so before ("Dorrian said")."""
        w = words[i][2]
        known = self._surnames.get(w)
        if known is not None:
            return words[i][0], words[i][1], known
        low = w.lower()
        n = len(words)
        two = f"{low} {words[i + 1][2].lower()}" if i + 1 < n else ""
        if two in _PERSON_TITLES:
            t_end = i + 1
        elif low in _PERSON_TITLES:
            t_end = i
        else:
            return self._appositive_person(text, words, i, taken, out)
        k = first = t_end + 1
        while k < n and k - first < 4:
            gap = text[words[k - 1][1] : words[k][0]]
            if gap not in (" ", ". ") or (gap == ". " and k != first) or taken[words[k][0]]:
                break
            if not _name_part(words, k, inner=True):
                break
            k += 1
        if k == first or not _name_word(words[k - 1][2]):
            return None
        key = self._mint_person(text, words, first, k, out)
        return (words[i][0], words[k - 1][1], key) if key else None

    def _mint_person(
        self, text: str, words: list[tuple[int, int, str]], first: int, end: int, out: Found
    ) -> str | None:
        """The key of the person named by ``words[first:end]``, remembered with their surname;
        None when the name is a known entity's (one the gazetteer chose not to link here)."""
        label = text[words[first][0] : words[end - 1][1]]
        key = slug(label)
        if key in self.gaz:
            return None
        out.entities.setdefault(key, LocalEntity(key, "Person", label))
        surname = words[end - 1][2]
        if len(surname) >= 3 and surname.lower() not in _NOT_NAMES:
            self._surnames.setdefault(surname, key)
        return key

    def _appositive_person(
        self, text: str, words: list[tuple[int, int, str]], i: int, taken: bytearray, out: Found
    ) -> tuple[int, int, str] | None:
        """ "Ahmed al-Assadi, a spokesman for the PMF": two or three capitalised words that an
        apposition describes as a person by their role."""
        n = len(words)
        if i + 1 >= n or text[words[i][1] : words[i + 1][0]] != " " or not _name_word(words[i + 1][2]):
            return None  # a name has two words at least
        k = i
        while k < n and k - i < 4 and not taken[words[k][0]]:
            if k > i and text[words[k - 1][1] : words[k][0]] != " ":
                break
            if not _name_part(words, k, inner=k > i):
                break
            k += 1
        if k - i < 2 or k + 1 >= n or not text[words[k - 1][1] :].startswith(", "):
            return None
        j = k
        if words[j][2].lower() in ("a", "an", "the"):
            j += 1
        while j < n and j - k < 4 and words[j][2].lower() not in _PERSON_ROLES:
            if not words[j][2].islower() and not words[j][2][:1].isupper():
                return None
            j += 1
        if j >= n or words[j][2].lower() not in _PERSON_ROLES or j - k > 3:
            return None
        key = self._mint_person(text, words, i, k, out)
        return (words[i][0], words[k - 1][1], key) if key else None

    # -- a leader's regime ---------------------------------------------------------------------

    def _owned_regime(
        self, text: str, words: list[tuple[int, int, str]], i: int, before: list[Mention]
    ) -> tuple[int, int, str] | None:
        """ "Assad's (brutal) regime", "Maduro's government": the leader's regime, else the
        government of the state the person leads."""
        if words[i][2] not in ("regime", "government", "administration") or not before:
            return None
        k = i - 1
        while k >= 0 and i - k <= 2 and words[k][2].islower() and not words[k][2].endswith(("'s", "’s")):
            k -= 1  # adjectives: "brutal", "murderous"
        if k < 0 or not words[k][2].endswith(("'s", "’s")):
            return None
        owner = before[-1]
        if owner.end != words[k][1] - 2 or self.gaz.kind(owner.key) != "Person":
            return None
        record = self.gaz.get(owner.key)
        if record is None:
            return None
        surname = text[owner.begin : owner.end].split()[-1]
        named = self.gaz.resolve(f"{surname} {words[i][2]}", self.on)
        if named is not None and named.kind != "Person":
            return owner.begin, words[i][1], named.key
        states = [o.country for o in record.offices if o.country]
        key = self.gaz.institution("government", states[0]) if states else None
        return (owner.begin, words[i][1], key) if key else None

    # -- bare titles and definite descriptions -----------------------------------------------

    def _title_at(self, text: str, words: list[tuple[int, int, str]], i: int) -> tuple[int, str] | None:
        if self.home_state is None:
            return None
        b = words[i][0]
        start = i + 1 if words[i][2].lower() == "the" else i
        if start >= len(words) or not words[start][2][:1].isupper():
            return None
        for title in _TITLES:
            n = len(title.split())
            phrase = " ".join(w[2].lower() for w in words[start : start + n])
            if phrase == title:
                after = text[words[start + n - 1][1] : words[start + n - 1][1] + 8]
                if re.match(r"\s+(?:of|for)\b|\s+[A-Z]", after):  # "Prime Minister of X", "President Obama"
                    return None
                record = self.gaz.office(title, self.home_state, self.on)
                return (words[start + n - 1][1], record.key) if record else None
        if re.match(
            r"(?:Foreign|Home|Defence|Defense)(?:,\s+(?:Foreign|Home|Defence|Defense))*\s+and\s+"
            r"(?:Foreign|Home|Defence|Defense)\s+Secretaries",
            text[words[start][0] :],
        ):
            end = text.index("Secretaries", words[start][0]) + len("Secretaries")
            record = self.gaz.office("Prime Minister", self.home_state, None)
            return (end, record.key) if record else None
        _ = b
        return None

    def _definite(
        self, text: str, words: list[tuple[int, int, str]], i: int, before: list[Mention]
    ) -> tuple[int, str] | None:
        w = words[i][2].lower()
        if (
            words[i][2] == "opposition"
            and i + 1 < len(words)
            and words[i + 1][2] in ("forces", "fighters", "groups")
        ):  # "airstrikes against opposition forces": the opposition named before
            key = self._last(before, lambda k: "opposition" in k)
            return (words[i + 1][1], key) if key else None
        if (
            w == "coalition"
            and i + 1 < len(words)
            and words[i + 1][2].lower() in _COALITION_NOUNS
            and (i == 0 or words[i - 1][2].lower() not in ("a", "an", "new", "ruling", "governing"))
        ):  # "coalition operations against X", "Coalition forces": the coalition named or licensed
            key = self._last(before, lambda k: "coalition" in k) or self._coalition(before)
            return (words[i][1], key) if key else None
        if w not in ("the", "this", "these", "that", "our"):
            return None
        rest = [x[2].lower() for x in words[i + 1 : i + 4]]
        if rest[:1] == ["regime"] and not text[words[i + 1][1] :].lstrip().startswith("of"):
            key = self._last(before, _is_regime)
            return (words[i + 1][1], key) if key else None
        for phrase in (["opposition"], ["moderate", "opposition"], ["armed", "opposition"]):
            if w == "the" and rest[: len(phrase)] == phrase:  # the opposition named before
                key = self._last(before, lambda k: "opposition" in k)
                return (words[i + len(phrase)][1], key) if key else None
        for phrase in (
            ["terrorist", "group"],
            ["terrorist", "organisation"],
            ["terrorist", "organization"],
            ["terrorists"],
            ["brutal", "terrorists"],
            ["militants"],
            ["group"],
        ):
            if rest[: len(phrase)] == phrase:
                key = self._last(before, lambda k: self.gaz.kind(k) == "ArmedGroup")
                return (words[i + len(phrase)][1], key) if key else None
        for phrase in (
            ["international", "coalition"],
            ["global", "coalition"],
            ["wider", "global", "coalition"],
            ["coalition"],
        ):
            if rest[: len(phrase)] == phrase:
                key = self._last(before, lambda k: "coalition" in k) or self._coalition(before)
                return (words[i + len(phrase)][1], key) if key else None
        if rest[:2] == ["international", "community"]:
            return words[i + 2][1], INTERNATIONAL_COMMUNITY.key
        if rest[:1] == ["minister"] and words[i + 1][2][0].isupper():
            key = self._last(before, lambda k: self.gaz.kind(k) == "Person")
            return (words[i + 1][1], key) if key else None
        return None

    def _coalition(self, before: list[Mention]) -> str | None:
        """ "the coalition" in an article about the fight against Islamic State: the Global Coalition."""
        if "islamic-state" in self._article_keys:
            record = self.gaz.resolve("Global Coalition against Daesh")
            return record.key if record else None
        return None

    @staticmethod
    def _last(before: list[Mention], test: object) -> str | None:
        for m in reversed(before):
            if callable(test) and test(m.key):
                return m.key
        return None

    # -- institutions named by a role noun and "of X" -----------------------------------------

    def _role_of_state(
        self, text: str, words: list[tuple[int, int, str]], i: int, mentions: list[Mention]
    ) -> tuple[int, int, str, Mention | None] | None:
        """ "the government of Iraq", "the armed forces of Ukraine": the state's institution,
        spanning the state's name; "the government and people of Iraq": the government alone."""
        w = words[i][2]
        if not w.islower() or w not in _ROLE_HEADS:
            return None
        j = i + 1
        if w == "armed" or w == "security":
            if j >= len(words) or words[j][2] != "forces":
                return None
            j += 1
        role = text[words[i][0] : words[j - 1][1]]
        coordinated = j + 2 < len(words) and words[j][2] == "and" and words[j + 1][2].lower() in GROUPS
        k = j + 2 if coordinated else j
        if k >= len(words) or words[k][2] != "of":
            return None
        after = words[k][1]
        for m in mentions:
            if m.begin >= after and re.fullmatch(r"\s+(?:the\s+)?", text[after : m.begin]):
                state = self.gaz.state_of(m.key) if self.gaz.kind(m.key) == "Country" else None
                key = self.gaz.institution(role, state) if state else None
                if key is None:
                    return None
                if coordinated:
                    return words[i][0], words[j - 1][1], key, None
                return words[i][0], m.end, key, m
            if m.begin > after + 6:
                break
        return None

    # -- groups and facilities ---------------------------------------------------------------

    def _dominant_state(self, mentions: list[Mention]) -> str | None:
        """The state an article is about: named (as a state, its cities or its demonym) at least
        twice and at least twice as often as any other; None when no state dominates."""
        top = self.gaz.states_named(mentions).most_common(2)
        if not top or top[0][1] < 2 or (len(top) > 1 and top[0][1] < 2 * top[1][1]):
            return None
        return top[0][0]

    def _armed_at(
        self, text: str, words: list[tuple[int, int, str]], i: int, mentions: list[Mention], out: Found
    ) -> tuple[int, int, str] | None:
        """Unnamed armed actors: "rebels", "militants", "jihadists" (a group of the state they
        fight in) and "government forces", "regime forces" (the state's armed forces)."""
        w = words[i][2]
        low = w.lower()
        if low not in _ARMED_FIRST:
            return None
        if not w.islower():
            starts_sentence = w[1:].islower() and _SENTENCE_START.search(
                text, max(0, words[i][0] - 4), words[i][0]
            )
            if not starts_sentence:
                return None
            w = low
        two = f"{w} {words[i + 1][2].lower()}" if i + 1 < len(words) else ""
        three = f"{two} {words[i + 2][2].lower()}" if i + 2 < len(words) else ""
        # ``mentions`` grows as context mentions are added: the nearest one is the one ending last
        before = sorted((m for m in mentions if m.end <= words[i][0] and words[i][0] - m.end <= 2), key=_end)
        if before and before[-1].via != "demonym":
            return None  # "Coalition military forces", "Houthi rebels": the head of a name
        if three in _STATE_FORCES or two in _STATE_FORCES:
            n = 3 if three in _STATE_FORCES else 2
            end = words[i + n - 1][1]
            if two.startswith("regime"):
                regimes = (m for m in mentions if m.end <= words[i][0] and _is_regime(m.key))
                regime = max(regimes, key=_end, default=None)
                if regime is not None:
                    return words[i][0], end, regime.key
            state = self._state_near(text, words, i + n - 1, mentions) or self._dominant
            inst = self.gaz.institution("armed forces", state) if state else None
            return (self._np_start(text, words, i, mentions), end, inst) if inst else None
        head = two if two in _ARMED_GROUPS else w if w in _ARMED_GROUPS else None
        if head is None:
            return None
        head_end = words[i + 1][1] if head == two else words[i][1]
        state = self._state_near(text, words, i, mentions) or self._dominant
        if state is None:
            return None
        label_word = _ARMED_GROUPS[head]
        key = f"{state}-{slug(label_word)}"
        if key not in out.entities:
            record = self.gaz.get(state)
            where = record.label if record else state
            out.entities[key] = LocalEntity(key, "ArmedGroup", f"{label_word.capitalize()} in {where}", state)
        return self._np_start(text, words, i, mentions), head_end, key

    def _group_at(
        self, text: str, words: list[tuple[int, int, str]], i: int, mentions: list[Mention], out: Found
    ) -> tuple[int, int, str] | None:
        armed = self._armed_at(text, words, i, mentions, out)
        if armed:
            return armed
        w = words[i][2].lower()
        two = f"{w} {words[i + 1][2].lower()}" if i + 1 < len(words) else ""
        head_end = words[i + 1][1] if two in GROUPS or two in FACILITIES else words[i][1]
        head = two if two in GROUPS or two in FACILITIES else w
        if head in COMMUNITIES and words[i][2][0].isupper():
            label = COMMUNITIES[head]
            out.entities.setdefault(slug(label), LocalEntity(slug(label), "Group", label))
            return words[i][0], words[i][1], slug(label)
        if w == "tribe" and i >= 1:
            first = i
            while first > 0 and (words[first - 1][2][:1].isupper() or words[first - 1][2] in _NAME_PARTICLES):
                first -= 1
            if first < i:
                label = text[words[first][0] : words[i][1]]
                out.entities.setdefault(slug(label), LocalEntity(slug(label), "Group", label))
                return _partitive_start(text, words, first), words[i][1], slug(label)
            return None
        if head in FACILITIES and words[i][2].islower():  # "Camp Liberty" is a name
            label = FACILITIES[head]
            out.entities.setdefault(slug(label), LocalEntity(slug(label), "Facility", label))
            return self._np_start(text, words, i, mentions), head_end, slug(label)
        if (
            head not in GROUPS
            or not words[i][2].islower()
            or (
                head == "people"
                and not self._state_near(text, words, i, mentions)
                and not _counted(text, words, i)
            )
        ):
            return None
        if (
            head == "civilian"
            and i + 1 < len(words)
            and words[i + 1][2].isalpha()
            and words[i + 1][2].islower()
            and words[i + 1][2] not in _NOT_NOUNS
            and words[i][1] + 1 == words[i + 1][0]
        ):
            return None  # "civilian infrastructure", "civilian casualties": an adjective
        group = GROUPS[head]
        state = self._state_near(text, words, i, mentions)
        key = f"{state}-{slug(group)}" if state else slug(group)
        if key not in out.entities:
            record = self.gaz.get(state) if state else None
            country = record.label if record else None
            label = f"{group.capitalize()} in {country}" if country else group.capitalize()
            out.entities[key] = LocalEntity(key, "Group", label, state)
        return _partitive_start(text, words, i, self._np_start(text, words, i, mentions)), head_end, key

    def _np_start(self, text: str, words: list[tuple[int, int, str]], i: int, mentions: list[Mention]) -> int:
        """Where the noun phrase ending in ``words[i]`` starts: quantifiers, adjectives, a demonym."""
        first = i
        while first > 0 and (
            (
                words[first - 1][2].lower() in _LEAD_WORDS
                and (words[first - 1][2] != "at" or words[first][2] == "least")
            )
            or words[first - 1][2].isdigit()
            or any(m.begin == words[first - 1][0] and m.via == "demonym" for m in mentions)
        ):
            first -= 1
        return words[first][0]

    def _state_near(
        self, text: str, words: list[tuple[int, int, str]], i: int, mentions: list[Mention]
    ) -> str | None:
        """The state of a group: a demonym just before ("Syrian civilians"), or "of/in X" after."""
        b, e = words[i][0], words[i][1]
        for m in mentions:
            if m.end <= b and b - m.end <= 2 and m.via == "demonym":
                return self.gaz.state_of(m.key)
            if m.begin >= e and re.fullmatch(r"\s+(?:of|in|across)\s+(?:the\s+)?", text[e : m.begin]):
                kind = self.gaz.kind(m.key)
                if kind in ("Country", "City", "Place"):
                    return self.gaz.state_of(m.key)
        return None


#: Unnamed armed groups -> the word of their label ("Rebels in Syria").
_ARMED_GROUPS: dict[str, str] = {
    **dict.fromkeys(
        (
            "rebels",
            "rebel fighters",
            "rebel forces",
            "rebel groups",
            "opposition fighters",
            "opposition forces",
            "opposition groups",
        ),
        "rebels",
    ),
    "insurgents": "insurgents",
    "militants": "militants",
    **dict.fromkeys(("jihadists", "jihadist fighters", "jihadist groups"), "jihadists"),
    "separatists": "separatists",
    "guerrillas": "guerrillas",
    **dict.fromkeys(("militias", "militiamen"), "militias"),
}
#: Unnamed forces of a state ("government forces").
_STATE_FORCES = frozenset(
    (
        "government forces",
        "government troops",
        "government soldiers",
        "pro-government forces",
        "regime forces",
        "regime troops",
        "army troops",
        "state forces",
        "military forces",
    )
)

_STATEMENT_MARK = re.compile(r"[:“\"][ \t\n]{0,3}")
_ARMED_FIRST = frozenset(p.split()[0] for p in (*_ARMED_GROUPS, *_STATE_FORCES))
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)[\"“‘']?\Z")
#: Titles before the name of a person ("Colonel John Dorrian", "Dr. Ahmed Kamil Murad").
_PERSON_TITLES = frozenset(
    (
        "mr mrs ms miss dr sir dame sheikh shaikh imam ayatollah general gen colonel col major maj "
        "captain capt admiral adm brigadier brig sergeant sgt lieutenant lt commander cmdr ambassador "
        "senator sen governor gov mayor president minister secretary judge justice professor prof "
        "rev reverend bishop archbishop cardinal king queen prince princess emir sultan"
    ).split()
) | frozenset(
    (
        "prime minister",
        "foreign minister",
        "defence minister",
        "defense minister",
        "interior minister",
        "foreign secretary",
        "defence secretary",
        "defense secretary",
        "vice president",
        "lt gen",
        "lieutenant general",
        "major general",
        "maj gen",
        "brigadier general",
        "brig gen",
        "rear admiral",
        "vice admiral",
        "air marshal",
        "chief justice",
        "crown prince",
    )
)
#: Nouns of an apposition that make the name before it a person's ("X, a spokesman for Y").
_PERSON_ROLES = frozenset(
    (
        "spokesman spokeswoman spokesperson commander minister adviser advisor envoy official leader "
        "head chief director ambassador general colonel president member analyst researcher professor "
        "correspondent cleric governor mayor lawmaker senator diplomat negotiator secretary"
    ).split()
)
#: Capitalised words that do not name a person after a title.
_NOT_NAMES = frozenset(
    (
        "the of and for on in at to said says will would has have had was is are also today yesterday "
        "minister secretary general president office department ministry state states affairs defence "
        "defense foreign interior council committee army forces police government republic kingdom "
        "monday tuesday wednesday thursday friday saturday sunday january february march april may "
        "june july august september october november december"
    ).split()
)
_PARTITIVES = frozenset(("members", "fighters", "supporters", "residents", "leaders", "elders", "families"))
_QUANTITY_BEFORE = re.compile(r"(?:(?:at least|more than|over|nearly|some|about|around)\s+)?[\d,]+\s+$")


_ARABIC_PARTICLE = re.compile(r"(?:al|el|ad|ash|as|at|az|ar|an|bin|ibn|abu|abd)[-‑][A-Z]")


def _name_word(word: str) -> bool:
    """Whether ``word`` can be part of a person's name: capitalised ("Murad") or an Arabic
    particle joined to a capitalised name ("al-Assadi")."""
    if word[:1].isupper():
        return word.lower() not in _NOT_NAMES
    return bool(_ARABIC_PARTICLE.match(word))


def _name_part(words: list[tuple[int, int, str]], k: int, *, inner: bool) -> bool:
    """Whether word ``k`` continues a person's name: a name word, or (inside a name) a particle
    before a capitalised word ("Abu **al** Khair")."""
    word = words[k][2]
    if _name_word(word):
        return True
    return inner and word.lower() in _NAME_PARTICLES and k + 1 < len(words) and words[k + 1][2][:1].isupper()


def _partitive_start(text: str, words: list[tuple[int, int, str]], i: int, start: int | None = None) -> int:
    """Where a group's noun phrase starts when it is the whole of a partitive: "[70] members of
    the Al Bu Nimr tribe" (the words that name the people acted upon), else ``start`` (by default
    the start of word ``i``, the noun phrase's first word)."""
    begin = words[i][0] if start is None else start
    k = i
    while k > 0 and words[k][0] > begin:
        k -= 1
    if k >= 1 and words[k - 1][2].lower() == "the":
        k -= 1
    if k >= 2 and words[k - 1][2].lower() == "of" and words[k - 2][2].lower() in _PARTITIVES:
        head = words[k - 2][0]
        quantity = _QUANTITY_BEFORE.search(text, max(0, head - 24), head)
        return quantity.start() if quantity else head
    return begin


def _counted(text: str, words: list[tuple[int, int, str]], i: int) -> bool:
    """Whether the noun at ``i`` is counted: "28 people", "dozens of people", "at least 40 people"."""
    if _DIGITS_BEFORE.search(text, max(0, words[i][0] - 16), words[i][0]):
        return True
    j = i - 1
    if j >= 0 and words[j][2] == "of":
        j -= 1
    if j < 0:
        return False
    w = words[j][2].lower()
    return w.replace(",", "").isdigit() or w in COUNTED or w in _NUMBER_WORDS


_DIGITS_BEFORE = re.compile(r"\d[\d,]*\s+(?:of\s+)?$")
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty "
    "hundred".split()
)


def speaker_org(gaz: Gazetteer, speaker: str | None) -> str | None:
    """ "we" in a person's statement: the institution or state the person speaks for."""
    if speaker is None:
        return None
    record = gaz.get(speaker)
    if record is None or record.kind != "Person":
        return speaker
    return record.country


#: Lower-case words that can start a context mention (capitalised words are always looked at).
_TRIGGERS = frozenset(
    {
        *_FIRST_PERSON,
        "the",
        "this",
        "these",
        "that",
        "our",
        "opposition",
        "coalition",
        "regime",
        "government",
        "administration",
        "tribe",
        *_ROLE_HEADS,
        *(k.split()[0] for k in GROUPS),
        *(k.split()[0] for k in FACILITIES),
        *COMMUNITIES,
        *_ARMED_FIRST,
    }
)
