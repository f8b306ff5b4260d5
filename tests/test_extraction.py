"""Extraction: the relations an article's text asserts, with modality, evidence and offsets."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import cli
from kg.extract import Extractor
from kg.extract.gazetteer import Gazetteer
from kg.model import Article, Claim, Position
from kg.pipeline import Analyser
from kg.readers import read_sources

from .conftest import DATA


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def article(text: str, on: date | None = date(2019, 7, 9), publisher: str | None = "Daily Post") -> Article:
    return Article(Position("t.txt"), "T", text, on, publisher=publisher)


def found(extractor: Extractor, text: str, **kw: object) -> set[tuple[str, str, str, str]]:
    claims = extractor.claims(article(text, **kw))  # type: ignore[arg-type]
    return {(c.subject.key, c.relation.name, c.object.key, c.modality) for c in claims}


def check_offsets(a: Article, claims: tuple[Claim, ...]) -> None:
    for c in claims:
        for ev in (c.evidence, *c.more_evidence):
            assert 0 <= ev.begin < ev.end <= len(a.text)
            assert a.text[ev.begin : ev.end] == ev.quote


def seed(shared: Path) -> Article:
    item = next(iter(read_sources([str(shared / "seeds" / "russia-pakistan-partnership-2019.md")])))
    assert isinstance(item, Article)
    return item


def test_the_seed_article(extractor: Extractor, shared: Path) -> None:
    a = seed(shared)
    claims = extractor.claims(a)
    check_offsets(a, claims)
    got = {(c.subject.key, c.relation.name, c.object.key, c.modality): c for c in claims}
    assert ("RUS", "strategicPartnerOf", "PAK", "asserted") in got
    assert ("RUS", "cooperatesMilitarilyWith", "PAK", "asserted") in got
    assert ("PAK-national-assembly", "visits", "moscow", "asserted") in got
    assert ("RUS-ground-forces", "visits", "islamabad", "asserted") in got
    assert ("RUS", "transfersArmsTo", "PAK", "hypothetical") in got
    assert ("RUS", "rivalOf", "PAK", "historical") in got
    assert ("USA", "seeksToContain", "CHN", "reported") in got
    assert ("vladimir-putin", "leaderOf", "RUS", "asserted") in got
    commission = got[("RUS", "agreesToEstablish", "high-level-inter-parliamentary-commission", "asserted")]
    assert [e.key for e in commission.jointly_with] == ["PAK"]
    assert commission.object.kind == "Organization"
    meeting = got[("vladimir-putin", "meets", "imran-khan", "asserted")]
    assert meeting.place is not None and meeting.place.key == "bishkek"
    assert meeting.event is not None and meeting.event.label == "SCO Summit 2019 (Bishkek)"
    assert meeting.cameo == "044"  # meeting at a third location
    partnership = got[("RUS", "strategicPartnerOf", "PAK", "asserted")]
    assert partnership.more_evidence  # stated in the lead, the body and later: one claim, three spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia and China signed an agreement on energy.", ("CHN", "signsAgreementWith", "RUS", "asserted")),
        ("Russia did not sign an agreement with China.", ("RUS", "signsAgreementWith", "CHN", "negated")),
        ("Iran could soon sign a deal with India.", ("IRN", "signsAgreementWith", "IND", "hypothetical")),
        ("Their 1970s rivalry still shapes India and Pakistan.", None),
        ("India and Pakistan fought a war in 1971.", ("IND", "inConflictWith", "PAK", "historical")),
        ("Turkey attacked Kurdish militants near the border.", None),
        ("China welcomed Iran's decision.", ("CHN", "supports", "IRN", "asserted")),
        ("Prime Minister Khan visited Beijing.", ("imran-khan", "visits", "beijing", "asserted")),
        ("Russia vowed to attack Ukraine.", ("RUS", "attacks", "UKR", "hypothetical")),
        ("China pledged aid to Pakistan.", ("CHN", "providesAidTo", "PAK", "hypothetical")),
        (
            "Sweden applied to join NATO.",
            ("SWE", "memberOf", "north-atlantic-treaty-organization", "hypothetical"),
        ),
        ("Erdogan invited Putin to visit Turkey.", ("vladimir-putin", "visits", "TUR", "hypothetical")),
        (
            "We will not allow al-Qaida to grow its capacity to attack the United States.",
            ("al-qaeda", "attacks", "USA", "hypothetical"),
        ),
        (
            "Saudi Arabia and Iran agreed to restore relations.",
            ("IRN", "signsAgreementWith", "SAU", "asserted"),
        ),
    ],
)
def test_patterns_and_modality(extractor: Extractor, text: str, expected: tuple[str, ...] | None) -> None:
    got = found(extractor, text)
    if expected is None:
        return
    subject, relation, obj, modality = expected
    assert (subject, relation, obj, modality) in got or (obj, relation, subject, modality) in got, got


def test_reported_speech_names_the_speaker(extractor: Extractor) -> None:
    text = "Foreign Minister Sergei Lavrov said that Russia and China have a strategic partnership."
    claims = extractor.claims(article(text))
    partnership = next(c for c in claims if c.relation.name == "strategicPartnerOf")
    assert partnership.modality == "reported"
    assert partnership.claimed_by is not None and partnership.claimed_by.key == "sergei-lavrov"


def test_passive_and_victims(extractor: Extractor) -> None:
    got = found(extractor, "Dozens of civilians were killed at the hands of ISIL in Mosul.", on=None)
    assert ("islamic-state", "attacks", "civilians", "asserted") in got
    got = found(extractor, "Daesh targeted families and a hospital.", on=None)
    assert ("islamic-state", "attacks", "civilians", "asserted") in got


def test_first_person_in_a_government_release(extractor: Extractor) -> None:
    text = "We will continue to support the Iraqi government against ISIL."
    got = found(extractor, text, on=None, publisher="UK Government")
    assert ("GBR-government", "supports", "IRQ-government", "asserted") in got


def test_no_actors_no_claims(extractor: Extractor) -> None:
    assert found(extractor, "The weather was fine and the markets were calm all week.") == set()


def test_non_english_text_gives_no_claims(extractor: Extractor) -> None:
    text = "Россия и Пакистан подписали соглашение. 俄罗斯和巴基斯坦签署了协议。"
    assert extractor.claims(article(text)) == ()


def test_huge_paragraph_without_punctuation(extractor: Extractor) -> None:
    text = " ".join(["Russia met Pakistan and China visited India"] * 3000)
    a = article(text)
    claims = extractor.claims(a)
    check_offsets(a, claims)
    assert {c.relation.name for c in claims} >= {"meets", "visits"}


ODD = ["\u00a0", "\u200f", "\u200e", "\u202f", "\u0301", "“", "”", "’", "\ufeff", "\u2028", " ", "\n\n", "😀"]
SAFE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(ODD),
            SAFE,
            st.sampled_from(
                [
                    "Russia",
                    "Pakistan",
                    "President Putin",
                    " met ",
                    " visited ",
                    "Moscow",
                    " signed an agreement with ",
                    "their",
                    " could ",
                    " did not ",
                    "Russia’s visit to Islamabad",
                    ".",
                ]
            ),
        ),
        max_size=40,
    )
)
def test_offsets_stay_exact_under_odd_unicode(extractor: Extractor, parts: list[str]) -> None:
    a = article("".join(parts))
    claims = extractor.claims(a)  # never raises
    check_offsets(a, claims)


def test_a_curated_claim_wins_over_the_same_extracted_one(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: T\npublisher: P\ndate: 2019-07-09\nclaims:\n"
        "  - {subject: Russia, relation: strategic partnership, object: Pakistan, confidence: 0.9,\n"
        "     quote: Russia and Pakistan have a strategic partnership}\n"
        "---\nRussia and Pakistan have a strategic partnership. Russia met Pakistan in Moscow.\n"
    )
    a = next(iter(read_sources([str(path)])))
    assert isinstance(a, Article)
    claims = Analyser().analyse(a).claims
    partnerships = [c for c in claims if c.relation.name == "strategicPartnerOf"]
    assert len(partnerships) == 1 and partnerships[0].curated
    assert any(c.relation.name == "meets" and not c.curated for c in claims)


def test_kg_extract(runner: CliRunner, shared: Path, tmp_path: Path) -> None:
    seed_path = str(shared / "seeds" / "russia-pakistan-partnership-2019.md")
    table = runner.invoke(cli, ["extract", seed_path])
    assert table.exit_code == 0, table.output
    assert "strategic partnership" in table.stdout and "Imran Khan" in table.stdout
    data = json.loads(runner.invoke(cli, ["extract", seed_path, "-f", "json"]).stdout)
    assert data[0]["title"].startswith("The Russia-Pakistan Strategic Partnership")
    claims = data[0]["claims"]
    assert all(e["quote"] for c in claims for e in c["evidence"])
    turtle = runner.invoke(cli, ["extract", seed_path, "-f", "turtle"])
    triples = list(ox.parse(turtle.stdout_bytes, format=ox.RdfFormat.TURTLE))
    assert len(triples) > 200
    curated_only = runner.invoke(
        cli, ["extract", str(DATA / "articles" / "aukus-2021.md"), "--curated-only", "-f", "json"]
    )
    assert all(c["curated"] for c in json.loads(curated_only.stdout)[0]["claims"])
    (tmp_path / "bad.md").write_bytes(b"\x00\x01")
    bad = runner.invoke(cli, ["extract", str(tmp_path / "bad.md")])
    assert bad.exit_code == 1 and "binary" in bad.stderr


def test_extracted_claims_respect_the_relation_signatures(extractor: Extractor, shared: Path) -> None:
    texts = [seed(shared)] + [a for a in read_sources([str(DATA / "articles")]) if isinstance(a, Article)]
    for folder in sorted((shared / "corpus" / "re3d-dev").glob("*/documents.json")):
        for line in folder.read_text().splitlines():
            doc = json.loads(line)
            texts.append(
                Article(Position(doc["_id"]), doc["title"], doc["text"], None, publisher=doc["sourceName"])
            )
    checked = 0
    for a in texts:
        for c in extractor.claims(a):
            assert c.relation.allows(c.subject.kind, c.object.kind), (c.subject, c.relation.name, c.object)
            assert all(c.relation.allows(p.kind, c.object.kind) for p in c.jointly_with)
            checked += 1
    assert checked > 150  # the property is checked on many claims, not vacuously


def test_an_ill_typed_curated_claim_is_rejected_with_the_reason(tmp_path: Path) -> None:
    from kg.errors import ArticleError

    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: T\npublisher: P\ndate: 2019-07-09\nclaims:\n"
        "  - {subject: Vladimir Putin, relation: strategic partnership, object: Pakistan,\n"
        "     quote: Putin and Pakistan}\n"
        "---\nPutin and Pakistan.\n"
    )
    a = next(iter(read_sources([str(path)])))
    assert isinstance(a, Article)
    with pytest.raises(ArticleError, match=r"not a relation a Person \(Vladimir Putin\) can have") as err:
        Analyser().analyse(a)
    assert err.value.line == 6 and "Country or Organization" in (err.value.hint or "")


def test_places_do_not_speak(extractor: Extractor) -> None:
    text = "Officials in California said that Mexico and the United States signed an agreement."
    claims = extractor.claims(article(text))
    assert claims and all(c.claimed_by is None for c in claims)  # the author: the speaker is unnamed
    assert {c.modality for c in claims} == {"reported"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # attacks: possessed nouns keep the city as the target; light verbs name the attacker
        ("Russia's escalating attacks on Kharkiv and Odesa continued.", ("RUS", "attacks", "kharkiv")),
        (
            "The United States has launched more than 2,000 strikes against al-Shabaab in Somalia.",
            ("USA", "attacks", "al-shabaab"),
        ),
        (
            "ISIS killed at least 40 members of the Shammar tribe.",
            ("islamic-state", "attacks", "shammar-tribe"),
        ),
        (
            "Kenyan forces recaptured the port of Kismayo from al-Shabaab.",
            ("KEN-armed-forces", "attacks", "al-shabaab"),
        ),
        (
            "Two bombings, claimed by ISIS, killed 30 civilians in Kabul.",
            ("islamic-state", "attacks", "AFG-civilians"),
        ),
        (
            "France condemned the ISIS attack at a crowded market in Baghdad.",
            ("islamic-state", "attacks", "markets"),
        ),
        # co-belligerents: a coordinated subject of an attack fights on one side
        (
            "Canada, Australia and France are committed to defeating ISIS.",
            ("AUS", "cooperatesMilitarilyWith", "CAN"),
        ),
        # aid, support, opposition
        (
            "The EU will provide the government of Ukraine with military support.",
            ("european-union", "providesAidTo", "UKR-government"),
        ),
        ("Turkey supports Azerbaijani sovereignty.", ("TUR", "supports", "AZE")),
        (
            "Britain is committed to supporting the Iraqi government against ISIS.",
            ("GBR", "opposes", "islamic-state"),
        ),
        ("Germany will help defend Lithuania from Russian aggression.", ("DEU", "opposes", "RUS")),
        # agreements and talks named by a noun
        (
            "The agreement signed last week between Armenia and Azerbaijan holds.",
            ("ARM", "signsAgreementWith", "AZE"),
        ),
        (
            "Blinken raised the issue in a call with Lavrov.",
            ("antony-blinken", "communicatesWith", "sergei-lavrov"),
        ),
        (
            "Boris Johnson joined Jean-Marc Ayrault and other partners for talks on Libya.",
            ("boris-johnson", "meets", "jean-marc-ayrault"),
        ),
    ],
)
def test_conflict_support_and_talks_patterns(
    extractor: Extractor, text: str, expected: tuple[str, str, str]
) -> None:
    got = {(s, r, o) for s, r, o, _m in found(extractor, text, on=None, publisher="UK Government")}
    subject, relation, obj = expected
    assert (subject, relation, obj) in got or (obj, relation, subject) in got, got


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # the place of an attack does not do the killing
        (
            "Barrel bomb attacks in Syria which have killed civilians continued.",
            ("SYR", "attacks", "civilians"),
        ),
        # a destination is not a party to the talks
        ("Blinken will travel to Iraq to discuss security.", ("IRQ", "communicatesWith", "antony-blinken")),
        # "on behalf of X, I ...": X is not the one who congratulates
        (
            "On behalf of President Biden and the American people, I congratulate the people of Kenya.",
            ("joe-biden", "supports", "KEN-civilians"),
        ),
        # welcoming an agreement is not supporting one of its parties
        (
            "The minister welcomes the agreement between Iraq and Turkey.",
            ("GBR-government", "supports", "IRQ"),
        ),
        # the named attackers of victims are not allies
        (
            "Civilians were killed at the hands of Assad and ISIS.",
            ("bashar-al-assad", "cooperatesMilitarilyWith", "islamic-state"),
        ),
        # "the summit of the SCO" is an event, not a party to a meeting
        (
            "Putin and Modi met at the summit of the Shanghai Cooperation Organization.",
            ("vladimir-putin", "meets", "shanghai-cooperation-organization"),
        ),
    ],
)
def test_what_the_coder_does_not_claim(extractor: Extractor, text: str, absent: tuple[str, str, str]) -> None:
    got = {(s, r, o) for s, r, o, _m in found(extractor, text, on=None, publisher="UK Government")}
    subject, relation, obj = absent
    assert (subject, relation, obj) not in got and (obj, relation, subject) not in got, got


def test_a_passive_recapture_names_no_liberator(extractor: Extractor) -> None:
    text = "Yemen's army entered Aden. It was recaptured from the Houthis in July."
    assert not {c for c in extractor.claims(article(text)) if c.object.key == "houthis"}


def test_attack_claimed_by_a_group_is_asserted_not_reported(extractor: Extractor) -> None:
    claims = extractor.claims(
        article("Two bombings, claimed by ISIS, killed 30 civilians in Kabul.", on=None)
    )
    attack = next(c for c in claims if c.relation.name == "attacks")
    assert attack.modality == "asserted" and attack.claimed_by is None


def test_they_and_their_are_not_the_articles_two_states_everywhere(extractor: Extractor) -> None:
    text = (
        "Norway and Ireland sent ministers to Oslo. Norway and Ireland agreed on fishing. "
        "Travellers were advised to contact their airlines. They would also kill the hostages."
    )
    got = found(extractor, text)
    assert ("IRL", "communicatesWith", "NOR", "asserted") not in got
    assert ("NOR", "communicatesWith", "IRL", "asserted") not in got
    assert not {g for g in got if g[1] == "attacks"}
    # the pair named as "the nations of X and Y" is X and Y
    got = found(
        extractor, "Israel welcomed it. The conflict between the nations of Armenia and Azerbaijan erupted."
    )
    assert {(s, o) for s, r, o, _m in got if r == "inConflictWith"} <= {("ARM", "AZE"), ("AZE", "ARM")}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # "According to X, Y ...": a comma is not a coordination
        ("According to CNN, Turkey has hosted refugees since the war.", ("cnn", "inConflictWith", "TUR")),
        # "anti-X" names X's opponents
        ("Yemen is host to an anti-Houthi coalition.", ("YEM", "hosts", "houthis")),
        # "Tanzanian-born" describes a person, it is not Tanzania
        ("The BBC got in touch with Tanzanian-born activist Zara Kay.", ("bbc", "communicatesWith", "TZA")),
        # an event name ("the Iraq War") does not take part in talks
        (
            "An Iraq War veteran spoke with Reuters to discuss the election.",
            ("IRQ", "communicatesWith", "reuters"),
        ),
    ],
)
def test_modifiers_and_appositions_are_not_actors(
    extractor: Extractor, text: str, absent: tuple[str, str, str]
) -> None:
    got = {(s, r, o) for s, r, o, _m in found(extractor, text)}
    subject, relation, obj = absent
    assert (subject, relation, obj) not in got and (obj, relation, subject) not in got, got


def test_politicians_attack_with_words(extractor: Extractor) -> None:
    got = found(extractor, "Biden attacked Trump over the pandemic.", on=date(2020, 9, 1))
    assert ("joe-biden", "opposes", "donald-trump", "asserted") in got
    assert not {g for g in got if g[1] == "attacks"}
    got = found(extractor, "Russia attacked Ukraine.", on=date(2022, 3, 1))
    assert ("RUS", "attacks", "UKR", "asserted") in got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # firing at a target, exchanges of fire
        ("Iran fired missiles at US bases in Iraq.", ("IRN", "attacks", "USA-armed-forces")),
        ("Hamas militants fired dozens of rockets into Israel.", ("hamas", "attacks", "ISR")),
        ("India and Pakistan exchanged fire across the border.", ("IND", "inConflictWith", "PAK")),
        ("Syrian troops opened fire on protesters.", ("SYR-armed-forces", "attacks", "protesters")),
        # arms sales and deliveries name the weapons before the buyer
        ("Washington sold F-16 fighter jets to Taiwan.", ("USA", "transfersArmsTo", "TWN")),
        (
            "Russia delivered S-400 air defence systems and missiles to Turkey.",
            ("RUS", "transfersArmsTo", "TUR"),
        ),
        # counted victims, attackers named by the attack noun
        ("ISIL attacks in Baghdad killed 30 people.", ("islamic-state", "attacks", "civilians")),
        ("Russian strikes on Kharkiv killed 10 civilians.", ("RUS", "attacks", "civilians")),
        (
            "Saudi-led coalition airstrikes killed 40 people in Yemen.",
            ("saudi-led-coalition-in-yemen", "attacks", "YEM-civilians"),
        ),
        # backing: compounds, reduced relative clauses, asides
        ("Iran-backed Houthi rebels attacked Saudi Arabia.", ("IRN", "providesAidTo", "houthis")),
        (
            "The Kurdish YPG militia, backed by the US, captured the town from IS.",
            ("USA", "providesAidTo", "people-s-protection-units"),
        ),
        (
            "The Kurdish YPG militia, backed by the US, captured the town from IS.",
            ("people-s-protection-units", "attacks", "islamic-state"),
        ),
        (
            "Putin, speaking in Moscow on Monday, accused NATO of aggression.",
            ("vladimir-putin", "opposes", "north-atlantic-treaty-organization"),
        ),
        # a leader's regime, and "the regime" after it; light verbs of pressure
        (
            "The UK condemned Assad’s regime. The US is applying pressure to the regime.",
            ("USA", "opposes", "assad-regime"),
        ),
        # "coalition" before a noun of its forces or operations
        (
            "ISIS attacked Baghdad. The need to continue coalition operations against ISIS is clear.",
            ("global-coalition-against-daesh", "attacks", "islamic-state"),
        ),
        # the people of an organisation stand for it
        (
            "Kerry will host foreign and defense ministers of the Global Coalition in Washington.",
            ("john-kerry", "hosts", "global-coalition-against-daesh"),
        ),
        # support in a war is military cooperation; support of an action is support of its agent
        (
            "Turkey supports Azerbaijan in its war against Armenia.",
            ("TUR", "cooperatesMilitarilyWith", "AZE"),
        ),
        (
            "ISIL attacked Mosul. The UK and the wider Global Coalition are committed to defeating these "
            "terrorists and have already supported the re-taking by Iraqi security forces of Tikrit.",
            ("global-coalition-against-daesh", "providesAidTo", "IRQ-security-forces"),
        ),
        # attacks withstood, attacks carried out, strikes with their weapons named in between
        (
            "Iraqi security forces repelled an attack by ISIL fighters.",
            ("islamic-state", "attacks", "IRQ-security-forces"),
        ),
        (
            "Al-Qaida remains committed to carrying out terrorist attacks against the United States.",
            ("al-qaeda", "attacks", "USA"),
        ),
        (
            "ISIL attacked Mosul. Coalition military forces conducted 23 strikes using bomber and fighter "
            "aircraft against ISIL targets.",
            ("global-coalition-against-daesh", "attacks", "islamic-state"),
        ),
        ("Syrian helicopters dropped barrel bombs on Aleppo.", ("SYR-arab-air-force", "attacks", "aleppo")),
        # driving out, shooting down, breaking off relations, condemning a state's act
        ("Kurdish fighters have driven IS out of the town of Kobane.", ("kurds", "attacks", "islamic-state")),
        ("Turkey shot down a Russian warplane near the border.", ("TUR", "attacks", "RUS-aerospace-forces")),
        ("Saudi Arabia cut diplomatic ties with Iran.", ("SAU", "opposes", "IRN")),
        (
            "The UN Security Council condemned the North Korean missile test.",
            ("united-nations-security-council", "opposes", "PRK"),
        ),
        # relational nouns in apposition
        (
            "Hezbollah, an ally of President Assad, sent fighters to Syria.",
            ("hezbollah", "alliedWith", "bashar-al-assad"),
        ),
        ("Iran, the main backer of the Houthis, denied it.", ("IRN", "providesAidTo", "houthis")),
        ("Saudi Arabia, Iran's regional rival, welcomed the deal.", ("SAU", "rivalOf", "IRN")),
        ("Russia's ally, the Syrian government, denied the claims.", ("SYR-government", "alliedWith", "RUS")),
        # unnamed armed actors of the state an article is about
        (
            "Syria has been at war since 2011. Rebels have been battling government forces in Aleppo.",
            ("SYR-rebels", "attacks", "SYR-armed-forces"),
        ),
        # briefings are communication
        ("Kerry briefed Lavrov on the talks.", ("john-kerry", "communicatesWith", "sergei-lavrov")),
        # help named after a reduced relative clause goes to the clause's subject; aid to forces is military
        (
            "Syrian opposition forces liberated Dabiq from ISIL, aided by strong support from Turkey.",
            ("TUR", "providesAidTo", "syrian-opposition"),
        ),
        (
            "Syria has been at war since 2011. Aleppo was bombed. Russia struck opposition forces in Idlib.",
            ("RUS", "attacks", "SYR-rebels"),
        ),
        # strikes in support of a government are military aid; their target comes after the weapons
        (
            "ISIL attacked Mosul. Coalition military forces conducted 11 strikes coordinated with and in "
            "support of the government of Iraq using fighter aircraft against ISIL targets.",
            ("global-coalition-against-daesh", "providesAidTo", "IRQ-government"),
        ),
        (
            "ISIL attacked Mosul. Coalition military forces conducted 11 strikes coordinated with and in "
            "support of the government of Iraq using fighter aircraft against ISIL targets.",
            ("global-coalition-against-daesh", "attacks", "islamic-state"),
        ),
        (
            "IS fighters have reportedly executed dozens of people in Mosul.",
            ("islamic-state", "attacks", "IRQ-civilians"),
        ),
        # reduced relations, recognition, mediation, ceasefires, tariffs, accession
        ("Germany recalled its ambassador from Turkey.", ("DEU", "opposes", "TUR")),
        ("Britain expelled 23 Russian diplomats.", ("GBR", "opposes", "RUS-foreign-ministry")),
        ("China summoned the Japanese ambassador.", ("CHN", "opposes", "JPN-foreign-ministry")),
        ("The EU suspended talks with Turkey.", ("european-union", "opposes", "TUR")),
        ("Bahrain and Kosovo recognized Israel.", ("BHR", "cooperatesDiplomaticallyWith", "ISR")),
        ("Egypt mediated between Israel and Hamas.", ("EGY", "communicatesWith", "hamas")),
        ("Qatar brokered a ceasefire between Israel and Hamas.", ("ISR", "signsAgreementWith", "hamas")),
        ("The United States imposed tariffs on Chinese goods.", ("USA", "sanctions", "CHN")),
        # calls, exercises, donations, loans, investment, visits after a modal
        (
            "Xi Jinping and Vladimir Putin held a phone call.",
            ("xi-jinping", "communicatesWith", "vladimir-putin"),
        ),
        (
            "Russia and China launched joint naval exercises in the Sea of Japan.",
            ("RUS", "cooperatesMilitarilyWith", "CHN"),
        ),
        ("China sent medical aid to Italy.", ("CHN", "providesAidTo", "ITA")),
        ("Japan donated vaccines to Vietnam.", ("JPN", "providesAidTo", "VNM")),
        ("China lent Pakistan $2 billion.", ("CHN", "providesAidTo", "PAK")),
        ("Saudi Arabia invested $10 billion in Egypt.", ("SAU", "cooperatesEconomicallyWith", "EGY")),
        ("Modi will visit Washington next week.", ("narendra-modi", "visits", "washington")),
        # a state's aircraft are its forces
        ("Turkish jets struck Kurdish militants in northern Iraq.", ("TUR-air-force", "attacks", "kurds")),
    ],
)
def test_news_patterns(extractor: Extractor, text: str, expected: tuple[str, str, str]) -> None:
    got = {(s, r, o) for s, r, o, _m in found(extractor, text, on=date(2020, 1, 1))}
    assert expected in got, got


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # a backer named in a reduced relative clause is not the attacker
        ("Rebels backed by Turkey attacked Kurdish forces.", ("TUR", "attacks", "kurds")),
        # the place of the attack is not the attacker
        ("Russian strikes on Kharkiv killed 10 civilians.", ("UKR", "attacks", "civilians")),
        # other sales are not arms transfers; firing someone is not an attack
        ("The company sold cars to Iran.", ("", "transfersArmsTo", "IRN")),
        ("Iran fired its ambassador to Iraq.", ("IRN", "attacks", "IRQ")),
        # the agent of a participle is not the subject of a later purpose infinitive
        (
            "Blinken will fly to Paris for a meeting, convened by the French government, to discuss Syria.",
            ("FRA-government", "communicatesWith", "antony-blinken"),
        ),
        # "met ... to discuss": one meeting, not a second claim of communication
        (
            "Philip Hammond met the Iraqi Foreign Minister, Ibrahim al-Jaafari, to discuss the fight.",
            ("philip-hammond", "communicatesWith", "ibrahim-al-jaafari"),
        ),
        # "pushed X back": "back" is a particle here, not support
        ("Iraqi forces pushed ISIL back from Ramadi.", ("islamic-state", "supports", "IRQ")),
        # air strikes in a country are not strikes on the country
        ("Russia has begun air strikes in Syria.", ("RUS", "attacks", "SYR")),
        # the head of a named group is not a second, unnamed group
        ("Houthi rebels attacked Saudi Arabia and Yemen.", ("YEM-rebels", "attacks", "SAU")),
        # a passive without an agent names no attacker, "are not informed" no communication
        ("Two people were killed in the United States on Monday.", ("", "attacks", "USA")),
        ("The United States warned Iran. Iran said Iraq was informed.", ("", "communicatesWith", "IRQ")),
        # a gerund in a list is no statement of the speaker's
        (
            "We said the code has many purposes, including aiding journalists.",
            ("", "providesAidTo", "journalists"),
        ),
        # the forces of a named actor are not a state's unnamed forces
        (
            "ISIL attacked Mosul. Coalition military forces struck ISIL.",
            ("IRQ-armed-forces", "attacks", "islamic-state"),
        ),
        # a recollection is not a recall of diplomats; a site recognised is not a state
        ("He recalled that Iran had criticised Iraq.", ("", "opposes", "IRQ-foreign-ministry")),
        (
            "Greece is proud of the temple. It has been recognized by UNESCO.",
            ("", "cooperatesDiplomaticallyWith", "GRC"),
        ),
        # uncounted "people" are not a group of victims
        ("Many people in Iraq said Iran was right.", ("IRN", "supports", "civilians")),
    ],
)
def test_news_patterns_not_claimed(extractor: Extractor, text: str, absent: tuple[str, str, str]) -> None:
    got = {(s, r, o) for s, r, o, _m in found(extractor, text, on=date(2020, 1, 1))}
    assert not any(r == absent[1] and o == absent[2] and absent[0] in ("", s) for s, r, o in got), got


def test_evidence_spans_name_the_people_acted_upon(extractor: Extractor) -> None:
    text = "ISIL has killed 70 members of the Al Bu Nimr tribe in Anbar province."
    claim = next(c for c in extractor.claims(article(text)) if c.relation.name == "attacks")
    begin, end = claim.evidence.object  # type: ignore[misc]
    assert text[begin:end] == "70 members of the Al Bu Nimr tribe"
    text = "Kerry will host foreign and defense ministers of the Global Coalition in Washington."
    claim = next(c for c in extractor.claims(article(text)) if c.relation.name == "hosts")
    begin, end = claim.evidence.object  # type: ignore[misc]
    assert text[begin:end] == "foreign and defense ministers of the Global Coalition"


def test_a_subjectless_gerund_in_a_statement_is_about_we(extractor: Extractor) -> None:
    text = "The Minister said: we are clear, defeating ISIL will take time but we will win."
    got = {(s, r, o) for s, r, o, _m in found(extractor, text, publisher="UK Government")}
    assert ("GBR-government", "attacks", "islamic-state") in got, got


def test_people_the_gazetteer_does_not_know(extractor: Extractor) -> None:
    text = (
        "Colonel John Dorrian, a coalition spokesman, said ISIS attacked Mosul. "
        "Ahmed al-Assadi, a spokesman for the PMF, blamed Israel for the attack. "
        "Later Dorrian met Dr. Ahmed Kamil Murad in Baghdad."
    )
    found_ = extractor.mentions(article(text))
    names = {text[m.begin : m.end]: m.key for m in found_.mentions}
    assert names["Colonel John Dorrian"] == "john-dorrian"
    assert names["Dorrian"] == "john-dorrian"  # the surname alone, later
    assert names["Ahmed al-Assadi"] == "ahmed-al-assadi"
    assert names["Dr. Ahmed Kamil Murad"] == "ahmed-kamil-murad"
    assert found_.entities["john-dorrian"].kind == "Person"
    got = {(s, r, o) for s, r, o, _m in found(extractor, text)}
    assert ("ahmed-al-assadi", "opposes", "ISR") in got, got
    assert ("john-dorrian", "meets", "ahmed-kamil-murad") in got, got
    # titles before words that are not names, and known people, mint nothing
    for text in ("The Minister of Defence said so.", "President Putin met Mr Trump."):
        assert all(e.kind != "Person" for e in extractor.mentions(article(text)).entities.values())


def test_a_speaker_described_by_an_apposition_is_the_claimant(extractor: Extractor) -> None:
    text = "Colonel John Dorrian, a coalition spokesman, said ISIS attacked Mosul."
    (claim,) = [c for c in extractor.claims(article(text)) if c.relation.name == "attacks"]
    assert claim.modality == "reported"
    assert claim.claimed_by is not None and claim.claimed_by.key == "john-dorrian"


@pytest.mark.parametrize(
    "text",
    [
        "The Russian-Pakistani partnership entered a new phase.",
        "Russia and Pakistan formed a partnership.",
        "The partnership between Russia and Pakistan is growing.",
        "Russia's partnership with Pakistan is growing.",
    ],
)
def test_a_partnership_without_strategic_is_a_weak_partnership(extractor: Extractor, text: str) -> None:
    claims = extractor.claims(article(text))
    got = {(c.subject.key, c.relation.name, c.object.key, c.modality): c for c in claims}
    claim = got.get(("RUS", "strategicPartnerOf", "PAK", "asserted"))
    assert claim is not None, got
    assert claim.confidence < 0.8  # a generic cue: less sure than "strategic partnership"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia aligned with Iran.", ("RUS", "alignsWith", "IRN", "asserted")),
        ("Pakistan has aligned itself with China.", ("PAK", "alignsWith", "CHN", "asserted")),
        ("The Sino-Russian partnership is growing.", ("CHN", "strategicPartnerOf", "RUS", "asserted")),
        ("The Indo-Pakistani war broke out.", ("IND", "inConflictWith", "PAK", "asserted")),
    ],
)
def test_alignment_and_combining_forms(
    extractor: Extractor, text: str, expected: tuple[str, str, str, str]
) -> None:
    got = found(extractor, text)
    s, r, o, m = expected
    assert (s, r, o, m) in got or (o, r, s, m) in got, got


def test_a_combining_form_alone_is_no_state(extractor: Extractor) -> None:
    got = found(extractor, "India and Japan discussed the Indo-Pacific region.")
    assert all("CHN" not in (s, o) for s, _, o, _ in got)
    claims = extractor.claims(article("Japan backs the Indo-Pacific strategy of Australia."))
    assert all(c.subject.key != "IND" and c.object.key != "IND" for c in claims)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Former president Barack Obama met Joe Biden yesterday.",
            ("barack-obama", "meets", "joe-biden", "asserted"),
        ),
        ("Knapp predicts Biden defeats Trump.", ("joe-biden", "opposes", "donald-trump", "hypothetical")),
        ("Russia and Pakistan ended their former rivalry.", ("RUS", "rivalOf", "PAK", "historical")),
    ],
)
def test_former_marks_an_office_and_predictions_are_hypothetical(
    extractor: Extractor, text: str, expected: tuple[str, str, str, str]
) -> None:
    got = found(extractor, text, on=date(2024, 7, 1))
    s, r, o, m = expected
    assert (s, r, o, m) in got or (o, r, s, m) in got, got


def test_a_quotation_of_several_sentences_is_reported_throughout(extractor: Extractor) -> None:
    text = 'Senator Lindsey Graham said: "Turkey attacked the Kurds. Russia met Iran." Iraq met Syria.'
    claims = {(c.subject.key, c.relation.name, c.object.key): c for c in extractor.claims(article(text))}
    for key in (("TUR", "attacks", "kurds"), ("RUS", "meets", "IRN")):
        assert claims[key].modality == "reported"
        assert claims[key].claimed_by is not None and claims[key].claimed_by.key == "lindsey-graham"
    assert claims[("IRQ", "meets", "SYR")].modality == "asserted"  # after the quotation closes


def test_a_stray_quotation_mark_does_not_report_the_next_paragraph(extractor: Extractor) -> None:
    got = found(extractor, 'He said: "We are ready.\n\nIraq met Syria.')
    assert ("IRQ", "meets", "SYR", "asserted") in got


def test_wrote_reports(extractor: Extractor) -> None:
    got = found(extractor, 'McGurk wrote, "Yesterday Trump spoke with Erdogan about Syria."')
    assert ("donald-trump", "communicatesWith", "recep-tayyip-erdogan", "reported") in got


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("According to Sergei Lavrov, Russia and China agreed to sign a trade deal.", "sergei-lavrov"),
        ("According to the Kremlin, Russia and China agreed to sign a trade deal.", "RUS-government"),
    ],
)
def test_the_source_of_according_to_is_the_speaker_not_a_party(
    extractor: Extractor, text: str, speaker: str
) -> None:
    claims = extractor.claims(article(text))
    assert {frozenset((c.subject.key, c.object.key)) for c in claims} == {frozenset(("RUS", "CHN"))}
    for c in claims:
        assert c.modality == "reported"
        assert c.claimed_by is not None and c.claimed_by.key == speaker


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Israel\u200f met Egypt.", ("ISR", "meets", "EGY")),
        ("Japan\u200b and Korea met.", ("JPN", "meets", "KOR")),
        ("Iran\ufeff met Iraq.", ("IRN", "meets", "IRQ")),
        ("Iran\u200d met Iraq.", ("IRN", "meets", "IRQ")),
        ("\u201cIsrael\u201d met Egypt.", ("ISR", "meets", "EGY")),
        ("'Israel' met Egypt.", ("ISR", "meets", "EGY")),
    ],
)
def test_invisible_characters_and_quotes_around_names(
    extractor: Extractor, text: str, expected: tuple[str, str, str]
) -> None:
    a = article(text)
    claims = extractor.claims(a)
    check_offsets(a, claims)
    got = {(c.subject.key, c.relation.name, c.object.key, c.modality) for c in claims}
    s, r, o = expected
    assert (s, r, o, "asserted") in got or (o, r, s, "asserted") in got, got


@pytest.mark.parametrize("mark", ["\u2026", "...", " \U0001f600", " \U0001f44d\U0001f3fd"])
def test_an_ellipsis_or_an_emoji_ends_a_sentence(extractor: Extractor, mark: str) -> None:
    got = found(extractor, f"Russia and China met{mark} India and Pakistan fought a war.")
    assert ("IND", "inConflictWith", "PAK", "asserted") in got
    assert not {(s, r, o) for s, r, o, _ in got if r == "inConflictWith"} & {
        ("RUS", "inConflictWith", "CHN"),
        ("CHN", "inConflictWith", "RUS"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Turkey and Greece had earlier had poor relations over disputed resources.",
        "Turkey and Greece have strained ties.",
        "Relations between Turkey and Greece are tense.",
        "Turkey and Greece have deeply troubled relations.",
        "Turkey and Greece have strained military ties.",
    ],
)
def test_bad_relations_are_no_cooperation(extractor: Extractor, text: str) -> None:
    got = found(extractor, text)
    assert not any(r.startswith("cooperates") or r == "strategicPartnerOf" for _, r, _, _ in got), got


def test_good_relations_are_cooperation(extractor: Extractor) -> None:
    assert ("TUR", "cooperatesWith", "GRC", "asserted") in found(
        extractor, "Turkey and Greece have good relations."
    )


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        (
            "Russia did not meet Pakistan, and China met India.",
            {("RUS", "meets", "PAK", "negated"), ("CHN", "meets", "IND", "asserted")},
            {("RUS", "CHN"), ("PAK", "IND")},
        ),
        (
            "US troops had defeated ISIS and Turkey would be moving into Northern Syria.",
            {("USA-armed-forces", "attacks", "islamic-state", "asserted")},
            {("USA-armed-forces", "TUR")},
        ),
    ],
)
def test_coordination_does_not_cross_into_a_new_clause(
    extractor: Extractor, text: str, expected: set[tuple[str, str, str, str]], absent: set[tuple[str, str]]
) -> None:
    got = found(extractor, text)
    assert expected <= got, got
    pairs = {frozenset((s, o)) for s, _, o, _ in got}
    assert not pairs & {frozenset(p) for p in absent}, got


def test_coordinated_objects_and_subjects_still_join(extractor: Extractor) -> None:
    got = found(extractor, "Russia met China and India. Iran and Iraq met.")
    assert {("RUS", "meets", "CHN", "asserted"), ("RUS", "meets", "IND", "asserted")} <= got
    assert ("IRN", "meets", "IRQ", "asserted") in got or ("IRQ", "meets", "IRN", "asserted") in got


@pytest.mark.parametrize(
    ("on", "bush"),
    [
        (date(1990, 8, 5), "george-h-w-bush"),
        (date(2005, 3, 1), "george-w-bush"),
        (date(2015, 1, 1), "george-w-bush"),  # neither in office: the latest to have been
        (None, "george-w-bush"),
    ],
)
def test_president_bush_is_the_one_in_office(extractor: Extractor, on: date | None, bush: str) -> None:
    claims = extractor.claims(article("President Bush met Chancellor Kohl. George Bush spoke.", on=on))
    people = {c.subject.key for c in claims} | {c.object.key for c in claims}
    assert bush in people, people
    assert not people & ({"george-h-w-bush", "george-w-bush"} - {bush})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trump and Erdogan spoke by phone.", ("donald-trump", "communicatesWith", "recep-tayyip-erdogan")),
        (
            "Trump and Erdogan spoke on the phone on Sunday.",
            ("donald-trump", "communicatesWith", "recep-tayyip-erdogan"),
        ),
        ("Turkey began a military offensive into north-eastern Syria.", ("TUR", "attacks", "SYR")),
        ("Turkey's incursion into northern Syria continued.", ("TUR", "attacks", "SYR")),
        ("Iran entered into an agreement with Iraq.", ("IRN", "signsAgreementWith", "IRQ")),
        ("Iran struck a deal with Iraq.", ("IRN", "signsAgreementWith", "IRQ")),
        ("US President Donald Trump spoke.", ("donald-trump", "leaderOf", "USA")),
        ("U.S. President Donald Trump spoke.", ("donald-trump", "leaderOf", "USA")),
    ],
)
def test_phone_calls_offensives_deals_and_us_titles(
    extractor: Extractor, text: str, expected: tuple[str, str, str]
) -> None:
    got = {(s, r, o) for s, r, o, _ in found(extractor, text, on=date(2019, 10, 15))}
    assert expected in got, got


def test_an_offensive_inside_a_place_is_not_an_attack_on_it(extractor: Extractor) -> None:
    got = found(extractor, "The rebels walked into Syria. Iran sent troops into the talks with Iraq.")
    assert not {(s, o) for s, r, o, _ in got if r == "attacks"} & {("IRN", "IRQ"), ("IRN", "SYR")}, got


def test_a_sentence_that_opens_with_a_past_year_is_historical_throughout(extractor: Extractor) -> None:
    text = (
        "In 1905, Roosevelt mediated a peace agreement between Japan and Russia, fostering the treaty "
        "that ended the Russo-Japanese War. In 2019, Iran met Iraq."
    )
    got = found(extractor, text, on=date(2020, 9, 1))
    assert ("RUS", "inConflictWith", "JPN", "historical") in got or (
        "JPN",
        "inConflictWith",
        "RUS",
        "historical",
    ) in got
    assert not {m for s, r, o, m in got if {s, o} == {"RUS", "JPN"} and m != "historical"}, got
    assert ("IRN", "meets", "IRQ", "asserted") in got, got


def test_concerts_are_no_cooperation(extractor: Extractor) -> None:
    got = found(extractor, "The band reunited in 2005 for several London and New York concerts.")
    assert not got, got


def test_i_is_a_person_not_a_state_named_before_a_quote(extractor: Extractor) -> None:
    text = 'Iran said "we are ready". Then I went to Munich for the talk.'
    got = found(extractor, text)
    assert not [c for c in got if c[0] == "IRN" and c[1] == "visits"], got


def test_a_game_is_not_a_fight(extractor: Extractor) -> None:
    got = found(extractor, "Pakistan defeated India in a cricket match. Iraqi forces defeated ISIL in Mosul.")
    assert not [c for c in got if {c[0], c[2]} == {"PAK", "IND"}], got
    assert any(r == "attacks" and o == "islamic-state" for _, r, o, _ in got), got


@pytest.mark.parametrize(
    ("text", "on", "expected"),
    [  # a title names who holds the office now, whatever the clause around it says
        (
            "Zelensky declined Prime Minister Oleksiy Honcharuk's offer to resign.",
            date(2020, 1, 18),
            {"oleksiy-honcharuk"},
        ),
        ("President Vladimir Putin declared Russians would be paid.", date(2020, 4, 5), {"vladimir-putin"}),
        # the office of someone else: no claim about today's holder
        (
            "Jacques Chirac, who served as President of France for twelve years, died.",
            date(2019, 9, 26),
            set(),
        ),
        ("Mubarak was the President of Egypt from 1981 until 2011.", date(2020, 2, 27), set()),
        ("Hosni Mubarak, the former President of Egypt, died.", date(2020, 2, 27), set()),
    ],
)
def test_leaders_named_by_their_titles(extractor: Extractor, text: str, on: date, expected: set[str]) -> None:
    leaders = {(s, m) for s, r, _, m in found(extractor, text, on=on) if r == "leaderOf"}
    assert leaders == {(s, "asserted") for s in expected}


def test_a_commemorated_war_is_historical(extractor: Extractor) -> None:
    got = found(
        extractor,
        "Rouhani spoke at an annual commemoration of the eight-year Iran–Iraq War.",
        on=date(2019, 9, 23),
    )
    assert got and all(m == "historical" for s, r, o, m in got if {s, o} == {"IRN", "IRQ"}), got


def test_their_is_no_pair_of_states_the_article_is_not_about(extractor: Extractor) -> None:
    text = (
        "The United States election is near. American voters are tired. The United States Senate met. "
        "A delegate from Antigua and Barbuda watched. Several parties were considering severing their ties "
        "with the national party."
    )
    assert not found(extractor, text), found(extractor, text)
    pair = "Russia is near Pakistan. Russia and Pakistan talk. Their military ties grew."
    assert ("RUS", "cooperatesMilitarilyWith", "PAK", "asserted") in found(extractor, pair)


def test_the_two_with_a_description_is_not_the_articles_pair(extractor: Extractor) -> None:
    context = "The United States and Israel talked. The United States and Israel met again.\n\n"
    qualified = found(extractor, context + "The conflict between the two Post-Soviet states goes on.")
    plain = found(extractor, context + "The conflict between the two states goes on.")
    assert not [c for c in qualified if c[1] == "inConflictWith"], qualified
    assert [c for c in plain if c[1] == "inConflictWith"], plain


def test_regime_forces_are_a_regime_named_before_not_a_regiment() -> None:
    from kg.extract.mentions import ContextMentions

    gaz = Gazetteer.load()
    text = (
        "The Syrian regime spoke. The Special Purpose Islamic Regiment attacked. Later regime forces "
        "shelled the town, and the regime said so."
    )
    found = ContextMentions(gaz, date(2019, 7, 9), None).find(text, gaz.find_mentions(text))
    keys = {text[m.begin : m.end]: m.key for m in found.mentions}
    assert keys.get("regime forces") == "assad-regime", keys
    assert keys.get("the regime") == "assad-regime", keys


def test_an_apposition_does_not_claim_again_what_a_cue_claimed(extractor: Extractor) -> None:
    claims = extractor.claims(article("Iran's ally Syria attacked Israel."))
    allied = [c for c in claims if c.relation.name == "alliedWith"]
    assert len(allied) == 1 and not allied[0].more_evidence, allied
