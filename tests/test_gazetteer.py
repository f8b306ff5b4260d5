"""Tests of the actor gazetteer: builder, data and mention finding (kg.extract.gazetteer)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build.gazetteer import (
    case_mask,
    load_curated,
    parse_actor_file,
    parse_agents,
    parse_code,
    parse_phoenix_date,
    titlecase,
)
from kg.extract.gazetteer import (
    DATA_PATH,
    KINDS,
    VIAS,
    EntityRecord,
    Gazetteer,
    Mention,
    norm_token,
    person_surnames,
    phrase_key,
    tokenize,
)

ROOT = Path(__file__).resolve().parents[1]
PHOENIX = Path("/work/shared/reference/phoenix")
SEED_DAY = date(2019, 7, 9)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def spans(gaz: Gazetteer, text: str, on: date | None = None) -> list[tuple[str, str, str]]:
    """(surface, key, via) of every mention."""
    return [(text[m.begin : m.end], m.key, m.via) for m in gaz.find_mentions(text, on)]


def keys(gaz: Gazetteer, text: str, on: date | None = None) -> list[str]:
    return [m.key for m in gaz.find_mentions(text, on)]


def rec(gaz: Gazetteer, key: str) -> EntityRecord:
    record = gaz.get(key)
    assert record is not None, key
    return record


# ---------------------------------------------------------------------------------------------
# Loading and records
# ---------------------------------------------------------------------------------------------


def test_default_instance_is_cached(gaz: Gazetteer) -> None:
    assert Gazetteer.load() is gaz
    assert len(gaz) > 20_000


def test_loading_an_explicit_path_gives_the_same_data(gaz: Gazetteer) -> None:
    other = Gazetteer.load(DATA_PATH)
    assert other is not gaz
    assert other.get("RUS") == gaz.get("RUS")


def test_data_file_header() -> None:
    data = json.loads(DATA_PATH.read_bytes())
    assert data["format"] == "kg-gazetteer"
    assert data["version"] == 1
    assert "Open Event Data" in data["attribution"]
    assert DATA_PATH.stat().st_size < 5_000_000


def test_record_fields(gaz: Gazetteer) -> None:
    russia = rec(gaz, "RUS")
    assert (russia.kind, russia.label, russia.iso3) == ("Country", "Russia", "RUS")
    assert "Russian Federation" in russia.aliases
    assert russia.label not in russia.aliases
    assert gaz.get("no-such-entity") is None


def test_every_kind_is_valid_and_keys_follow_the_conventions(gaz: Gazetteer) -> None:
    for key in gaz:
        kind = gaz.kind(key)
        assert kind in KINDS
        if kind == "Country":
            assert len(key) == 3 and key.isupper()
        elif "-" in key and key[:3].isupper():
            assert gaz.state_of(key) == key[:3]
        else:
            assert key == key.lower()


def test_all_un_member_states_are_countries(gaz: Gazetteer) -> None:
    countries = [k for k in gaz if gaz.kind(k) == "Country"]
    assert len(countries) == 197  # 193 UN members, Palestine, Holy See, Taiwan, Kosovo
    for iso3 in countries:
        for slot in ("government", "legislature", "armed-forces", "foreign-ministry"):
            assert gaz.kind(f"{iso3}-{slot}") is not None


def test_capitals_are_cities_not_country_aliases(gaz: Gazetteer) -> None:
    moscow = rec(gaz, "moscow")
    assert (moscow.kind, moscow.country, moscow.is_capital) == ("City", "RUS", True)
    assert "Moscow" not in rec(gaz, "RUS").aliases
    assert gaz.state_of("moscow") == "RUS"
    capitals = {rec(gaz, k).country for k in gaz if rec(gaz, k).is_capital}
    assert len(capitals) > 180


def test_state_of(gaz: Gazetteer) -> None:
    assert gaz.state_of("PAK") == "PAK"
    assert gaz.state_of("PAK-national-assembly") == "PAK"
    assert gaz.state_of("imran-khan") == "PAK"
    assert gaz.state_of("RUS-ground-forces") == "RUS"
    assert gaz.state_of("shanghai-cooperation-organization") is None
    assert gaz.state_of("islamic-state") is None
    assert gaz.state_of("unknown") is None


def test_offices_of_a_person(gaz: Gazetteer) -> None:
    putin = rec(gaz, "vladimir-putin")
    assert putin.kind == "Person" and putin.country == "RUS"
    terms = {(o.title, o.start, o.end) for o in putin.offices}
    assert ("President", date(2000, 5, 7), date(2008, 5, 7)) in terms
    assert ("President", date(2012, 5, 7), None) in terms
    assert ("Prime Minister", date(2008, 5, 8), date(2012, 5, 7)) in terms
    khan = rec(gaz, "imran-khan")
    assert [(o.title, o.country, o.start, o.end) for o in khan.offices] == [
        ("Prime Minister", "PAK", date(2018, 8, 18), date(2022, 4, 10))
    ]


# ---------------------------------------------------------------------------------------------
# Office holders (curated facts)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "owner", "day", "label"),
    [
        ("Prime Minister", "PAK", SEED_DAY, "Imran Khan"),
        ("Prime Minister", "PAK", date(2022, 6, 1), "Shehbaz Sharif"),
        ("President", "RUS", date(2010, 1, 1), "Dmitry Medvedev"),
        ("Prime Minister", "RUS", date(2010, 1, 1), "Vladimir Putin"),
        ("President", "RUS", SEED_DAY, "Vladimir Putin"),
        ("Foreign Minister", "RUS", SEED_DAY, "Sergei Lavrov"),
        ("Defence Minister", "RUS", SEED_DAY, "Sergei Shoigu"),
        ("President", "USA", date(2018, 1, 1), "Donald Trump"),
        ("President", "USA", date(2022, 1, 1), "Joe Biden"),
        ("President", "USA", date(2025, 6, 1), "Donald Trump"),
        ("Secretary of State", "USA", date(2016, 1, 1), "John Kerry"),
        ("President", "CHN", SEED_DAY, "Xi Jinping"),
        ("Prime Minister", "IND", SEED_DAY, "Narendra Modi"),
        ("President", "TUR", SEED_DAY, "Recep Tayyip Erdoğan"),
        ("Foreign Secretary", "GBR", date(2017, 1, 1), "Boris Johnson"),
        ("Chancellor", "DEU", date(2015, 1, 1), "Angela Merkel"),
        ("Supreme Leader", "IRN", SEED_DAY, "Ali Khamenei"),
        ("Secretary-General", "united-nations", date(2010, 1, 1), "Ban Ki-moon"),
        ("Secretary-General", "north-atlantic-treaty-organization", SEED_DAY, "Jens Stoltenberg"),
        ("leader", "TUR", date(2010, 1, 1), "Recep Tayyip Erdoğan"),
        ("leader", "PAK", date(2005, 1, 1), "Pervez Musharraf"),
    ],
)
def test_holder(gaz: Gazetteer, title: str, owner: str, day: date, label: str) -> None:
    person = gaz.holder(title, owner, day)
    assert person is not None and person.label == label


def test_holder_handover_day_goes_to_the_successor(gaz: Gazetteer) -> None:
    person = gaz.holder("President", "RUS", date(2008, 5, 7))
    assert person is not None and person.label == "Dmitry Medvedev"


def test_holder_unknown(gaz: Gazetteer) -> None:
    assert gaz.holder("President", "RUS", date(1950, 1, 1)) is None
    assert gaz.holder("President", "XXX", SEED_DAY) is None


def test_curated_offices_cover_the_required_states() -> None:
    offices = load_curated()["offices"]
    required = [
        "ARG",
        "AUS",
        "BRA",
        "CAN",
        "CHN",
        "FRA",
        "DEU",
        "IND",
        "IDN",
        "ITA",
        "JPN",
        "KOR",
        "MEX",
        "RUS",
        "SAU",
        "ZAF",
        "TUR",
        "GBR",
        "USA",
        "PAK",
        "IRN",
        "ISR",
        "UKR",
        "SYR",
        "IRQ",
        "AFG",
        "PRK",
        "KGZ",
        "KAZ",
        "EGY",
        "NGA",
        "european-union",
        "united-nations",
        "north-atlantic-treaty-organization",
    ]
    for owner in required:
        assert owner in offices, owner
    for owner in required[:19]:  # the G20 states: head of state or government, FM, DM
        assert {"Foreign Minister", "Defence Minister"} <= set(offices[owner]), owner


# ---------------------------------------------------------------------------------------------
# 1. Countries, demonyms, case
# ---------------------------------------------------------------------------------------------


def test_country_names_and_variants(gaz: Gazetteer) -> None:
    text = "Russia and the Russian Federation talked to the United States, the US and U.S. envoys."
    assert spans(gaz, text) == [
        ("Russia", "RUS", "name"),
        ("Russian Federation", "RUS", "name"),
        ("United States", "USA", "name"),
        ("US", "USA", "acronym"),
        ("U.S.", "USA", "acronym"),
    ]


def test_demonyms(gaz: Gazetteer) -> None:
    text = "Russian, Pakistani, American, British, Chinese, Iranian and Saudi oil firms."
    assert spans(gaz, text) == [
        ("Russian", "RUS", "demonym"),
        ("Pakistani", "PAK", "demonym"),
        ("American", "USA", "demonym"),
        ("British", "GBR", "demonym"),
        ("Chinese", "CHN", "demonym"),
        ("Iranian", "IRN", "demonym"),
        ("Saudi", "SAU", "demonym"),
    ]
    assert keys(gaz, "Pakistanis and Iraqis protested.") == ["PAK", "IRQ"]


def test_hyphenated_compounds(gaz: Gazetteer) -> None:
    assert spans(gaz, "The Russian-Pakistani talks went well.") == [
        ("Russian", "RUS", "demonym"),
        ("Pakistani", "PAK", "demonym"),
    ]
    assert spans(gaz, "A pro-American rally.") == [("American", "USA", "demonym")]
    assert spans(gaz, "The US-led mission ended.") == [("US", "USA", "acronym")]


def test_case_aware_matching(gaz: Gazetteer) -> None:
    assert keys(gaz, "They ate turkey and met a guy named chad.") == []
    assert keys(gaz, "Turkey and Chad signed.") == ["TUR", "TCD"]
    assert keys(gaz, "Let us know; the un-named source; eu.") == []
    assert keys(gaz, "The UK, the UN, the EU, SCO, NATO and ISIS.") == [
        "GBR",
        "united-nations",
        "european-union",
        "shanghai-cooperation-organization",
        "north-atlantic-treaty-organization",
        "islamic-state",
    ]
    assert keys(gaz, "RUSSIA AND CHINA SIGN DEAL") == ["RUS", "CHN"]


def test_common_words_are_not_places(gaz: Gazetteer) -> None:
    text = "Male voters said the Let It Be vinyl was nice; Vladimir called."
    assert keys(gaz, text) == []


def test_possessives(gaz: Gazetteer) -> None:
    assert spans(gaz, "Russia's economy and Pakistan’s exports grew.") == [
        ("Russia", "RUS", "name"),
        ("Pakistan", "PAK", "name"),
    ]


# ---------------------------------------------------------------------------------------------
# 2. Cities
# ---------------------------------------------------------------------------------------------


def test_cities(gaz: Gazetteer) -> None:
    assert spans(gaz, "Talks moved from Moscow to Islamabad and Kyiv.") == [
        ("Moscow", "moscow", "city"),
        ("Islamabad", "islamabad", "city"),
        ("Kyiv", "kyiv", "city"),
    ]
    assert keys(gaz, "Shelling hit Kiev again.") == ["kyiv"]
    assert rec(gaz, "hyderabad-pak").country == "PAK"


# ---------------------------------------------------------------------------------------------
# 3. Leaders and officials
# ---------------------------------------------------------------------------------------------


def test_putin_forms(gaz: Gazetteer) -> None:
    text = "President Putin met Vladimir Putin's aides; later Putin left."
    assert spans(gaz, text) == [
        ("President Putin", "vladimir-putin", "name"),
        ("Vladimir Putin", "vladimir-putin", "name"),
        ("Putin", "vladimir-putin", "name"),
    ]


def test_prime_minister_khan_on_the_article_date(gaz: Gazetteer) -> None:
    assert spans(gaz, "Prime Minister Khan arrived in Moscow.", SEED_DAY)[0] == (
        "Prime Minister Khan",
        "imran-khan",
        "name",
    )


def test_title_name_and_modifier_title_name(gaz: Gazetteer) -> None:
    text = "Prime Minister Imran Khan met Russian President Vladimir Putin in Bishkek."
    assert spans(gaz, text, SEED_DAY) == [
        ("Prime Minister Imran Khan", "imran-khan", "name"),
        ("Russian President Vladimir Putin", "vladimir-putin", "name"),
        ("Bishkek", "bishkek", "city"),
    ]


def test_leader_by_title_and_state_modifier(gaz: Gazetteer) -> None:
    text = "The Russian leader and the Russian president spoke to the Pakistani Prime Minister."
    assert spans(gaz, text, SEED_DAY) == [
        ("Russian leader", "vladimir-putin", "leader"),
        ("Russian president", "vladimir-putin", "leader"),
        ("Pakistani Prime Minister", "imran-khan", "leader"),
    ]
    assert keys(gaz, "The Russian president spoke.", date(2010, 3, 1)) == ["dmitry-medvedev"]
    assert keys(gaz, "The Russian president spoke.") == ["vladimir-putin"]  # current holder
    assert keys(gaz, "The Pakistani prime minister spoke.", date(2023, 1, 5)) == ["shehbaz-sharif"]


def test_former_leader_is_not_the_current_holder(gaz: Gazetteer) -> None:
    assert keys(gaz, "The former Pakistani prime minister spoke.", SEED_DAY) == ["PAK-government"]


def test_bare_ambiguous_surname_needs_an_earlier_full_mention(gaz: Gazetteer) -> None:
    assert keys(gaz, "Khan said the talks went well.", SEED_DAY) == []
    text = "Imran Khan arrived. Khan said the talks went well."
    assert spans(gaz, text, SEED_DAY) == [
        ("Imran Khan", "imran-khan", "name"),
        ("Khan", "imran-khan", "coreference"),
    ]
    text = "Shehbaz Sharif met Mr Sharif's brother Nawaz Sharif. Sharif left."
    assert [k for _, k, _ in spans(gaz, text)] == [
        "shehbaz-sharif",
        "shehbaz-sharif",
        "nawaz-sharif",
        "nawaz-sharif",
    ]


def test_first_name_is_not_a_surname_mention(gaz: Gazetteer) -> None:
    assert keys(gaz, "Imran Khan met Dr Khan Abdul Ghaffar.", SEED_DAY) == ["imran-khan"]


def test_curated_leaders_and_aliases(gaz: Gazetteer) -> None:
    text = (
        "Xi Jinping and President Xi; Narendra Modi; Recep Tayyip Erdoğan and Erdogan; "
        "Joe Biden; Donald Trump; Shehbaz Sharif; Sergei Lavrov; Sergei Shoigu."
    )
    assert keys(gaz, text, date(2021, 6, 1)) == [
        "xi-jinping",
        "xi-jinping",
        "narendra-modi",
        "recep-tayyip-erdogan",
        "recep-tayyip-erdogan",
        "joe-biden",
        "donald-trump",
        "shehbaz-sharif",
        "sergei-lavrov",
        "sergei-shoigu",
    ]


def test_title_variants_for_foreign_and_defence_ministers(gaz: Gazetteer) -> None:
    text = "Foreign Secretary Boris Johnson met US Secretary of State John Kerry."
    assert keys(gaz, text, date(2016, 9, 1)) == ["boris-johnson", "john-kerry"]
    assert keys(gaz, "The Indian defence minister visited.", date(2020, 1, 1)) == ["rajnath-singh"]
    assert keys(gaz, "President of Russia", date(2019, 1, 1)) == ["vladimir-putin"]


def test_igo_titles(gaz: Gazetteer) -> None:
    assert keys(gaz, "UN Secretary-General António Guterres spoke.", SEED_DAY) == ["antonio-guterres"]
    assert keys(gaz, "The NATO Secretary General warned.", SEED_DAY) == ["jens-stoltenberg"]


# ---------------------------------------------------------------------------------------------
# 4. Role nouns and institutions
# ---------------------------------------------------------------------------------------------


def test_seed_article_role_phrases(gaz: Gazetteer) -> None:
    text = (
        "The Pakistani Chairman of the National Assembly met the Russian Ground Force "
        "Commander-in-Chief in Moscow."
    )
    assert spans(gaz, text, SEED_DAY) == [
        ("Pakistani Chairman of the National Assembly", "PAK-national-assembly", "role"),
        ("Russian Ground Force Commander-in-Chief", "RUS-ground-forces", "role"),
        ("Moscow", "moscow", "city"),
    ]
    assembly = rec(gaz, "PAK-national-assembly")
    assert (assembly.kind, assembly.label) == ("Legislature", "National Assembly of Pakistan")
    ground = rec(gaz, "RUS-ground-forces")
    assert (ground.kind, ground.label) == ("MilitaryOrganization", "Russian Ground Forces")


@pytest.mark.parametrize(
    ("text", "key", "kind"),
    [
        ("the Russian Foreign Ministry said", "RUS-foreign-ministry", "GovernmentOrganization"),
        ("Russia's foreign ministry said", "RUS-foreign-ministry", "GovernmentOrganization"),
        ("Russia’s foreign ministry said", "RUS-foreign-ministry", "GovernmentOrganization"),
        ("the Pakistani army said", "PAK-army", "MilitaryOrganization"),
        ("Pakistan's military said", "PAK-armed-forces", "MilitaryOrganization"),
        ("the Russian parliament voted", "RUS-legislature", "Legislature"),
        ("Iranian lawmakers voted", "IRN-legislature", "Legislature"),
        ("Chinese troops moved", "CHN-armed-forces", "MilitaryOrganization"),
        ("the Turkish Defence Ministry said", "TUR-defence-ministry", "GovernmentOrganization"),
        ("Malian soldiers fired", "MLI-armed-forces", "MilitaryOrganization"),
        ("the Malian parliament voted", "MLI-legislature", "Legislature"),
        ("the Malian president said", "MLI-government", "GovernmentOrganization"),
        ("the Nepali foreign ministry said", "NPL-foreign-ministry", "GovernmentOrganization"),
        ("the Russian Deputy Foreign Minister said", "RUS-foreign-ministry", "GovernmentOrganization"),
        ("British intelligence agencies warned", "GBR-secret-intelligence-service", "GovernmentOrganization"),
    ],
)
def test_role_nouns_with_a_state_modifier(gaz: Gazetteer, text: str, key: str, kind: str) -> None:
    found = gaz.find_mentions(text, SEED_DAY)
    assert [m.key for m in found] == [key]
    assert found[0].via in ("role", "name")
    assert gaz.kind(key) == kind


def test_generic_institution_labels(gaz: Gazetteer) -> None:
    assert rec(gaz, "MLI-legislature").label == "Legislature of Mali"
    assert rec(gaz, "MLI-armed-forces").label == "Armed forces of Mali"
    assert rec(gaz, "GMB-government").label == "Government of the Gambia"


def test_institution_names(gaz: Gazetteer) -> None:
    text = "The State Duma, the Knesset, the Pentagon, the IRGC and the ISI."
    assert keys(gaz, text) == [
        "RUS-state-duma",
        "ISR-legislature",
        "USA-defence-ministry",
        "IRN-islamic-revolutionary-guard-corps",
        "PAK-inter-services-intelligence",
    ]


# ---------------------------------------------------------------------------------------------
# 5. International organisations and acronyms defined in the text
# ---------------------------------------------------------------------------------------------


def test_igos(gaz: Gazetteer) -> None:
    text = (
        "BRICS, ASEAN, the African Union, the Arab League, the GCC, OSCE, CSTO, EAEU, OPEC, "
        "the Security Council, the UN General Assembly, IAEA, WHO, the World Bank, IMF, "
        "the Quad, AUKUS, G7, G20 and the Global Coalition against Daesh."
    )
    found = keys(gaz, text)
    assert len(found) == 20
    assert all(gaz.kind(k) == "IntergovernmentalOrganization" for k in found)
    assert len(set(found)) == 20


def test_acronym_defined_in_the_text(gaz: Gazetteer) -> None:
    text = "The Shanghai Cooperation Organization (SCO) met. Later the SCO said it agreed."
    assert spans(gaz, text) == [
        ("Shanghai Cooperation Organization", "shanghai-cooperation-organization", "name"),
        ("SCO", "shanghai-cooperation-organization", "acronym"),
        ("SCO", "shanghai-cooperation-organization", "acronym"),
    ]
    text = "The Global Coalition against Daesh (GCAD) met. GCAD members left."
    assert keys(gaz, text) == ["global-coalition-against-daesh"] * 3


def test_unknown_acronym_definitions_are_ignored(gaz: Gazetteer) -> None:
    assert keys(gaz, "The Foo Bar Council (FBC) met. FBC said.") == []
    text = "A team from University College London (UCL) found water. UCL said."
    assert spans(gaz, text) == [("London", "london", "city")]


def test_short_forms_need_an_earlier_full_name(gaz: Gazetteer) -> None:
    assert keys(gaz, "The Coalition struck targets.") == []
    text = "The Global Coalition met. The Coalition struck targets."
    assert spans(gaz, text)[1] == ("Coalition", "global-coalition-against-daesh", "coreference")


def test_short_forms_licensed_by_a_related_entity_anywhere_in_the_text(gaz: Gazetteer) -> None:
    assert spans(gaz, "The Coalition struck Daesh positions near Mosul.") == [
        ("Coalition", "global-coalition-against-daesh", "coreference"),
        ("Daesh", "islamic-state", "name"),
        ("Mosul", "mosul", "city"),
    ]
    assert keys(gaz, "The Commission fined the firm, EU officials said.") == [
        "european-commission",
        "european-union",
    ]


# ---------------------------------------------------------------------------------------------
# 6. Armed groups
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "key"),
    [
        ("ISIS", "islamic-state"),
        ("ISIL", "islamic-state"),
        ("Islamic State", "islamic-state"),
        ("Daesh", "islamic-state"),
        ("Da’esh", "islamic-state"),
        ("al-Qaeda", "al-qaeda"),
        ("Taliban", "taliban"),
        ("Hezbollah", "hezbollah"),
        ("Hamas", "hamas"),
        ("al-Shabaab", "al-shabaab"),
        ("Boko Haram", "boko-haram"),
        ("Houthis", "houthis"),
        ("Ansar Allah", "houthis"),
        ("PKK", "kurdistan-workers-party"),
        ("YPG", "people-s-protection-units"),
        ("SDF", "syrian-democratic-forces"),
        ("Jabhat al-Nusra", "hay-at-tahrir-al-sham"),
        ("HTS", "hay-at-tahrir-al-sham"),
        ("Wagner Group", "wagner-group"),
    ],
)
def test_armed_groups(gaz: Gazetteer, surface: str, key: str) -> None:
    text = f"Reports said {surface} attacked a convoy."
    assert spans(gaz, text) == [(surface, key, spans(gaz, text)[0][2])]
    assert gaz.kind(key) == "ArmedGroup"


def test_phoenix_armed_groups_are_included(gaz: Gazetteer) -> None:
    assert "ArmedGroup" in {gaz.kind(k) for k in keys(gaz, "The Basque Fatherland and Liberty")}
    assert len([k for k in gaz if gaz.kind(k) == "ArmedGroup"]) > 500


# ---------------------------------------------------------------------------------------------
# resolve()
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "on", "key"),
    [
        ("Russia", None, "RUS"),
        ("russian federation", None, "RUS"),
        ("RUSSIA", None, "RUS"),
        ("the US", None, "USA"),
        ("Imran Khan", None, "imran-khan"),
        ("imran khan", None, "imran-khan"),
        ("Prime Minister Khan", SEED_DAY, "imran-khan"),
        ("SCO", None, "shanghai-cooperation-organization"),
        ("Shanghai Cooperation Organization", None, "shanghai-cooperation-organization"),
        ("shanghai cooperation organisation", None, "shanghai-cooperation-organization"),
        ("Moscow", None, "moscow"),
        ("National Assembly of Pakistan", None, "PAK-national-assembly"),
        ("the Pakistani army", None, "PAK-army"),
        ("Pakistan's military", None, "PAK-armed-forces"),
        ("prime minister of pakistan", date(2023, 1, 1), "shehbaz-sharif"),
        ("Erdoğan", None, "recep-tayyip-erdogan"),
        ("nato", None, "north-atlantic-treaty-organization"),
        ("Tripoli", None, "tripoli"),
    ],
)
def test_resolve(gaz: Gazetteer, name: str, on: date | None, key: str) -> None:
    entity = gaz.resolve(name, on)
    assert entity is not None and entity.key == key


@pytest.mark.parametrize("name", ["Khan", "Sharif", "us", "Foo Bar", "", "   ", "Hyderabad"])
def test_resolve_unknown_or_ambiguous(gaz: Gazetteer, name: str) -> None:
    assert gaz.resolve(name) is None


# ---------------------------------------------------------------------------------------------
# 8-9. Robustness and determinism
# ---------------------------------------------------------------------------------------------

NOISE = [
    " ",
    "\xa0",
    "\u200f",
    "\u200e",
    "\u200b",
    "“",
    "”",
    "‘",
    "’",
    "(",
    ")",
    ",",
    ".",
    "\n",
    "\t",
    "🙂",
    "🇷🇺",
    "—",
    "«",
    "»",
    "…",
    "e\u0301",
    "مرحبا",
    "中文",
    "Привет",
    "١٢٣",
    "!",
    "\u202e",
    "\ufeff",
    "#",
    "/",
    ":",
    "; ",
]
NAMES = [
    ("Russia", "RUS"),
    ("Pakistan", "PAK"),
    ("Vladimir Putin", "vladimir-putin"),
    ("Moscow", "moscow"),
    ("NATO", "north-atlantic-treaty-organization"),
    ("Shanghai Cooperation Organization", "shanghai-cooperation-organization"),
    ("Hezbollah", "hezbollah"),
    ("Côte d'Ivoire", "CIV"),
    ("U.S.", "USA"),
]
SEPARATORS = [
    " ",
    "\xa0",
    "\u200f",
    "\u200e",
    "\u200b",
    "“",
    "”",
    "(",
    ")",
    ",",
    "\n",
    "🙂",
    "—",
    "«",
    "»",
    "\ufeff",
    "\u202e",
    ": ",
]


def _valid(text: str, found: list[Mention]) -> None:
    last_end = 0
    for m in found:
        assert 0 <= m.begin < m.end <= len(text)
        assert m.begin >= last_end
        assert m.via in VIAS
        last_end = m.end


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_text_never_fails(text: str) -> None:
    gaz = Gazetteer.load()
    found = gaz.find_mentions(text)
    _valid(text, found)
    assert gaz.find_mentions(text) == found
    gaz.resolve(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(NOISE), max_size=8),
    st.sampled_from(SEPARATORS),
    st.sampled_from(NAMES),
    st.sampled_from(SEPARATORS),
    st.lists(st.sampled_from(NOISE), max_size=8),
)
def test_known_names_survive_noise(
    before: list[str], left: str, name: tuple[str, str], right: str, after: list[str]
) -> None:
    surface, key = name
    text = "".join(before) + left + surface + right + "".join(after)
    found = Gazetteer.load().find_mentions(text, SEED_DAY)
    _valid(text, found)
    assert (surface, key) in {(text[m.begin : m.end], m.key) for m in found}


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=40), st.sampled_from(NAMES))
def test_huge_paragraphs(repeat: int, name: tuple[str, str]) -> None:
    surface, key = name
    text = (f"Officials from {surface}’s capital met in Geneva, said “sources”. " * repeat) * 20
    found = Gazetteer.load().find_mentions(text)
    _valid(text, found)
    assert sum(m.key == key for m in found) == repeat * 20


def test_decomposed_diacritics_and_non_breaking_spaces(gaz: Gazetteer) -> None:
    text = "Recep Tayyip Erdog\u0306an met Vladimir\xa0Putin and the President\xa0of Russia."
    found = spans(gaz, text, SEED_DAY)
    assert found[0] == ("Recep Tayyip Erdog\u0306an", "recep-tayyip-erdogan", "name")
    assert found[1] == ("Vladimir\xa0Putin", "vladimir-putin", "name")
    assert found[2][1] == "vladimir-putin"


def test_non_english_text_without_actors(gaz: Gazetteer) -> None:
    assert gaz.find_mentions("") == []
    assert gaz.find_mentions("Путин встретился с Ким Чен Ыном. 中国和巴基斯坦。 🙂🙂") == []
    assert gaz.find_mentions("the weather was fine and nothing happened") == []


def test_same_text_same_mentions(gaz: Gazetteer) -> None:
    text = "Imran Khan met Putin in Moscow; the Russian Foreign Ministry and the SCO agreed."
    assert gaz.find_mentions(text, SEED_DAY) == gaz.find_mentions(text, SEED_DAY)
    assert Gazetteer.load(DATA_PATH).find_mentions(text, SEED_DAY) == gaz.find_mentions(text, SEED_DAY)


# ---------------------------------------------------------------------------------------------
# Tokens and builder helpers
# ---------------------------------------------------------------------------------------------


def test_tokens_and_keys() -> None:
    assert tokenize("U.S.-led") == [(0, 1, "U"), (2, 3, "S"), (5, 8, "led")]
    assert phrase_key("Côte d’Ivoire") == "cote d ivoire"
    assert norm_token("ISTANBUL") == "istanbul"
    assert person_surnames("Ursula von der Leyen") == ["von der leyen"]
    assert person_surnames("Xi Jinping", "Xi") == ["xi"]
    assert person_surnames("Sugiono") == []


def test_phoenix_dates_and_codes() -> None:
    assert parse_phoenix_date("991231") == date(1999, 12, 31)
    assert parse_phoenix_date("080507") == date(2008, 5, 7)
    assert parse_phoenix_date("20091119") == date(2009, 11, 19)
    assert parse_phoenix_date("2004017") is None
    code = parse_code("RUSGOV 991231-080507")
    assert code is not None and (code.code, code.start, code.end) == (
        "RUSGOV",
        date(1999, 12, 31),
        date(2008, 5, 7),
    )
    code = parse_code("RUSGOV >080508")
    assert code is not None and (code.start, code.end) == (date(2008, 5, 8), None)
    code = parse_code("AFGELI")
    assert code is not None and not code.dated
    assert parse_code("X 080101-070101") is None


def test_parse_actor_file(tmp_path: Path) -> None:
    path = tmp_path / "actors.txt"
    path.write_text(
        "# comment\n"
        "RUSSIAN_FEDERATION_  [RUS]\n+RUSSIA_\n+MOSCOW_ # capital\n\n"
        "BORIS_YELTSIN_  # shared codes\nBORIS_N._YELTSIN\n\t[RUSGOV 910710-991231]\n"
        "KOFI_ANNAN_\t[IGOUNO 970101-061231] [ELI]\n",
        encoding="utf-8",
    )
    blocks = parse_actor_file(path)
    assert [b.phrases for b in blocks] == [
        ["RUSSIAN_FEDERATION_", "RUSSIA_", "MOSCOW_"],
        ["BORIS_YELTSIN_", "BORIS_N._YELTSIN"],
        ["KOFI_ANNAN_"],
    ]
    assert [c.code for c in blocks[2].codes] == ["IGOUNO", "ELI"]


def test_parse_agents(tmp_path: Path) -> None:
    path = tmp_path / "agents.txt"
    path.write_text(
        "!PERSON! = MAN, WOMAN\nPARLIAMENT [~LEG]\nCONGRESS!PERSON! [~LEG]\nPOLICE {} [~COP]\nARMY [~MIL]\n",
        encoding="utf-8",
    )
    agents = set(parse_agents(path))
    assert {
        ("PARLIAMENT", "~LEG"),
        ("PARLIAMENTS", "~LEG"),
        ("CONGRESSMAN", "~LEG"),
        ("CONGRESSWOMAN", "~LEG"),
        ("POLICE", "~COP"),
        ("ARMIES", "~MIL"),
    } <= agents
    assert ("POLICES", "~COP") not in agents


def test_titlecase_and_case_masks() -> None:
    assert titlecase("BASHAR AL-ASSAD", frozenset()) == "Bashar al-Assad"
    assert titlecase("COTE D'IVOIRE", frozenset()) == "Cote d'Ivoire"
    assert titlecase("US CONGRESS", frozenset({"US"})) == "US Congress"
    assert case_mask("Ban Ki-moon") == "CC."
    assert case_mask("U.S.") == "XX"
    assert case_mask("al-Qaeda") == ".."
    assert case_mask("LeT") == "M"


@pytest.mark.skipif(not PHOENIX.is_dir(), reason="Phoenix dictionaries not available")
def test_builder_is_deterministic(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"g{seed}.json"
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(ROOT))
        subprocess.run(
            [sys.executable, "-m", "kg.build.gazetteer", "--phoenix", str(PHOENIX), "--out", str(out)],
            check=True,
            env=env,
            cwd=ROOT,
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] == DATA_PATH.read_bytes(), "kg/extract/data/gazetteer.json is stale"


def test_gazetteer_kinds_are_ontology_classes() -> None:
    """The gazetteer stores kinds as indexes into its own KINDS tuple (a data-format contract);
    every one of them must be an entity class of the ontology (the extractor adds Group and
    Facility, which the gazetteer does not list)."""
    from kg.extract.gazetteer import KINDS
    from kg.vocab import ENTITY_KINDS

    assert set(KINDS) <= set(ENTITY_KINDS)
    assert set(ENTITY_KINDS) - set(KINDS) == {"Group", "Facility"}
