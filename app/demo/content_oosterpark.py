"""Gesprekken in het Oosterpark over de laatste zes weken, with what they surfaced."""

from __future__ import annotations

from app.conversations.models import AskStatus, ExchangeType, PlaceType
from app.conversations.models import ConnectionKind as Link
from app.conversations.models import ConnectionStatus as LinkStatus
from app.conversations.models import ConversationKind as Talk
from app.conversations.models import Dimension as Dim
from app.conversations.models import DiscoveryKind as K
from app.conversations.models import IdeaPhase as Phase
from app.conversations.models import InstitutionOffer as Offer
from app.conversations.models import QualityType as QT
from app.conversations.models import Visibility as Vis
from app.conversations.models import Willingness as Will
from app.demo.content import (
    ANOUK,
    GROEN,
    HANDWERK,
    JOOST,
    KINDEREN,
    KOKEN,
    KUNST,
    MUZIEK,
    OOSTERPARK,
    ORGANISEREN,
    P_HANDS,
    P_HOW_LONG,
    P_KNOW,
    P_LITTLE_HELP,
    P_MORE_OF,
    P_OUTSIDE,
    P_SELF,
    P_START,
    P_TEACH,
    P_TOUCHES,
    P_WHO_ELSE,
    P_WHO_SPECIAL,
    P_WORTH,
    SAMIRA,
    SPORT,
    VERHALEN,
    ZORG,
    DemoAsk,
    DemoConversation,
    DemoDiscovery,
    DemoTalkTo,
    discussed,
    follow_up,
    group_ref,
    idea_ref,
    institution_ref,
    parked,
    person_ref,
    place_ref,
)

OOSTERPARK_CONVERSATIONS: tuple[DemoConversation, ...] = (
    DemoConversation(
        "c01",
        days_ago=41,
        hour=13,
        author=JOOST,
        neighbourhood=OOSTERPARK,
        kind=Talk.street,
        place="op het bankje bij de Muziekkoepel in het Oosterpark",
        summary=(
            "Ria zat zoals altijd op haar bankje bij de Muziekkoepel en wist binnen vijf minuten "
            "wie ik allemaal moest spreken. Ze vertelde met glimmende ogen over de zomers toen er "
            "elke zondag muziek in de koepel was."
        ),
        people=("ria",),
        prompts=(P_WORTH, P_WHO_ELSE),
        talk_to=(
            DemoTalkTo(
                "Priya, kookt op vrijdag voor de halve portiek", person="priya", spoken=True
            ),
            DemoTalkTo("de schakers bij de vijver"),
        ),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Brengt mensen bij elkaar",
                "Ik ken iedereen hier. Als ik zie dat twee mensen iets aan elkaar hebben, "
                "stel ik ze gewoon voor.",
                key="q_ria",
                people=("ria",),
                dimensions=(Dim.heart,),
                quality_type=QT.gift,
                willingness=(Will.share, Will.join_in),
                themes=(ORGANISEREN, ZORG),
                review=discussed("Ria is een echte verbinder; wie kent zij nog meer?"),
            ),
            DemoDiscovery(
                K.story,
                "Zondagmiddagmuziek in de Muziekkoepel",
                "Vroeger was er elke zondag muziek in de koepel. Dan zat het hele park vol buren "
                "met een kleedje en een thermosfles, en iedereen zong mee.",
                key="s_koepel",
                themes=(MUZIEK, VERHALEN),
                visibility=Vis.overview,
                highlight=True,
                review=discussed("Mooi voor het krachtenoverzicht."),
            ),
            DemoDiscovery(
                K.place,
                "Muziekkoepel in het Oosterpark",
                "Op mooie middagen zitten hier buren op de bankjes en spelen kinderen rond de "
                "koepel. Het overdekte podium staat de meeste dagen leeg.",
                key="place_koepel",
                place_type=PlaceType.meeting_place,
                themes=(MUZIEK,),
                visibility=Vis.overview,
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c04",
        days_ago=38,
        hour=7,
        author=JOOST,
        neighbourhood=OOSTERPARK,
        kind=Talk.street,
        place="op de Linnaeusstraat, bij het zebrapad naar het park",
        summary=(
            "Een vaste ochtendwandelaar met hond aangesproken. Hij kent de straat van de vroege "
            "kant: wie de stoep veegt, wie als eerste de bakker opent. En hij weet precies wat er "
            "in het park groeit en bloeit."
        ),
        people=("hond",),
        prompts=(P_WORTH,),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Kent het park als zijn broekzak",
                "Ik loop hier elke dag. Ik zie wanneer de kastanjes bloeien en waar de ijsvogel "
                "zit, als je wilt laat ik het je zien.",
                key="q_hond",
                people=("hond",),
                dimensions=(Dim.head,),
                quality_type=QT.knowledge,
                willingness=(Will.share,),
                themes=(GROEN,),
                review=discussed("Misschien een keer een natuurwandeling met buren?"),
            ),
        ),
    ),
    DemoConversation(
        "c06",
        days_ago=36,
        hour=17,
        author=JOOST,
        neighbourhood=OOSTERPARK,
        kind=Talk.home_visit,
        place="bij Priya thuis aan de Linnaeusstraat",
        summary=(
            "Op uitnodiging langs bij Priya, die zoals elke vrijdag voor de buren kookte. Haar "
            "buurvrouw hielp mee met snijden. Het rook naar roti en verse kruiden, en er schoven "
            "zes buren aan die elkaar daarvoor alleen van de trap kenden."
        ),
        people=("priya", "portiek"),
        prompts=(P_HANDS, P_START),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Kookt om mensen samen te brengen",
                "Koken voor anderen is mijn manier om buren te leren kennen. Wie het wil leren, "
                "mag naast me komen staan.",
                key="q_priya",
                people=("priya",),
                dimensions=(Dim.hands, Dim.heart),
                quality_type=QT.passion,
                willingness=(Will.share, Will.teach),
                themes=(KOKEN,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.quality,
                "Springt bij waar het nodig is",
                "Ik help waar ik kan: water geven, even snijden in de keuken, een pakketje "
                "aannemen.",
                key="q_portiek",
                people=("portiek",),
                dimensions=(Dim.hands,),
                quality_type=QT.gift,
                willingness=(Will.join_in,),
                themes=(ZORG,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.idea,
                "Buurtmaaltijd op vrijdag",
                "Priya wil de vrijdagmaaltijd openzetten voor de hele straat, niet alleen voor "
                "de portiek.",
                key="idea_maaltijd",
                visibility=Vis.overview,
                trekkers=("priya",),
                supporters=("portiek",),
                status=Phase.dream,
                themes=(KOKEN, ORGANISEREN),
                idea_self="Koken, boodschappen doen en de buren in de portiek uitnodigen.",
                idea_little_help="Een grotere keuken en lange tafels, bijvoorbeeld in het "
                "buurthuis.",
                idea_outside="Misschien een klein budget voor de boodschappen als het groeit.",
                asks=(
                    DemoAsk(
                        "De keuken en de zaal op vrijdagavond",
                        AskStatus.arranged,
                        Offer.space,
                        institution="i_buurthuis",
                    ),
                    DemoAsk(
                        "Een klein budget voor de boodschappen",
                        offer=Offer.budget,
                        partner="gemeente, bewonersinitiatieven",
                    ),
                ),
                review=follow_up("Joost vraagt na of de keuken van het buurthuis kan."),
            ),
        ),
    ),
    DemoConversation(
        "c08",
        days_ago=34,
        hour=19,
        author=SAMIRA,
        neighbourhood=OOSTERPARK,
        kind=Talk.group,
        place="in het buurthuis aan de Blasiusstraat, na de repetitie van het buurtkoor",
        summary=(
            "Ik schoof aan bij de repetitie van het buurtkoor. Na het zingen vertelden de leden "
            "over hun optreden op het Oosterparkfestival en hoe ze nieuwe buren welkom heten: "
            "iedereen mag meezingen, noten lezen hoeft niet."
        ),
        people=("koor",),
        unnamed=11,
        prompts=(P_SELF,),
        discoveries=(
            DemoDiscovery(
                K.group,
                "Buurtkoor Oost",
                "Zingen elke dinsdagavond samen in het buurthuis, van levenslied tot popsong.",
                key="g_koor",
                people=("koor",),
                would_like="Een keer zingen in de open lucht, bij de Muziekkoepel.",
                if_asked="Meezingen bij een buurtfeest of de opening van iets nieuws.",
                themes=(MUZIEK, KUNST),
                visibility=Vis.overview,
                highlight=True,
                review=discussed("Koppelen aan de Muziekkoepel."),
            ),
            DemoDiscovery(
                K.quality,
                "Neemt nieuwe zangers mee",
                "Ik neem steeds iemand nieuw mee naar de repetitie. Zingen doe je samen, dat is "
                "het mooiste wat er is.",
                people=("koor",),
                dimensions=(Dim.heart,),
                quality_type=QT.passion,
                willingness=(Will.join_in, Will.share),
                themes=(MUZIEK,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.institution,
                "Buurthuis aan de Blasiusstraat",
                "Heeft een grote zaal, een keuken en stapelstoelen. Op vrijdagavond is de zaal "
                "meestal vrij, en de beheerder denkt graag mee.",
                key="i_buurthuis",
                offers=(Offer.space, Offer.materials, Offer.staff_talents),
                themes=(ORGANISEREN,),
                review=follow_up("Keuken voor de vrijdagmaaltijd van Priya navragen."),
            ),
        ),
    ),
    DemoConversation(
        "c42",
        days_ago=33,
        hour=11,
        author=SAMIRA,
        neighbourhood=OOSTERPARK,
        kind=Talk.street,
        place="bij de vijver in het Oosterpark",
        summary=(
            "Korte groet met twee buren die hun rondje om de vijver liepen. Ze kenden Ria en "
            "gaven de tip om op zondagmiddag terug te komen, dan is het park op zijn drukst."
        ),
        unnamed=2,
    ),
    DemoConversation(
        "c10",
        days_ago=32,
        hour=15,
        author=JOOST,
        neighbourhood=OOSTERPARK,
        kind=Talk.during_activity,
        place="bij de moestuinbakken in de Swammerdamstraat",
        summary=(
            "Lotte gaf uitleg aan een paar buren die kwamen kijken bij de moestuinbakken. Ze "
            "heeft de bakken met de straat gebouwd en verdeelt nu stekjes en zaden. Wat haar "
            "raakt: hoe buren elkaar leren kennen over een courgette."
        ),
        people=("lotte",),
        unnamed=4,
        prompts=(P_TOUCHES,),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Weet alles van kweken in een kleine bak",
                "Ik weet veel van zaaien en oogsten op een paar vierkante meter. Dat deel ik "
                "graag, ik leer het iedereen die wil.",
                key="q_lotte",
                people=("lotte",),
                dimensions=(Dim.head, Dim.hands),
                quality_type=QT.knowledge,
                willingness=(Will.share, Will.teach),
                themes=(GROEN,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.place,
                "Moestuinbakken Swammerdamstraat",
                "Twaalf houten bakken waar buren groente en kruiden kweken. Wie langsloopt mag "
                "plukken wat rijp is.",
                key="place_moestuin",
                place_type=PlaceType.green,
                themes=(GROEN,),
                visibility=Vis.overview,
                highlight=True,
                review=discussed(),
            ),
            DemoDiscovery(
                K.group,
                "Moestuingroep Swammerdamstraat",
                "Een groepje buren dat samen zaait, in de zomer om de beurt water geeft en de "
                "oogst deelt.",
                key="g_moestuin",
                people=("lotte",),
                would_like="Een tweede plek met bakken, ergens met meer zon.",
                if_asked="Kinderen van de basisschool laten helpen met zaaien.",
                themes=(GROEN, ORGANISEREN),
                review=discussed(),
            ),
            DemoDiscovery(
                K.idea,
                "Moestuinbakken in de Swammerdamstraat",
                "De bakken draaien, volgend voorjaar komen er vier bij.",
                key="idea_moestuin",
                trekkers=("lotte",),
                status=Phase.running,
                themes=(GROEN,),
                idea_self="Bouwen, zaaien, water geven, oogsten en delen.",
                idea_little_help="Hout voor de nieuwe bakken.",
                idea_outside="Afspraken met de gemeente over de plek op de stoep.",
                asks=(
                    DemoAsk(
                        "Afspraken over de plek van de bakken op de stoep",
                        AskStatus.arranged,
                        partner="gemeente",
                    ),
                ),
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c13",
        days_ago=29,
        hour=18,
        author=JOOST,
        neighbourhood=OOSTERPARK,
        kind=Talk.street,
        place="bij het basketbalveldje aan de Pretoriusstraat",
        summary=(
            "Op het veldje was een fanatieke partij bezig. Na afloop vertelde een van de vaste "
            "spelers dat hij nieuwe spelers altijd even uitlegt hoe het gaat. Hij droomt van een "
            "toernooi voor de hele straat, met muziek erbij."
        ),
        people=("basketbal",),
        unnamed=5,
        prompts=(P_START,),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Haalt iedereen erbij",
                "Wie komt kijken, mag meedoen. Ik leg het gewoon uit, zo ben ik het ook geleerd.",
                key="q_basket",
                people=("basketbal",),
                dimensions=(Dim.hands, Dim.heart),
                quality_type=QT.gift,
                willingness=(Will.teach, Will.join_in),
                themes=(SPORT, KINDEREN),
                review=discussed(),
            ),
            DemoDiscovery(
                K.idea,
                "Basketbaltoernooi voor de straat",
                "Een zaterdag met teams uit de hele straat, muziek en iets te eten.",
                key="idea_basket",
                visibility=Vis.overview,
                trekkers=("basketbal",),
                status=Phase.dream,
                themes=(SPORT,),
                idea_self="De spelers regelen teams, een schema en muziek.",
                idea_little_help="Een fluitje, een paar prijzen en iemand die de buren uitnodigt.",
                idea_outside="Toestemming om het veldje een middag voor het toernooi te gebruiken.",
                asks=(
                    DemoAsk(
                        "Het veldje een middag voor het toernooi",
                        AskStatus.declined,
                        partner="sportbedrijf",
                    ),
                    DemoAsk(
                        "Het schoolplein op zaterdag, als het veldje niet kan",
                        offer=Offer.space,
                        institution="i_school",
                    ),
                ),
                review=follow_up("Joost belt het stadsdeel over het veldje."),
            ),
            DemoDiscovery(
                K.place,
                "Basketbalveldje Pretoriusstraat",
                "Elke avond wordt hier gespeeld, en langs de rand kijken buren mee.",
                place_type=PlaceType.meeting_place,
                themes=(SPORT,),
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c15",
        days_ago=27,
        hour=10,
        author=JOOST,
        neighbourhood=OOSTERPARK,
        kind=Talk.home_visit,
        place="bij Gerda thuis in de Ruyschstraat",
        summary=(
            "Gerda had de koffie klaar en een schoenendoos vol foto's op tafel. Ze weet "
            "ontzettend veel over hoe de Oosterparkbuurt eruitzag en vertelt er prachtig over. "
            "Ze wil haar verhalen graag delen."
        ),
        people=("gerda",),
        prompts=(P_HOW_LONG, P_KNOW),
        talk_to=(DemoTalkTo("de schakers bij de vijver (tip van Gerda)"),),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Levend geheugen van de buurt",
                "Ik weet nog hoe elke winkel hier heette en wie erachter stond. Vraag het maar, "
                "ik vertel het graag.",
                key="q_gerda",
                people=("gerda",),
                dimensions=(Dim.head, Dim.heart),
                quality_type=QT.knowledge,
                willingness=(Will.share,),
                themes=(VERHALEN,),
                visibility=Vis.overview,
                review=discussed(),
            ),
            DemoDiscovery(
                K.story,
                "Schaatsen op de vijver",
                "In strenge winters stond de vijver in het Oosterpark vol schaatsers. Er kwam "
                "iemand met warme chocolademelk langs en de hele buurt was buiten.",
                key="s_schaatsen",
                people=("gerda",),
                themes=(VERHALEN, SPORT),
                visibility=Vis.overview,
                highlight=True,
                review=discussed(),
            ),
            DemoDiscovery(
                K.connection,
                "",
                "Gerda heeft oude foto's van de buurt, Yusuf fotografeert de markt van nu. "
                "Samen kunnen ze laten zien hoe de buurt verandert.",
                key="c_gerda_yusuf",
                from_ref=person_ref("gerda"),
                to_ref=person_ref("yusuf"),
                connection_kind=Link.introduced_by_us,
                status=LinkStatus.introduced,
                themes=(VERHALEN, KUNST),
                review=follow_up("Anouk zet een kop koffie in de bibliotheek op touw."),
            ),
        ),
    ),
    DemoConversation(
        "c18",
        days_ago=24,
        hour=14,
        author=JOOST,
        neighbourhood=OOSTERPARK,
        kind=Talk.street,
        place="bij de vijver in het Oosterpark",
        summary=(
            "Bij de vijver zaten drie mannen over een schaakbord gebogen, precies zoals Gerda "
            "zei. Ze spelen er bijna elke dag als het droog is en leggen het spel graag uit aan "
            "wie blijft staan."
        ),
        people=("schaker",),
        unnamed=2,
        prompts=(P_WORTH, P_WHO_SPECIAL),
        discoveries=(
            DemoDiscovery(
                K.group,
                "Schakers bij de vijver",
                "Een vaste club die elke droge middag schaakt op de bankjes bij de vijver. Wie "
                "langsloopt, mag een partij spelen.",
                key="g_schaak",
                people=("schaker",),
                would_like="Een plek om 's winters te spelen.",
                if_asked="Schaakles geven aan kinderen uit de buurt.",
                themes=(SPORT,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.quality,
                "Geduldige schaakleraar",
                "Ik leg het spel uit aan iedereen die blijft staan. Geduld heb ik genoeg.",
                people=("schaker",),
                dimensions=(Dim.head,),
                quality_type=QT.skill,
                willingness=(Will.teach,),
                themes=(SPORT,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.connection,
                "",
                "De schakers zoeken een plek voor de winter; de bibliotheek heeft avonden vrij.",
                key="c_schaak_bieb",
                from_ref=group_ref("g_schaak"),
                to_ref=institution_ref("i_bieb"),
                connection_kind=Link.promising,
                status=LinkStatus.introduced,
                review=follow_up("Joost belt de bibliotheek."),
            ),
        ),
    ),
    DemoConversation(
        "c20",
        days_ago=22,
        hour=15,
        author=SAMIRA,
        neighbourhood=OOSTERPARK,
        kind=Talk.appointment,
        place="op het schoolplein van de basisschool aan de Pretoriusstraat",
        summary=(
            "Kennismaking met de conciërge van de basisschool. Het schoolplein staat na "
            "schooltijd open en hij ziet graag dat buren er iets mee doen. Hij is zelf een "
            "fanatieke tuinier en heeft een schuur vol gereedschap."
        ),
        unnamed=1,
        prompts=(P_LITTLE_HELP,),
        discoveries=(
            DemoDiscovery(
                K.institution,
                "Basisschool aan de Pretoriusstraat",
                "Het schoolplein is na schooltijd open. De conciërge leent gereedschap uit en "
                "denkt mee over activiteiten voor de straat.",
                key="i_school",
                offers=(Offer.space, Offer.materials, Offer.staff_talents),
                themes=(KINDEREN,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.connection,
                "",
                "Het basketbaltoernooi kan op het schoolplein als het veldje te klein blijkt.",
                from_ref=idea_ref("idea_basket"),
                to_ref=institution_ref("i_school"),
                connection_kind=Link.promising,
                status=LinkStatus.chance,
                themes=(SPORT,),
                review=parked("Eerst horen wat het stadsdeel zegt over het veldje."),
            ),
        ),
    ),
    DemoConversation(
        "c21",
        days_ago=21,
        hour=9,
        author=JOOST,
        neighbourhood=OOSTERPARK,
        kind=Talk.street,
        place="op het Eikenplein",
        summary=(
            "Op het Eikenplein de buurvrouw met de rode bakfiets aangesproken. Ze leent haar "
            "bakfiets regelmatig uit aan buren die een kast moeten ophalen of gaan verhuizen, en "
            "zou dat best vaker willen doen."
        ),
        people=("bakfiets",),
        prompts=(P_TEACH,),
        discoveries=(
            DemoDiscovery(
                K.exchange,
                "Rode bakfiets te leen",
                "De bakfiets gaat mee met wie een verhuisdoos of plantenbak moet vervoeren. De "
                "sleutel haal je bij haar op.",
                key="x_bakfiets",
                people=("bakfiets",),
                exchange_type=ExchangeType.lend,
                themes=(ZORG,),
                visibility=Vis.overview,
                review=discussed(),
            ),
            DemoDiscovery(
                K.quality,
                "Denkt praktisch mee",
                "Als iemand iets moet vervoeren of regelen, bel mij maar. Ik vind altijd wel "
                "een manier.",
                people=("bakfiets",),
                dimensions=(Dim.hands,),
                quality_type=QT.gift,
                willingness=(Will.share,),
                themes=(ZORG, ORGANISEREN),
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c23",
        days_ago=19,
        hour=14,
        author=JOOST,
        neighbourhood=OOSTERPARK,
        kind=Talk.during_activity,
        place="bij de Muziekkoepel, tijdens het buitenoptreden van het buurtkoor",
        summary=(
            "Het buurtkoor zong voor het eerst in de open lucht bij de Muziekkoepel, precies "
            "zoals ze wilden. Daan pakte spontaan zijn gitaar erbij. Ria had de halve buurt "
            "opgetrommeld en zat natuurlijk vooraan."
        ),
        people=("daan", "koor", "ria"),
        unnamed=15,
        prompts=(P_MORE_OF,),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Speelt overal bij",
                "Muziek maken met anderen vind ik het mooiste wat er is. Zet me ergens neer en "
                "ik speel mee.",
                key="q_daan",
                people=("daan",),
                dimensions=(Dim.hands, Dim.heart),
                quality_type=QT.passion,
                willingness=(Will.join_in, Will.share),
                themes=(MUZIEK,),
                visibility=Vis.overview,
                review=discussed(),
            ),
            DemoDiscovery(
                K.connection,
                "",
                "Daan speelde mee met het koor; allebei willen ze het vaker doen.",
                from_ref=person_ref("daan"),
                to_ref=group_ref("g_koor"),
                connection_kind=Link.do_together,
                status=LinkStatus.met,
                themes=(MUZIEK,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.idea,
                "Zondagmiddagmuziek bij de Muziekkoepel",
                "Elke zondagmiddag in de zomer muziek van buren voor buren, zoals vroeger.",
                key="idea_koepel",
                trekkers=("daan",),
                supporters=("ria", "koor"),
                status=Phase.exploring,
                themes=(MUZIEK, ORGANISEREN),
                idea_self="Muzikanten uit de buurt vragen, een rooster maken, stoelen meenemen.",
                idea_little_help="Een kleine versterker en een stukje in de buurtkrant.",
                idea_outside="Toestemming voor muziek in het park.",
                visibility=Vis.overview,
                highlight=True,
                review=follow_up("Samira zoekt uit wat er nodig is voor muziek in het park."),
            ),
        ),
    ),
    DemoConversation(
        "c25",
        days_ago=17,
        hour=8,
        author=ANOUK,
        neighbourhood=OOSTERPARK,
        kind=Talk.street,
        place="op de Mauritskade, bij het hek van het park",
        summary=(
            "Een buurvrouw zat met haar schetsboek op een bankje en tekende de bomen langs de "
            "Mauritskade. Ze tekent elke ochtend in het park en liet me bladzijde na bladzijde "
            "zien. Samen tekenen met anderen lijkt haar prachtig."
        ),
        people=("schetsboek",),
        prompts=(P_TOUCHES,),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Tekent wat ze ziet",
                "Tekenen is voor mij vooral goed kijken. Iedereen kan het leren, echt waar.",
                people=("schetsboek",),
                dimensions=(Dim.hands, Dim.heart),
                quality_type=QT.passion,
                willingness=(Will.teach, Will.join_in),
                themes=(KUNST,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.idea,
                "Samen tekenen in het park",
                "Op zondagochtend op een vaste plek beginnen met tekenen; wie wil, schuift aan.",
                key="idea_tekenen",
                trekkers=("schetsboek",),
                status=Phase.dream,
                themes=(KUNST, GROEN),
                idea_self="Een vaste plek en tijd kiezen en gewoon beginnen.",
                idea_little_help="Papier en potloden, en een bericht in de buurtapp.",
                idea_outside="Niets, het park is er al.",
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c27",
        days_ago=15,
        hour=18,
        author=JOOST,
        neighbourhood=OOSTERPARK,
        kind=Talk.group,
        place="in de zaal van het buurthuis aan de Blasiusstraat",
        summary=(
            "De eerste buurtmaaltijd buiten Priya's eigen portiek: in de keuken van het "
            "buurthuis kookten vier buren samen voor twintig mensen. De bakker van het "
            "Dapperplein had brood meegegeven. Na het toetje werd al gevraagd wanneer de "
            "volgende is."
        ),
        people=("priya", "portiek", "ria"),
        unnamed=9,
        prompts=(P_SELF, P_LITTLE_HELP, P_OUTSIDE),
        discoveries=(
            DemoDiscovery(
                K.connection,
                "",
                "De vrijdagmaaltijd heeft een vaste plek gevonden in de keuken van het buurthuis.",
                from_ref=idea_ref("idea_maaltijd"),
                to_ref=institution_ref("i_buurthuis"),
                connection_kind=Link.do_together,
                status=LinkStatus.active_together,
                themes=(KOKEN,),
                review=discussed("Mooi! De maaltijd staat nu op eigen benen."),
            ),
            DemoDiscovery(
                K.story,
                "De eerste buurtmaaltijd",
                "Twintig mensen aan lange tafels, vier koks en brood van de bakker. 'Zo hoort "
                "het in de buurt', zei iemand bij het afwassen.",
                themes=(KOKEN, VERHALEN),
                visibility=Vis.overview,
                highlight=True,
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c29",
        days_ago=13,
        hour=8,
        author=JOOST,
        neighbourhood=OOSTERPARK,
        kind=Talk.street,
        place="op de Linnaeusstraat, bij de tramhalte",
        summary=(
            "De ochtendwandelaar met hond weer tegengekomen, nu samen met een buurman. Ze "
            "willen de boomspiegels langs de Linnaeusstraat beplanten. Hij wist precies welke "
            "planten tegen een stootje kunnen."
        ),
        people=("hond",),
        unnamed=1,
        prompts=(P_TOUCHES,),
        discoveries=(
            DemoDiscovery(
                K.idea,
                "Boomspiegels op de Linnaeusstraat beplanten",
                "Rond de bomen langs de Linnaeusstraat bloeiende planten in plaats van kale grond.",
                key="idea_boomspiegels",
                trekkers=("hond",),
                status=Phase.exploring,
                themes=(GROEN,),
                idea_self="Plantjes kopen, zelf planten en om de beurt water geven.",
                idea_little_help="Wat aarde en stekjes, bijvoorbeeld uit de moestuinbakken.",
                idea_outside="Afspraken met de gemeente over de boomspiegels.",
                review=discussed("Lotte kan stekjes leveren."),
            ),
            DemoDiscovery(
                K.connection,
                "",
                "Allebei groene vingers; Lotte heeft stekjes over voor de boomspiegels.",
                from_ref=person_ref("hond"),
                to_ref=person_ref("lotte"),
                connection_kind=Link.promising,
                status=LinkStatus.chance,
                themes=(GROEN,),
                visibility=Vis.private,
            ),
        ),
    ),
    DemoConversation(
        "c32",
        days_ago=10,
        hour=16,
        author=JOOST,
        neighbourhood=OOSTERPARK,
        kind=Talk.phone,
        place="telefonisch",
        summary=(
            "Gerda belde op: ze heeft met Yusuf koffie gedronken in de bibliotheek en samen "
            "willen ze een tentoonstelling maken over de buurt van toen en nu. Ze klonk "
            "opgetogen en had al een lijstje met foto's."
        ),
        people=("gerda",),
        discoveries=(
            DemoDiscovery(
                K.idea,
                "Fototentoonstelling: de buurt toen en nu",
                "Oude foto's van Gerda naast nieuwe foto's van Yusuf, met bij elke foto een "
                "kort verhaal.",
                key="idea_foto",
                trekkers=("gerda", "yusuf"),
                status=Phase.exploring,
                themes=(VERHALEN, KUNST),
                idea_self="Foto's uitzoeken, verhalen erbij schrijven, buren om eigen foto's "
                "vragen.",
                idea_little_help="Een plek om op te hangen en hulp met afdrukken.",
                idea_outside="Budget voor het afdrukken op groot formaat.",
                visibility=Vis.overview,
                highlight=True,
                review=follow_up("Samira vraagt een offerte voor het afdrukken."),
            ),
        ),
    ),
    DemoConversation(
        "c34",
        days_ago=8,
        hour=14,
        author=JOOST,
        neighbourhood=OOSTERPARK,
        kind=Talk.street,
        place="bij de vijver in het Oosterpark",
        summary=(
            "Met de schakers gepraat over de winteravonden in de bibliotheek. Ze hebben het een "
            "paar keer geprobeerd, maar binnen missen ze de voorbijgangers. Ze spelen liever "
            "buiten en zoeken een overdekte plek in het park."
        ),
        people=("schaker",),
        prompts=(P_TOUCHES,),
        discoveries=(
            DemoDiscovery(
                K.idea,
                "Schaakavond in de bibliotheek",
                "Een paar keer geprobeerd; de schakers spelen liever buiten in het park.",
                trekkers=("schaker",),
                status=Phase.stopped,
                themes=(SPORT,),
                idea_self="Borden meenemen en mensen uitnodigen.",
                idea_little_help="Een vaste zaal op loopafstand van het park.",
            ),
            DemoDiscovery(
                K.connection,
                "",
                "Schaken in de bibliotheek: geprobeerd, maar het past niet bij de vaste spelers.",
                from_ref=person_ref("schaker"),
                to_ref=institution_ref("i_bieb"),
                connection_kind=Link.introduced_by_us,
                status=LinkStatus.did_not_work,
            ),
            DemoDiscovery(
                K.connection,
                "",
                "Onder het dak van de Muziekkoepel kun je ook bij regen schaken.",
                from_ref=group_ref("g_schaak"),
                to_ref=place_ref("place_koepel"),
                connection_kind=Link.promising,
                status=LinkStatus.chance,
            ),
        ),
    ),
    DemoConversation(
        "c36",
        days_ago=6,
        hour=11,
        author=SAMIRA,
        neighbourhood=OOSTERPARK,
        kind=Talk.appointment,
        place="bij het museum aan de Linnaeusstraat",
        summary=(
            "Kennismaking met de educatiemedewerker van het museum aan de Linnaeusstraat. Het "
            "museum wil meer betekenen voor de buren en stelt een zaal beschikbaar voor "
            "buurtbijeenkomsten. Haar collega's geven graag rondleidingen aan buren."
        ),
        unnamed=1,
        prompts=(P_LITTLE_HELP,),
        discoveries=(
            DemoDiscovery(
                K.institution,
                "Museum aan de Linnaeusstraat",
                "Een zaal voor buurtbijeenkomsten en medewerkers die graag rondleidingen geven "
                "aan buren.",
                key="i_museum",
                offers=(Offer.space, Offer.staff_talents),
                themes=(KUNST, VERHALEN),
            ),
            DemoDiscovery(
                K.connection,
                "",
                "De tentoonstelling van Gerda en Yusuf kan misschien een weekend in het museum "
                "hangen.",
                from_ref=idea_ref("idea_foto"),
                to_ref=institution_ref("i_museum"),
                connection_kind=Link.promising,
                status=LinkStatus.chance,
                themes=(VERHALEN,),
            ),
        ),
    ),
    DemoConversation(
        "c37",
        days_ago=5,
        hour=16,
        author=JOOST,
        neighbourhood=OOSTERPARK,
        kind=Talk.street,
        place="voor de deur in de Eerste Oosterparkstraat",
        summary=(
            "Ria en haar buurvrouw stonden voor de deur te praten over de buurtmaaltijd. Ze "
            "willen er een vaste avond van maken en hebben al een lijst met buren die willen "
            "koken. Ria kent weer nieuwe mensen die iets moois doen in de straat."
        ),
        people=("ria", "portiek"),
        prompts=(P_WHO_ELSE,),
        talk_to=(DemoTalkTo("de buurvrouw op drie hoog, die breit voor de hele straat"),),
        discoveries=(
            DemoDiscovery(
                K.connection,
                "",
                "Ria nodigt nieuwe buren uit voor de vrijdagmaaltijd.",
                from_ref=person_ref("ria"),
                to_ref=idea_ref("idea_maaltijd"),
                connection_kind=Link.do_together,
                status=LinkStatus.active_together,
                themes=(KOKEN, ORGANISEREN),
            ),
            DemoDiscovery(
                K.group,
                "Breiclub in de Eerste Oosterparkstraat",
                "Een paar buren breien samen op woensdagmiddag, om de beurt bij iemand thuis.",
                would_like="Mutsen en sjaals breien voor het speeltuinfeest in de Dapperbuurt.",
                if_asked="Breiles geven in het buurthuis.",
                themes=(HANDWERK,),
            ),
        ),
    ),
    DemoConversation(
        "c39",
        days_ago=3,
        hour=17,
        author=JOOST,
        neighbourhood=OOSTERPARK,
        kind=Talk.home_visit,
        place="bij Daan thuis aan de Pretoriusstraat",
        summary=(
            "Daan liet zijn oefenzolder zien, vol gitaren en een oude piano. Hij geeft al jaren "
            "les aan vrienden en wil dat ook voor buren doen. Samen keken we naar een rooster "
            "voor de zondagmiddagmuziek."
        ),
        people=("daan",),
        prompts=(P_TEACH,),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Geeft gitaarles aan de keukentafel",
                "Ik geef graag gitaarles, gewoon aan de keukentafel. Drie akkoorden en je kunt "
                "al meespelen.",
                people=("daan",),
                dimensions=(Dim.hands,),
                quality_type=QT.skill,
                willingness=(Will.teach,),
                themes=(MUZIEK,),
                highlight=True,
                visibility=Vis.overview,
            ),
            DemoDiscovery(
                K.exchange,
                "Gitaren te leen",
                "Daan heeft een paar oude gitaren die buren mogen lenen om te oefenen.",
                people=("daan",),
                exchange_type=ExchangeType.lend,
                themes=(MUZIEK,),
            ),
        ),
    ),
)
