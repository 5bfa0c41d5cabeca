"""The shapes of the demo data of Buurtteam Oost, its users, themes, prompts and follow-ups.

Pure data: records refer to each other by short keys ("ria", "idea_maaltijd"); the seeder
turns keys into ids. Times are relative (days ago, days from now) so the demo always looks
current. Language: strengths only; residents are buurtmakers.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.conversations.models import (
    AskStatus,
    ConnectionKind,
    ConnectionStatus,
    ConversationKind,
    ConversationLanguage,
    Dimension,
    DiscoveryKind,
    ExchangeType,
    IdeaPhase,
    InstitutionOffer,
    PlaceType,
    QualityType,
    RefType,
    ReviewStatus,
    Visibility,
    Willingness,
)
from app.people.models import ConsentHow, ConsentScope
from app.teams.models import Role

OOSTERPARK = "Oosterpark"
DAPPERBUURT = "Dapperbuurt"
NEIGHBOURHOODS: tuple[str, ...] = (OOSTERPARK, DAPPERBUURT)

SAMIRA = "samira@buurtteam-oost.nl"
JOOST = "joost@buurtteam-oost.nl"
ANOUK = "anouk@buurtteam-oost.nl"


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: Role


# The coordinator comes first: she leads the weekoverleg and reviews the discoveries.
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(SAMIRA, "Samira El Idrissi", Role.coordinator),
    DemoUser(JOOST, "Joost de Vries", Role.worker),
    DemoUser(ANOUK, "Anouk Bakker", Role.worker),
)

# Theme names as the team starts with them (app/teams/defaults.py).
KOKEN = "koken & eten"
TAAL = "taal & lezen"
TECHNIEK = "techniek & klussen"
DIGITAAL = "digitaal"
ZORG = "zorg voor elkaar"
GROEN = "groen & natuur"
KUNST = "kunst & cultuur"
MUZIEK = "muziek"
SPORT = "sport & bewegen"
KINDEREN = "kinderen & jongeren"
ONDERNEMEN = "ondernemen & geld"
ORGANISEREN = "organiseren & verbinden"
VERHALEN = "verhalen & geschiedenis"
HANDWERK = "handwerk & mode"

# Prompt card texts as the team starts with them.
P_WORTH = "Wat maakt deze straat voor u de moeite waard?"
P_HOW_LONG = "Hoe lang woont u hier al, en wat is er in die tijd mooi geworden?"
P_KNOW = "Waar weet u veel van?"
P_ADVICE = "Waar vragen buren u weleens om raad over?"
P_TOUCHES = "Waar maakt u zich druk om, wat raakt u?"
P_MORE_OF = "Waar zou u graag meer van zien in de buurt?"
P_HANDS = "Wat kunt u goed met uw handen?"
P_TEACH = "Wat zou u anderen willen leren?"
P_START = "Als u iets kon starten in de buurt, wat?"
P_WHO_ELSE = "Met wie moet ik nog meer praten?"
P_WHO_SPECIAL = "Wie kent u die hier iets bijzonders doet?"
P_SELF = "Wat kunnen we als buurtbewoners zelf doen?"
P_LITTLE_HELP = "Wat kunnen we met een beetje hulp?"
P_OUTSIDE = "Waarvoor hebben we hulp van buiten nodig?"

# Consent scopes, from "shared in the team" to "everything".
IN_TEAM: tuple[ConsentScope, ...] = (ConsentScope.store_name, ConsentScope.share_in_team)
IN_TEAM_CONTACT: tuple[ConsentScope, ...] = (*IN_TEAM, ConsentScope.contact)
IN_OVERVIEW: tuple[ConsentScope, ...] = (*IN_TEAM, ConsentScope.name_in_overview)
ALL_SCOPES: tuple[ConsentScope, ...] = tuple(ConsentScope)


@dataclass(frozen=True)
class DemoPerson:
    key: str
    neighbourhood: str
    recognition: str
    street: str = ""
    first_name: str | None = None
    scopes: tuple[ConsentScope, ...] = ()
    how: ConsentHow = ConsentHow.verbal
    is_connector: bool = False


@dataclass(frozen=True)
class DemoRef:
    """One side of a connection: a person key, or the key of an earlier discovery."""

    type: RefType
    key: str


def person_ref(key: str) -> DemoRef:
    return DemoRef(RefType.person, key)


def group_ref(key: str) -> DemoRef:
    return DemoRef(RefType.group, key)


def institution_ref(key: str) -> DemoRef:
    return DemoRef(RefType.institution, key)


def place_ref(key: str) -> DemoRef:
    return DemoRef(RefType.place, key)


def idea_ref(key: str) -> DemoRef:
    return DemoRef(RefType.idea, key)


@dataclass(frozen=True)
class DemoReview:
    """What the weekoverleg after the conversation decided about a discovery."""

    status: ReviewStatus
    note: str = ""


def discussed(note: str = "") -> DemoReview:
    return DemoReview(ReviewStatus.discussed, note)


def follow_up(note: str) -> DemoReview:
    return DemoReview(ReviewStatus.follow_up, note)


def parked(note: str) -> DemoReview:
    return DemoReview(ReviewStatus.parked, note)


@dataclass(frozen=True)
class DemoAsk:
    """What an idea's residents ask of a partner: an institution of the demo (its key) or a
    named partner."""

    what: str
    status: AskStatus = AskStatus.asked
    offer: InstitutionOffer | None = None
    institution: str = ""
    partner: str = ""


@dataclass(frozen=True)
class DemoTalkTo:
    """Someone the resident says to talk to as well ("nog te spreken"), maybe a known
    bewoner (key); `spoken`: the worker did, two days later."""

    what: str
    person: str | None = None
    spoken: bool = False


@dataclass(frozen=True)
class DemoDiscovery:
    kind: DiscoveryKind
    title: str
    description: str
    key: str = ""
    people: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    visibility: Visibility = Visibility.team
    highlight: bool = False
    review: DemoReview | None = None
    # quality
    dimensions: tuple[Dimension, ...] = ()
    quality_type: QualityType | None = None
    willingness: tuple[Willingness, ...] = ()
    # group
    would_like: str = ""
    if_asked: str = ""
    # institution, place, exchange
    offers: tuple[InstitutionOffer, ...] = ()
    place_type: PlaceType | None = None
    exchange_type: ExchangeType | None = None
    # connection
    from_ref: DemoRef | None = None
    to_ref: DemoRef | None = None
    connection_kind: ConnectionKind | None = None
    # connection and idea lifecycles
    status: ConnectionStatus | IdeaPhase | None = None
    # idea
    trekkers: tuple[str, ...] = ()
    supporters: tuple[str, ...] = ()
    idea_self: str = ""
    idea_little_help: str = ""
    idea_outside: str = ""
    asks: tuple[DemoAsk, ...] = ()


@dataclass(frozen=True)
class DemoConversation:
    key: str
    days_ago: int
    # Hour of the day in UTC; the minutes are drawn by the seeder.
    hour: int
    author: str
    neighbourhood: str
    kind: ConversationKind
    place: str
    summary: str
    people: tuple[str, ...] = ()
    unnamed: int = 0
    prompts: tuple[str, ...] = ()
    talk_to: tuple[DemoTalkTo, ...] = ()
    discoveries: tuple[DemoDiscovery, ...] = ()


# The language a talk went in, as its buurtwerker noted it on the phone: most went in Dutch.
SPOKEN_IN: dict[str, ConversationLanguage] = {
    "c02": ConversationLanguage.tamazight,  # Aïcha, in the speeltuin
    "c07": ConversationLanguage.turkish,  # at the stoffenkraam
    "c14": ConversationLanguage.arabic,  # Yusuf on the phone
    "c22": ConversationLanguage.english,  # Kwame's atelier
    "c28": ConversationLanguage.arabic,  # the letters, at the bakker
    "c35": ConversationLanguage.turkish,  # beside the stoffenkraam
}


@dataclass(frozen=True)
class DemoFollowUp:
    what: str
    owner: str
    # Negative: the due date has passed.
    due_in_days: int
    done_days_ago: int | None = None
    conversation: str | None = None
    person: str | None = None
    discovery: str | None = None


FOLLOW_UPS: tuple[DemoFollowUp, ...] = (
    DemoFollowUp(
        "Vragen of de keuken van het buurthuis op vrijdagavond vrij is",
        JOOST,
        due_in_days=-28,
        done_days_ago=30,
        conversation="c06",
        person="priya",
        discovery="idea_maaltijd",
    ),
    DemoFollowUp(
        "Aïcha vragen of ze het speeltuinfeest wil trekken",
        ANOUK,
        due_in_days=-31,
        done_days_ago=32,
        conversation="c02",
        person="aicha",
    ),
    DemoFollowUp(
        "Gerda en Yusuf voorstellen bij een kop koffie in de bibliotheek",
        ANOUK,
        due_in_days=-16,
        done_days_ago=17,
        discovery="c_gerda_yusuf",
    ),
    DemoFollowUp(
        "Lotte en de huurdersvereniging aan elkaar voorstellen",
        ANOUK,
        due_in_days=-20,
        done_days_ago=21,
        discovery="place_binnentuin",
    ),
    DemoFollowUp(
        "Bij de corporatie navragen wat er mag in de lege winkel",
        SAMIRA,
        due_in_days=-11,
        done_days_ago=12,
        discovery="place_winkel",
    ),
    DemoFollowUp(
        "Stadsdeel bellen over een middag het basketbalveldje voor het toernooi",
        JOOST,
        due_in_days=-5,
        conversation="c13",
        discovery="idea_basket",
    ),
    DemoFollowUp(
        "Navragen wat er nodig is voor zondagmiddagmuziek bij de Muziekkoepel",
        SAMIRA,
        due_in_days=-2,
        discovery="idea_koepel",
    ),
    DemoFollowUp(
        "Terug naar de kapsalon met de poster van het speeltuinfeest",
        ANOUK,
        due_in_days=-1,
        conversation="c31",
        person="kapsalon",
    ),
    DemoFollowUp(
        "Buurtbudget aanvragen voor het speeltuinfeest, samen met Aïcha",
        SAMIRA,
        due_in_days=3,
        person="aicha",
        discovery="idea_speeltuin",
    ),
    DemoFollowUp(
        "Taalspreekuur in de bibliotheek bespreken met de buurvrouw uit de Reinwardtstraat",
        ANOUK,
        due_in_days=5,
        person="brieven",
        discovery="c_brieven_bieb",
    ),
    DemoFollowUp(
        "Bij Ria langs met de datum van de volgende buurtmaaltijd",
        JOOST,
        due_in_days=7,
        conversation="c37",
        person="ria",
    ),
    DemoFollowUp(
        "Met de schakers een overdekte plek in het park zoeken",
        JOOST,
        due_in_days=10,
        person="schaker",
    ),
    DemoFollowUp(
        "Offerte opvragen voor het afdrukken van de foto's voor de tentoonstelling",
        SAMIRA,
        due_in_days=12,
        discovery="idea_foto",
    ),
)
