"""The closed-class words and phrases the relation coder knows: what it may skip between a cue and
its actors, what modifies a noun, what refers back to a pair, where clauses break. Data only."""

from __future__ import annotations

import re

#: Words between a subject and its verb: auxiliaries, negation, adverbs.
SKIP_BEFORE_VERB = frozenset(
    (
        "again all already also are be been being both can could did do does even eventually ever "
        "finally first formally fully further had has have help helped helping helps is itself jointly "
        "later likely may might "
        "must never not now officially once perhaps possibly publicly recently repeatedly reportedly "
        "should soon still strongly themselves then to today together was were will would yesterday "
        # control verbs before an infinitive: "X remains committed to carrying out attacks"
        "aims applied applies attempted committed continue continued continues determined intend intends "
        "plan planned "
        "plans pledged promised remain remained remains seek seeking seeks sought tried tries vowed"
    ).split()
) | frozenset(("n't",))


#: Words between a verb (or preposition) and its object: determiners, adjectives, relation nouns.
SKIP_AFTER = frozenset(
    (
        "a accord against agreement agreements allies ally alongside among an at attack attacks "
        "barbaric between both brutal by close counterpart counterparts deal deals fellow for formal "
        "fresh from further her his horrific ideology in into its latest leaders long-time longtime "
        "memorandum menace neighboring neighbouring new of official on organisation organization our "
        "pact poisonous relations relationship scourge senior so-called terrorism terrorist the their "
        "these this threat ties to top treaty upon vile visiting with ’"
    ).split()
) | frozenset(('"', "‘", "“", "”"))


#: Quantities before a victim or partner ('killed at least 70 members of X', 'met dozens of X'),
#: skipped like determiners.
QUANTITIES = frozenset(
    (
        "about all almost around dozens hundreds least many members millions more nearly over scores "
        "several some tens than thousands"
    ).split()
)


#: Nouns after an actor's name that denote the actor's people ('Syrian opposition **forces**').
ACTOR_HEADS = frozenset(
    (
        "aircraft authorities delegation fighters forces gunmen insurgents jets leaders leadership "
        "militants militia militias militiamen officials rebels soldiers troops units warplanes"
    ).split()
)


#: Adjectives before an institution's name ('the **Federal** Government of Iraq').
INSTITUTION_ADJECTIVES = frozenset(
    ("central federal interim local municipal national provincial regional transitional").split()
)


#: Words of an amount of money ('$100 million in aid').
MONEY = frozenset(("$ £ € billion billions dollars euros million millions pounds trillion us$ usd").split())


#: Nouns of the help one actor gives another ('provide X **with** military **support**').
AID_NOUNS = frozenset(("aid arms assistance equipment funding funds loans support training weapons").split())


#: Light verbs of an event noun: their subject is the noun's agent ('the coalition **launched**
#: 8,000 strikes against X', 'X **held** meetings with Y', 'X **carried out** attacks on Y').
EVENT_VERBS = frozenset(
    (
        "began begin begins begun carried carries carry carrying committed commit commits conduct conducted "
        "conducting conducts continue continued continues continuing deliver delivered delivering "
        "delivers escalate escalated escalates extend extended extends gave give gives giving held hold "
        "holding holds intensified intensifies intensify launch launched launches launching led mount "
        "mounted mounts offer offered offering offers opened paid pay pays perpetrated pledge pledged "
        "pledges provide provided provides providing pursue pursued render rendered renders resume "
        "resumed resumes send sending sends sent stage staged stages started stepped unleashed use used "
        "uses using wage waged wages waging cease halt end stop suspend apply applied applies applying "
        "exert exerted exerting exerts increase increased increasing put putting step"
    ).split()
)


#: Particles of a light verb ('carried out', 'stepped up').
PARTICLES = frozenset(("out", "up", "into"))


#: Prepositions that make an event noun an adjunct of its clause ('X raised it **in** a call with
#: Y', 'X spoke **during** talks with Y'): the clause's subject takes part in the event.
ADJUNCT_PREPOSITIONS = frozenset(("in", "during", "at", "after", "before"))


#: Nouns of a relation between others: an attitude towards one is not towards its parties.
RELATION_NOUNS = frozenset(
    ("accord agreement agreements deal deals memorandum pact relations relationship ties treaty").split()
)


#: Forms of 'provide': aid only when 'with' and a noun of help follow the recipient.
PROVIDE = frozenset(("provide provided provides providing supplied supply supplies supplying").split())


#: Forms of 'welcome': support, or hosting when persons are welcomed to a place.
WELCOME = frozenset(("welcome welcomed welcomes welcoming").split())


#: 'urged X to ...': the infinitive's agent is X only.
OBJECT_CONTROL = frozenset(
    (
        "allowed asked asks called encouraged help helped invite invited invites press pressed requested "
        "told urge "
        "urged urges"
    ).split()
)


#: Relations whose noun cue takes the clause's subject when it has no possessor.
STANCES = frozenset(("opposes supports").split())


#: Adjectives of attack nouns ('escalating attacks'), skipped when looking for the attacker.
ATTACK_ADJECTIVES = frozenset(
    (
        "barbaric bomb brutal car chemical continued continuing coordinated cowardly deadly deliberate "
        "escalating heinous horrific indiscriminate missile mortar multiple repeated rocket suicide "
        "terrorist vicious military ground air naval major full-scale large-scale cross-border"
    ).split()
)

#: "**their** ties", "**our** partners": a possessive pronoun before a noun.
POSSESSIVE_PRONOUNS = frozenset(("our", "my", "their", "its", "his", "her"))

#: Words of games: a state that "defeated" another "in a cricket match" did not fight it.
SPORTS = frozenset(
    (
        "match matches cricket football soccer rugby hockey basketball tennis olympics olympic "
        "tournament championship championships semi-final semifinal quarter-final innings medal"
    ).split()
)

#: Parts of a country named before it: "an offensive into **northern** Syria".
DIRECTIONS = frozenset(
    (
        "northern southern eastern western central north-eastern northeastern north-western "
        "northwestern south-eastern southeastern south-western southwestern"
    ).split()
)


#: Nouns a state name modifies ('Syria sanctions'): the state is then not the object.
MODIFIED_HEADS = frozenset(
    (
        "agreement ambassador authorities border capital citizens city co-operation conflict "
        "cooperation council counterparts crisis deal dialogue diplomats embassy envoy issue listings "
        "nationals officials partnership policy program programme province region relations "
        "relationship sanctions situation strategy summit talks territory ties town troops war"
    ).split()
)


#: Nouns of the people who act for a state ('the French **counterparts**', 'Iraqi **officials**').
OFFICIALS = frozenset(
    ("ambassador counterpart counterparts diplomats envoy leaders minister ministers officials").split()
)


#: Verbs of attack that between politicians are words or votes ("Biden attacked Trump").
VERBAL_ATTACKS = frozenset(("attack attacked attacking attacks defeat defeated defeating defeats").split())


#: Verbs whose subject withstands an attack named after them ('X **repelled** an attack by Y').
DEFENCE_VERBS = frozenset(
    (
        "repelled repel repels repelling repulsed repulse fended foiled foil thwarted withstood "
        "under suffered survived"
    ).split()
)

#: Nouns of an action whose agent "by X"/"of X" names the actor a stance is taken towards
#: ('supported the **re-taking** by Iraqi forces', 'backs the **efforts** of Iraq').
OWNED_EVENTS = frozenset(
    (
        "advance campaign efforts fight liberation offensive operation operations recapture re-taking "
        "retaking struggle work"
    ).split()
)

#: Nouns after a state's name or adjective that stand for the state when it is sanctioned or
#: traded with ('tariffs on **Chinese goods**', 'sanctions on Russian **banks**').
TRADE_HEADS = frozenset(
    "banks companies entities exports firms goods imports individuals oil products steel".split()
)

#: Munitions between a verb of firing and its target ('fired **rockets** at X').
MUNITIONS = frozenset(
    (
        "artillery ballistic barrage barrel bomb bombs bullets cruise drones grenades missile missiles "
        "mortar mortars munitions projectiles rocket rockets rounds salvo salvoes shells shots tear gas"
    ).split()
)

#: Prepositions after a verb of firing that introduce its target ('fired rockets **at** X').
FIRE_TARGETS = frozenset(("at", "on", "into", "towards", "toward", "against", "upon"))

#: Weapons whose sale or delivery is an arms transfer ('sold F-16 **jets** to Taiwan').
WEAPONS = frozenset(
    (
        "aircraft ammunition armaments arms artillery bombers drones equipment fighter fighters "
        "firearms frigates guns helicopters howitzers jets missile missiles munitions rifles "
        "submarines tanks warplanes warships weapons weaponry"
    ).split()
)

#: Words before "people" that make them a counted group of victims ('killed **28** people').
COUNTED = frozenset(
    ("dozens hundreds many scores several thousands tens least more than over nearly some").split()
)

#: Nouns of an attack, whose agent a "claimed by X" names.
ATTACK_NOUNS = frozenset(
    (
        "airstrike airstrikes assault assaults attack attacks bombardment bombardments bombing bombings "
        "explosion explosions missile missiles offensive raid raids rocket rockets shelling strike strikes"
    ).split()
)


#: Nouns a state's name or adjective modifies that stand for the state itself when an attitude is
#: taken ('supports Iraqi sovereignty', 'condemned Russian aggression').
OWNED_HEADS = frozenset(
    (
        "aggression annexation actions crackdown decision efforts independence integrity invasion "
        "leadership occupation offensive position programme program proposal provocation provocations "
        "sovereignty stability test tests unity"
    ).split()
)


#: Participles between a noun and its arguments ('the agreement **reached** between X and Y').
NOUN_PARTICIPLES = frozenset(("announced concluded held made reached signed struck").split())


#: Time words after a noun or participle ('reached **yesterday**', 'signed **last week**').
TIME_WORDS = frozenset(("earlier last month morning next this today tonight week year yesterday").split())


#: Month names (lower case).
MONTHS = frozenset(
    (
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec"
    ).split()
)


#: Determiners: they start a noun phrase.
DETERMINERS = frozenset(("a an any every some that the these this those").split())


#: Possessive marks after a name.
POSSESSIVE_MARKS = frozenset(("’").split()) | frozenset(("'", "'s"))


#: 'the two leaders': a pair of people, not of states.
PERSON_NOUNS = frozenset(("counterparts heads leaders men ministers premiers presidents women").split())


#: Pronouns that refer to a pair.
PAIR_WORDS = frozenset(("their theirs them they").split())


#: Pronouns that refer to one actor.
SINGLE_PRONOUNS = frozenset(("he her his it its she").split())


#: 'their decision to ...': nouns whose possessor is the agent of the following verb.
LIGHT_NOUNS = frozenset(
    (
        "agreement attempts bid commitment decision desire effort efforts intention move moves plan "
        "plans push willingness"
    ).split()
)


#: 'the U.S. commitment to support X', 'Coalition efforts to defeat Y': nouns of intent whose owner
#: is the agent of the infinitive after them.
INTENT_NOUNS = LIGHT_NOUNS | frozenset(
    (
        "ability campaign capabilities capability capacity determination drive fight goal mission "
        "obligation pledge promise readiness resolve responsibility role strategy struggle work"
    ).split()
)


#: 'expand joint military ties': verbs between a possessor and a relation noun.
LIGHT_VERBS = frozenset(
    (
        "advance bolster boost broaden build consolidate deepen develop diversify elevate enhance "
        "expand forge improve increase intensify promote restore resume revive strengthen upgrade"
    ).split()
)


#: Words and marks that start a new clause.
CLAUSE_BREAKS = frozenset((": ; although because but however that though whereas while – —").split())


#: Verbs of founding an institution.
ESTABLISH_VERBS = frozenset(("build create created establish established form launch set").split())


#: Leader titles: a person named with one of them leads a state or organisation.
LEADER_TITLES = frozenset(
    (
        "Amir",
        "Chancellor",
        "Crown Prince",
        "Emir",
        "General Secretary",
        "King",
        "Premier",
        "President",
        "Prime Minister",
        "Queen",
        "Secretary General",
        "Secretary-General",
        "Sultan",
        "Supreme Leader",
    )
)


#: Adjectives before a relation noun ('the first meeting').
_NOUN_PREMODIFIERS = frozenset(
    (
        "active all-weather annual bilateral broad broader close closer cold comprehensive deep deeper "
        "enhanced expanded fast-moving first formal fresh further growing high-level historic important "
        "inaugural informal joint key landmark latest long-standing longstanding more much-needed "
        "multilateral mutual new official old ongoing planned productive proposed recent reciprocal "
        "so-called special state strategic strong stronger successful three-day trilateral two-day "
        # nouns that name the kind of accord or talks: "the Egypt-Israel **peace** treaty"
        "ceasefire cease-fire framework normalisation normalization nuclear peace truce "
        # kinds of aid: "sent **medical** aid to Italy"
        "development emergency food humanitarian medical"
    ).split()
) | frozenset(('"', "“", "”"))


#: Words before a relation noun that do not end its noun phrase.
PREMODIFIERS = ATTACK_ADJECTIVES | _NOUN_PREMODIFIERS


PREPOSITIONS = ("between", "with", "to", "against", "on", "of", "by", "among", "for", "in", "at", "into")


#: Verb cues that are nouns after a determiner or a name ('the ISIL **attack** at a market').
NOUN_VERBS = frozenset(("assault assaults attack attacks bombing bombings raid raids strike strikes").split())


#: 'civilians, **including** children', 'infrastructure **such as** hospitals': what extends a
#: noun phrase by examples.
EXAMPLE_MARKERS = (("including",), ("such", "as"), ("especially",), ("notably",))


#: Nouns of "the two neighbours", "both countries": a pair of states.
STATE_NOUNS = frozenset("countries nations neighbours neighbors states governments powers capitals".split())

#: Words after a demonym that do not make it a modifier ("Russian and Pakistani", "Iranian said").
FUNCTION_WORDS = frozenset(
    (
        "and or but to in on at of for with by from as that which who whose is are was were has have had "
        "will would could should may might must can did does do said says told announced the a an than "
        "also not"
    ).split()
)

#: Phrases that refer to a pair of actors, longest first.
PAIR_PHRASES: tuple[tuple[str, ...], ...] = (
    ("the", "two", "sides"),
    ("both", "sides"),
    ("both", "countries"),
    ("the", "two", "countries"),
    ("the", "two", "nations"),
    ("both", "nations"),
    ("the", "two", "states"),
    ("the", "two", "great", "powers"),
    ("these", "two", "great", "powers"),
    ("the", "two", "governments"),
    ("both", "governments"),
    ("each", "other"),
    ("one", "another"),
    ("the", "two", "neighbours"),
    ("the", "two", "neighbors"),
    ("the", "two", "leaders"),
    ("the", "two"),
)


SECURITY_TOPICS = re.compile(r"^(terror\w*|counter-?terror\w*|extremis\w*|insurgen\w*|militan\w*)$")


PAIR_REFERENCE = re.compile(r"\b(?:their|they|them|theirs|both|two|each other|one another)\b", re.IGNORECASE)


#: A title at the start of a person mention ("President Putin").
TITLES = re.compile(
    r"^(?:the\s+)?(?:[A-Z][A-Za-z.]*(?:['’]s)?\s+)?"  # "Russian", "US", "U.S.", "Russia's"
    r"(President|Prime Minister|Premier|Chancellor|King|Queen|Emir|Amir|"
    r"Sultan|Supreme Leader|Secretary[- ]General|General Secretary|Crown Prince|Vice President|"
    r"Foreign Minister|Foreign Secretary|Defence Minister|Defense Minister|Defence Secretary|"
    r"Secretary of State|Chairman|Speaker)\b"
)


NAME_WORD = re.compile(r"^[A-Z][\w'’-]*$")

#: Qualifiers that make "relations"/"ties" bad ones, not cooperation ("poor relations").
BAD_RELATIONS = frozenset(
    {
        "poor",
        "strained",
        "tense",
        "bad",
        "hostile",
        "frosty",
        "troubled",
        "sour",
        "soured",
        "souring",
        "worsening",
        "deteriorating",
        "deteriorated",
        "damaged",
        "fraught",
        "icy",
        "rocky",
        "uneasy",
        "acrimonious",
        "antagonistic",
        "difficult",
        "broken",
    }
)
#: Words before such a qualifier used as a predicate ("relations are tense", "ties have soured").
BAD_RELATIONS_LINKS = frozenset(
    {
        "are",
        "were",
        "is",
        "was",
        "been",
        "be",
        "remain",
        "remained",
        "remains",
        "became",
        "become",
        "grew",
        "have",
        "has",
        "had",
        "very",
        "increasingly",
        "deeply",
        "badly",
        "severely",
        "seriously",
        "highly",
        "so",
        "too",
        "more",
        "further",
    }
)
INTENSIFIERS = frozenset(
    {"very", "increasingly", "deeply", "badly", "severely", "seriously", "highly", "so", "long"}
)
