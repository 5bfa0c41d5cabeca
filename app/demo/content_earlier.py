"""A few gesprekken from the year before the last six weeks: the team did not start yesterday,
and the krachtenoverzicht's "gemeenschapskracht door de tijd" needs quarters to compare.

One talk about every three months, each already discussed in a weekoverleg back then.
"""

from __future__ import annotations

from app.conversations.models import ConnectionKind as Link
from app.conversations.models import ConnectionStatus as LinkStatus
from app.conversations.models import ConversationKind as Talk
from app.conversations.models import DiscoveryKind as K
from app.conversations.models import IdeaPhase as Phase
from app.conversations.models import Visibility as Vis
from app.demo.content import (
    ANOUK,
    GROEN,
    JOOST,
    KINDEREN,
    KOKEN,
    OOSTERPARK,
    ORGANISEREN,
    P_LITTLE_HELP,
    P_OUTSIDE,
    P_SELF,
    P_START,
    SAMIRA,
    SPORT,
    TAAL,
    ZORG,
    DemoConversation,
    DemoDiscovery,
    discussed,
    group_ref,
    idea_ref,
    person_ref,
)

EARLIER_CONVERSATIONS: tuple[DemoConversation, ...] = (
    DemoConversation(
        "e1",
        days_ago=345,
        hour=18,
        author=SAMIRA,
        neighbourhood=OOSTERPARK,
        kind=Talk.group,
        place="in het buurthuis aan de Blasiusstraat, bij de opening van het buurtseizoen",
        summary=(
            "Bij de opening van het buurtseizoen vertelden buren wat ze samen al doen. Ria en "
            "Gerda willen de oude rommelmarkt in het park terug, en er bleek een wandelclub te "
            "bestaan waar bijna niemand van wist."
        ),
        people=("ria", "gerda"),
        unnamed=6,
        prompts=(P_START, P_SELF),
        discoveries=(
            DemoDiscovery(
                K.group,
                "Wandelclub Oosterpark",
                "Elke dinsdagochtend een rondje park, in het tempo van de langzaamste.",
                key="g_wandel",
                themes=(SPORT, ZORG),
                visibility=Vis.overview,
                would_like="Een tweede groep op zaterdag, voor wie doordeweeks werkt.",
                if_asked="Nieuwe buren meenemen op hun eerste rondje.",
                review=discussed(),
            ),
            DemoDiscovery(
                K.idea,
                "Rommelmarkt in het park",
                "Twee keer per jaar een rommelmarkt bij de Muziekkoepel, zoals vroeger.",
                key="idea_rommelmarkt",
                trekkers=("ria", "gerda"),
                status=Phase.running,
                themes=(ORGANISEREN,),
                visibility=Vis.overview,
                idea_self="Kramen regelen, buren uitnodigen, koffie schenken.",
                idea_little_help="Tafels lenen van het buurthuis.",
                idea_outside="Toestemming van het stadsdeel voor een markt in het park.",
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "e2",
        days_ago=255,
        hour=15,
        author=JOOST,
        neighbourhood=OOSTERPARK,
        kind=Talk.street,
        place="bij de speeltuin in de Pretoriusstraat",
        summary=(
            "Daan timmerde met zijn buren een boekenkast voor bij de speeltuin. Ria loopt nu "
            "elke dinsdag mee met de wandelclub, en Priya en Daan kennen elkaar van de "
            "rommelmarkt."
        ),
        people=("daan", "ria", "priya"),
        prompts=(P_LITTLE_HELP,),
        discoveries=(
            DemoDiscovery(
                K.idea,
                "Boekenruilkast bij de speeltuin",
                "Een kast vol boeken waar iedereen er een uit mag halen en er een in mag zetten.",
                key="idea_boekenkast",
                trekkers=("daan",),
                status=Phase.self_sustaining,
                themes=(TAAL, KINDEREN),
                visibility=Vis.overview,
                idea_self="De kast bouwen en bijhouden.",
                idea_little_help="Een paar dozen kinderboeken om mee te beginnen.",
                review=discussed(),
            ),
            DemoDiscovery(
                K.connection,
                "Ria loopt mee met de wandelclub",
                "Ria brengt elke week iemand nieuws mee.",
                from_ref=person_ref("ria"),
                to_ref=group_ref("g_wandel"),
                connection_kind=Link.do_together,
                status=LinkStatus.active_together,
                visibility=Vis.overview,
                review=discussed(),
            ),
            DemoDiscovery(
                K.connection,
                "Priya en Daan",
                "Leerden elkaar kennen achter dezelfde kraam op de rommelmarkt.",
                from_ref=person_ref("priya"),
                to_ref=person_ref("daan"),
                connection_kind=Link.know_each_other,
                status=LinkStatus.active_together,
                visibility=Vis.overview,
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "e3",
        days_ago=165,
        hour=10,
        author=ANOUK,
        neighbourhood=OOSTERPARK,
        kind=Talk.during_activity,
        place="tijdens de burendag in de Pretoriusstraat",
        summary=(
            "Daan en Lotte organiseerden de eerste burendag in de straat. Een groep vaders "
            "bleek al maanden samen het voetbalveldje bij te houden."
        ),
        people=("daan", "lotte"),
        unnamed=12,
        prompts=(P_OUTSIDE,),
        discoveries=(
            DemoDiscovery(
                K.group,
                "Buurtvaders van het voetbalveldje",
                "Houden het veldje schoon en fluiten op woensdagmiddag de partijtjes.",
                key="g_vaders",
                themes=(SPORT, KINDEREN),
                visibility=Vis.overview,
                would_like="Een klein toernooi met de kinderen uit de Dapperbuurt.",
                if_asked="Helpen opbouwen bij straatfeesten.",
                review=discussed(),
            ),
            DemoDiscovery(
                K.idea,
                "Burendag in de Pretoriusstraat",
                "Eén zaterdag per jaar de straat autovrij: samen opruimen, eten en spelen.",
                key="idea_burendag",
                trekkers=("daan", "lotte"),
                status=Phase.running,
                themes=(ORGANISEREN, KOKEN),
                visibility=Vis.overview,
                idea_self="Het programma, de soep en de spelletjes.",
                idea_little_help="Afzetlinten en een aanhanger voor het grofvuil.",
                idea_outside="Een ontheffing om de straat af te sluiten.",
                review=discussed(),
            ),
            DemoDiscovery(
                K.connection,
                "Gerda helpt bij de rommelmarkt",
                "Gerda zet de kraam met oude buurtfoto's neer.",
                from_ref=person_ref("gerda"),
                to_ref=idea_ref("idea_rommelmarkt"),
                connection_kind=Link.do_together,
                status=LinkStatus.active_together,
                visibility=Vis.overview,
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "e4",
        days_ago=75,
        hour=17,
        author=SAMIRA,
        neighbourhood=OOSTERPARK,
        kind=Talk.street,
        place="bij de moestuinbakken in de Swammerdamstraat",
        summary=(
            "Lotte vertelde dat de hardlopers van de wandelclub nu ook de moestuinbakken water "
            "geven. Priya wil met de kerst een markt op het plein, met eten uit de hele straat."
        ),
        people=("lotte", "priya", "daan"),
        prompts=(P_START,),
        discoveries=(
            DemoDiscovery(
                K.group,
                "Theeclub in de portiek",
                "Op zondag thee bij wie die week aan de beurt is.",
                key="g_thee",
                themes=(ZORG, KOKEN),
                visibility=Vis.overview,
                would_like="Een keer thee in het park, voor de hele straat.",
                review=discussed(),
            ),
            DemoDiscovery(
                K.idea,
                "Kerstmarkt op het plein",
                "Eten uit alle keukens van de straat, op één avond in december.",
                key="idea_kerstmarkt",
                trekkers=("priya",),
                status=Phase.exploring,
                themes=(KOKEN, ORGANISEREN),
                visibility=Vis.overview,
                idea_self="Koken en de buren vragen.",
                idea_little_help="Lampjes en kramen.",
                idea_outside="Stroom op het plein.",
                review=discussed(),
            ),
            DemoDiscovery(
                K.connection,
                "Lotte en de wandelclub",
                "Samen geven ze de moestuinbakken water.",
                from_ref=person_ref("lotte"),
                to_ref=group_ref("g_wandel"),
                connection_kind=Link.do_together,
                status=LinkStatus.active_together,
                themes=(GROEN,),
                visibility=Vis.overview,
                review=discussed(),
            ),
            DemoDiscovery(
                K.connection,
                "Daan en de buurtvaders",
                "Daan bouwt met de vaders doelen voor het veldje.",
                from_ref=person_ref("daan"),
                to_ref=group_ref("g_vaders"),
                connection_kind=Link.do_together,
                status=LinkStatus.active_together,
                visibility=Vis.overview,
                review=discussed(),
            ),
            DemoDiscovery(
                K.connection,
                "Priya en de theeclub",
                "Priya brengt de vrijdagse soep mee naar de theeclub.",
                from_ref=person_ref("priya"),
                to_ref=group_ref("g_thee"),
                connection_kind=Link.do_together,
                status=LinkStatus.active_together,
                visibility=Vis.overview,
                review=discussed(),
            ),
        ),
    ),
)
