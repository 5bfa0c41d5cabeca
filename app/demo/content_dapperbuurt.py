"""Gesprekken in de Dapperbuurt over de laatste zes weken, with what they surfaced."""

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
    DAPPERBUURT,
    DIGITAAL,
    GROEN,
    HANDWERK,
    JOOST,
    KINDEREN,
    KOKEN,
    KUNST,
    ONDERNEMEN,
    ORGANISEREN,
    P_ADVICE,
    P_HANDS,
    P_HOW_LONG,
    P_KNOW,
    P_LITTLE_HELP,
    P_MORE_OF,
    P_OUTSIDE,
    P_SELF,
    P_START,
    P_TEACH,
    P_WHO_ELSE,
    P_WHO_SPECIAL,
    P_WORTH,
    SAMIRA,
    TAAL,
    TECHNIEK,
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

DAPPERBUURT_CONVERSATIONS: tuple[DemoConversation, ...] = (
    DemoConversation(
        "c02",
        days_ago=40,
        hour=14,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.during_activity,
        place="in de speeltuin aan de Wijttenbachstraat",
        summary=(
            "Woensdagmiddag in de speeltuin: Aïcha had limonade meegenomen voor iedereen en "
            "kent alle kinderen bij naam. Met haar, de vader van de tweeling en een paar andere "
            "ouders praatten we over wat de speeltuin zo fijn maakt."
        ),
        people=("aicha", "tweeling"),
        unnamed=3,
        prompts=(P_MORE_OF,),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Zet overal iets kleins op touw",
                "Als er kinderen zijn, ben ik er. Een spelletje, limonade, een kleedje: ik "
                "organiseer graag iets kleins.",
                key="q_aicha",
                people=("aicha",),
                dimensions=(Dim.heart, Dim.hands),
                quality_type=QT.gift,
                willingness=(Will.share, Will.join_in),
                themes=(KINDEREN, ORGANISEREN),
                visibility=Vis.overview,
                review=discussed(),
            ),
            DemoDiscovery(
                K.group,
                "Ouders van de speeltuin",
                "Een vaste groep ouders die elkaar 's middags in de speeltuin treft, op elkaars "
                "kinderen let en samen spelletjes bedenkt.",
                key="g_ouders",
                people=("aicha", "tweeling"),
                would_like="Een keer per jaar een groot speeltuinfeest voor de hele straat.",
                if_asked="Meehelpen met opruimen en een moestuinhoekje in de speeltuin.",
                themes=(KINDEREN, ORGANISEREN),
                review=follow_up("Anouk vraagt Aïcha of ze het speeltuinfeest wil trekken."),
            ),
            DemoDiscovery(
                K.place,
                "Speeltuin Wijttenbachstraat",
                "Na schooltijd het kloppend hart van de straat: kinderen spelen, ouders praten "
                "op de bankjes.",
                key="place_speeltuin",
                place_type=PlaceType.meeting_place,
                themes=(KINDEREN,),
                visibility=Vis.overview,
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c03",
        days_ago=39,
        hour=10,
        author=SAMIRA,
        neighbourhood=DAPPERBUURT,
        kind=Talk.appointment,
        place="in de bibliotheek op het Dapperplein",
        summary=(
            "Kennismaking met een medewerker van de bibliotheek op het Dapperplein. Ze willen "
            "hun zaal vaker laten gebruiken door bewoners en hebben collega's die goed kunnen "
            "uitleggen hoe je dingen regelt op de computer of de telefoon."
        ),
        unnamed=1,
        prompts=(P_LITTLE_HELP,),
        discoveries=(
            DemoDiscovery(
                K.institution,
                "Bibliotheek op het Dapperplein",
                "De zaal is op doordeweekse avonden vaak vrij en mag gratis gebruikt worden voor "
                "buurtinitiatieven. Medewerkers geven graag uitleg over computer en telefoon.",
                key="i_bieb",
                offers=(Offer.space, Offer.staff_talents, Offer.materials),
                themes=(TAAL, DIGITAAL),
                visibility=Vis.overview,
                highlight=True,
                review=discussed(),
            ),
            DemoDiscovery(
                K.exchange,
                "Ruilkast bij de ingang",
                "Bij de ingang staat een kast waar buren boeken, puzzels en spelletjes ruilen. "
                "Hij loopt altijd weer vol.",
                exchange_type=ExchangeType.swap,
                themes=(TAAL,),
                visibility=Vis.overview,
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c05",
        days_ago=37,
        hour=8,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.street,
        place="bij de bakker op het Dapperplein",
        summary=(
            "Bij de bakker op het Dapperplein in gesprek met de vrouw achter de toonbank. Ze "
            "ziet de hele buurt elke ochtend langskomen en weet wie er nieuw is in de straat. "
            "Brood van gisteren geeft ze graag mee aan wie er iets mee doet."
        ),
        people=("bakkerij",),
        prompts=(P_WHO_ELSE,),
        talk_to=(
            DemoTalkTo("de man van de fietsenmaker op de Eerste van Swindenstraat", spoken=True),
            DemoTalkTo("Mehmet van de stoffenkraam", person="mehmet", spoken=True),
        ),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Weet wie er nieuw is",
                "Iedereen komt hier langs. Ik weet wie er net verhuisd is en stel mensen aan "
                "elkaar voor.",
                people=("bakkerij",),
                dimensions=(Dim.heart,),
                quality_type=QT.gift,
                willingness=(Will.share,),
                themes=(ORGANISEREN,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.exchange,
                "De bakker op het Dapperplein",
                "Buurtbakker die brood van gisteren meegeeft voor buurtmaaltijden en "
                "koffieochtenden.",
                key="x_bakker",
                exchange_type=ExchangeType.small_business,
                themes=(KOKEN, ONDERNEMEN),
                review=follow_up("Brood voor de buurtmaaltijd van Priya?"),
            ),
        ),
    ),
    DemoConversation(
        "c07",
        days_ago=35,
        hour=11,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.street,
        place="op de Dappermarkt, bij de stoffenkraam",
        summary=(
            "Mehmet staat al jaren met zijn stoffenkraam op de Dappermarkt. Tussen het afmeten "
            "door vertelde hij dat buren bij hem komen voor raad over stof, ritsen en patronen. "
            "Hij kent de markt en de marktkooplui als geen ander."
        ),
        people=("mehmet",),
        prompts=(P_ADVICE,),
        talk_to=(DemoTalkTo("Kwame, koopt stof bij Mehmet en maakt kleding op maat"),),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Raadgever voor alles wat met stof te maken heeft",
                "Mensen komen bij mij niet alleen voor stof, ook voor raad. Welke stof voor een "
                "gordijn, hoe je een zoom zet.",
                key="q_mehmet",
                people=("mehmet",),
                dimensions=(Dim.head,),
                quality_type=QT.knowledge,
                willingness=(Will.share, Will.teach),
                themes=(HANDWERK, ONDERNEMEN),
                review=discussed(),
            ),
            DemoDiscovery(
                K.exchange,
                "Stoffenkraam op de Dappermarkt",
                "Restjes stof gaan voor weinig mee naar buren die iets willen naaien.",
                people=("mehmet",),
                exchange_type=ExchangeType.small_business,
                themes=(HANDWERK, ONDERNEMEN),
                visibility=Vis.overview,
                review=discussed(),
            ),
            DemoDiscovery(
                K.group,
                "Marktkooplui van de Dappermarkt",
                "Kooplieden die elkaar al jaren kennen, samen de markt draaiende houden en op "
                "elkaars kraam letten.",
                key="g_markt",
                would_like="Dat buren de markt ook als ontmoetingsplek zien.",
                if_asked="Een kraam beschikbaar stellen voor een buurtactiviteit.",
                themes=(ONDERNEMEN,),
                review=parked("Later op terugkomen, als er een buurtactiviteit op de markt is."),
            ),
        ),
    ),
    DemoConversation(
        "c09",
        days_ago=33,
        hour=16,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.home_visit,
        place="bij Kees thuis in de Commelinstraat",
        summary=(
            "Kees had zijn keukentafel vol liggen met een radio, twee broodroosters en een lamp "
            "van de overburen. Hij repareert al jaren alles wat stroom heeft, gewoon omdat hij "
            "het leuk vindt. Hij zou het graag aan anderen leren."
        ),
        people=("kees",),
        prompts=(P_HANDS, P_TEACH),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Maakt bijna alles weer heel",
                "Weggooien is zonde. Bijna alles is te maken, je moet alleen even durven "
                "openschroeven.",
                key="q_kees",
                people=("kees",),
                dimensions=(Dim.hands, Dim.head),
                quality_type=QT.skill,
                willingness=(Will.share, Will.teach),
                themes=(TECHNIEK,),
                visibility=Vis.overview,
                review=discussed(),
            ),
            DemoDiscovery(
                K.exchange,
                "Gereedschap lenen bij Kees",
                "Kees leent zijn boormachine en gereedschapskist uit aan buren, als ze hem maar "
                "terugbrengen.",
                people=("kees",),
                exchange_type=ExchangeType.lend,
                themes=(TECHNIEK,),
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c11",
        days_ago=31,
        hour=12,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.street,
        place="op de Eerste van Swindenstraat, voor de fietsenmaker",
        summary=(
            "Op aanraden van de bakker langs bij de fietsenmaker. De man aan de werkbank "
            "vertelde honderduit over hoe de straat veranderd is, en dat hij kinderen uit de "
            "buurt laat meekijken hoe je een band plakt."
        ),
        people=("fietsen",),
        prompts=(P_HOW_LONG,),
        talk_to=(DemoTalkTo("iemand van de huurdersvereniging (tip van de fietsenmaker)"),),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Leert kinderen zelf hun band plakken",
                "Ik laat de kinderen uit de straat zelf hun band plakken. Dan kunnen ze het "
                "daarna voor altijd.",
                people=("fietsen",),
                dimensions=(Dim.hands,),
                quality_type=QT.skill,
                willingness=(Will.teach,),
                themes=(TECHNIEK, KINDEREN),
                review=discussed(),
            ),
            DemoDiscovery(
                K.story,
                "Autovrije zondagen",
                "Toen er autovrije zondagen waren, speelde de hele straat buiten en zette "
                "iedereen stoelen op de stoep. Zo leerde ik de buren kennen.",
                themes=(VERHALEN,),
                visibility=Vis.overview,
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c12",
        days_ago=30,
        hour=19,
        author=SAMIRA,
        neighbourhood=DAPPERBUURT,
        kind=Talk.appointment,
        place="bij de huurdersvereniging in de Wagenaarstraat",
        summary=(
            "Kennismaking met het bestuur van de huurdersvereniging. Ze hebben een ruime "
            "binnentuin achter de Wagenaarstraat en een potje voor bewonersactiviteiten. Ze "
            "denken graag mee en kennen de weg naar de corporatie."
        ),
        people=("huurders",),
        unnamed=2,
        prompts=(P_LITTLE_HELP,),
        discoveries=(
            DemoDiscovery(
                K.group,
                "Huurdersvereniging Dapperbuurt",
                "Bewoners die samen opkomen voor goed onderhoud van de flats en ervoor zorgen "
                "dat buren elkaar kennen.",
                key="g_huurders",
                people=("huurders",),
                would_like="Meer leven in de binnentuin.",
                if_asked="Een keer per jaar een tuindag organiseren.",
                themes=(ORGANISEREN,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.quality,
                "Weet hoe je dingen geregeld krijgt",
                "Ik weet hoe je met de corporatie om tafel komt. Dat leer ik anderen graag.",
                people=("huurders",),
                dimensions=(Dim.head,),
                quality_type=QT.knowledge,
                willingness=(Will.share, Will.teach),
                themes=(ORGANISEREN,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.place,
                "Binnentuin achter de Wagenaarstraat",
                "Een grote groene binnentuin met gras en twee bankjes. Er is ruimte genoeg voor "
                "iets nieuws.",
                key="place_binnentuin",
                place_type=PlaceType.green,
                themes=(GROEN,),
                review=follow_up("Lotte en de huurdersvereniging aan elkaar voorstellen."),
            ),
        ),
    ),
    DemoConversation(
        "c14",
        days_ago=28,
        hour=17,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.phone,
        place="telefonisch",
        summary=(
            "Yusuf belde terug na een briefje in de bus. Hij fotografeert al jaren de "
            "Dappermarkt en de mensen die er werken, en heeft een archief van honderden foto's. "
            "Hij vindt het mooi als die foto's weer bij de buurt terechtkomen."
        ),
        people=("yusuf",),
        prompts=(P_KNOW,),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Fotografeert de markt en haar mensen",
                "Ik fotografeer de markt al zo lang. Elke foto is een verhaal over iemand uit de "
                "buurt.",
                key="q_yusuf",
                people=("yusuf",),
                dimensions=(Dim.head, Dim.heart),
                quality_type=QT.passion,
                willingness=(Will.share,),
                themes=(KUNST, VERHALEN),
                visibility=Vis.overview,
                highlight=True,
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c16",
        days_ago=26,
        hour=19,
        author=SAMIRA,
        neighbourhood=DAPPERBUURT,
        kind=Talk.group,
        place="in de ontmoetingsruimte van de moskee in de Dapperbuurt",
        summary=(
            "Een avond met het bestuur en een paar vrijwilligers van de moskee in de buurt. Ze "
            "openen hun ontmoetingsruimte graag voor buren en buurtactiviteiten, en hebben een "
            "keuken waar voor honderd mensen gekookt kan worden."
        ),
        unnamed=6,
        prompts=(P_SELF,),
        discoveries=(
            DemoDiscovery(
                K.institution,
                "Moskee in de Dapperbuurt",
                "De ontmoetingsruimte en de grote keuken zijn beschikbaar voor buurtactiviteiten; "
                "vrijwilligers koken graag mee.",
                key="i_moskee",
                offers=(Offer.space, Offer.staff_talents),
                themes=(KOKEN, ORGANISEREN),
                review=discussed(),
            ),
            DemoDiscovery(
                K.story,
                "Lange tafels voor de hele straat",
                "Elk jaar staan er tijdens de ramadan lange tafels op straat en schuift iedereen "
                "aan, wie je ook bent.",
                themes=(KOKEN, VERHALEN),
                visibility=Vis.overview,
                review=discussed(),
            ),
            DemoDiscovery(
                K.connection,
                "",
                "De keuken van de moskee is groot genoeg voor de buurtmaaltijd als die groeit.",
                from_ref=idea_ref("idea_maaltijd"),
                to_ref=institution_ref("i_moskee"),
                connection_kind=Link.promising,
                status=LinkStatus.chance,
                themes=(KOKEN,),
                review=parked("De maaltijd past nu nog in het buurthuis."),
            ),
        ),
    ),
    DemoConversation(
        "c17",
        days_ago=25,
        hour=15,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.street,
        place="op de Dappermarkt, bij de bloemenkraam",
        summary=(
            "Bij de bloemenkraam een praatje gemaakt. Ze bewaart de bloemen die niet verkocht "
            "worden en brengt ze aan het eind van de zaterdag rond bij buren, gewoon om iemand "
            "blij te maken."
        ),
        people=("bloemen",),
        prompts=(P_MORE_OF,),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Maakt buren blij met bloemen",
                "Een bos bloemen doet iets met mensen. Ik geef ze liever weg dan dat ik ze "
                "weggooi.",
                people=("bloemen",),
                dimensions=(Dim.heart,),
                quality_type=QT.gift,
                willingness=(Will.share,),
                themes=(ZORG,),
                visibility=Vis.private,
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c19",
        days_ago=23,
        hour=11,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.during_activity,
        place="bij het repair café in de zaal van de bibliotheek",
        summary=(
            "Eerste zaterdag van de maand: repair café in de zaal van de bibliotheek. Kees stond "
            "achter de tafel met elektrische apparaten en legde een buurvrouw stap voor stap uit "
            "hoe ze haar waterkoker kon openmaken. Er gingen vijftien spullen gerepareerd de deur "
            "uit."
        ),
        people=("kees",),
        unnamed=8,
        prompts=(P_HANDS,),
        discoveries=(
            DemoDiscovery(
                K.group,
                "Repair café Dapperbuurt",
                "Elke eerste zaterdag van de maand repareren vrijwilligers samen met buren "
                "kleding, fietsen en apparaten.",
                key="g_repair",
                people=("kees",),
                would_like="Meer mensen die met naald en draad overweg kunnen.",
                if_asked="Een keer met een tafel op de Dappermarkt staan.",
                themes=(TECHNIEK, HANDWERK),
                visibility=Vis.overview,
                highlight=True,
                review=discussed(),
            ),
            DemoDiscovery(
                K.connection,
                "",
                "Kees is de vaste man voor de elektrische apparaten.",
                from_ref=person_ref("kees"),
                to_ref=group_ref("g_repair"),
                connection_kind=Link.do_together,
                status=LinkStatus.active_together,
                themes=(TECHNIEK,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.idea,
                "Repair café op de eerste zaterdag",
                "Draait al jaren op eigen kracht; de vrijwilligers regelen alles zelf.",
                trekkers=("kees",),
                status=Phase.self_sustaining,
                themes=(TECHNIEK,),
                idea_self="Repareren, koffie zetten, nieuwe vrijwilligers inwerken.",
                idea_little_help="Af en toe een nieuw soldeerstation.",
                visibility=Vis.overview,
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c22",
        days_ago=20,
        hour=13,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.home_visit,
        place="bij Kwame in zijn atelier aan de Eerste van Swindenstraat",
        summary=(
            "Kwame liet zijn atelier aan huis zien: een naaimachine, rollen stof van de markt en "
            "een rek vol kleding die buren hebben laten vermaken. Hij droomt van een plek waar "
            "buren samen naaien en van elkaar leren."
        ),
        people=("kwame",),
        prompts=(P_START, P_TEACH),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Kan alles met naald en draad",
                "Een kledingstuk dat niemand meer draagt, maak ik weer mooi. Ik laat je graag "
                "zien hoe.",
                people=("kwame",),
                dimensions=(Dim.hands,),
                quality_type=QT.skill,
                willingness=(Will.teach, Will.share),
                themes=(HANDWERK,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.exchange,
                "Kleermaker aan huis",
                "Kwame vermaakt en verstelt kleding voor buren, tegen een kleine vergoeding.",
                people=("kwame",),
                exchange_type=ExchangeType.small_business,
                themes=(HANDWERK, ONDERNEMEN),
                review=discussed(),
            ),
            DemoDiscovery(
                K.idea,
                "Naaicafé voor de buurt",
                "Een plek waar buren met elkaars naaimachines leren verstellen en maken.",
                key="idea_naai",
                trekkers=("kwame",),
                supporters=("mehmet",),
                status=Phase.dream,
                themes=(HANDWERK, ORGANISEREN),
                idea_self="Naaimachines meenemen, stof van de markt, les geven aan elkaar.",
                idea_little_help="Een ruimte met goed licht en genoeg stopcontacten.",
                idea_outside="Een tijdelijke ruimte als het vaker wordt.",
                asks=(
                    DemoAsk(
                        "De lege winkel in de Commelinstraat op zaterdagmiddag",
                        AskStatus.promised,
                        Offer.space,
                        institution="i_corporatie",
                    ),
                ),
                review=follow_up("Anouk kijkt naar de lege winkel in de Commelinstraat."),
            ),
            DemoDiscovery(
                K.connection,
                "",
                "Kwame koopt zijn stof bij Mehmet; samen denken ze na over een naaicafé.",
                from_ref=person_ref("mehmet"),
                to_ref=person_ref("kwame"),
                connection_kind=Link.know_each_other,
                status=LinkStatus.active_together,
                themes=(HANDWERK,),
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c24",
        days_ago=18,
        hour=10,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.street,
        place="in de Commelinstraat, voor de lege winkel op de hoek",
        summary=(
            "De man die de geveltuintjes bijhoudt was aan het snoeien bij de lege winkel op de "
            "hoek. Als het droog is geeft hij alle tuintjes in de straat water. Die lege winkel "
            "zou een mooie plek voor de buurt zijn, vindt hij."
        ),
        people=("geveltuin",),
        prompts=(P_WORTH,),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Maakt de straat groen",
                "Ik hou van planten. Als de straat groen is, kijken mensen elkaar vaker aan.",
                key="q_geveltuin",
                people=("geveltuin",),
                dimensions=(Dim.hands, Dim.heart),
                quality_type=QT.passion,
                willingness=(Will.share, Will.join_in),
                themes=(GROEN,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.place,
                "Lege winkel op de hoek van de Commelinstraat",
                "Een lege winkelruimte met grote ramen; de corporatie zoekt een tijdelijke "
                "invulling.",
                key="place_winkel",
                place_type=PlaceType.vacancy,
                themes=(ORGANISEREN,),
                review=follow_up("Samira vraagt de corporatie wat er mag."),
            ),
            DemoDiscovery(
                K.connection,
                "",
                "Allebei groene vingers; Lotte kan hem helpen met een moestuin in de binnentuin.",
                from_ref=person_ref("lotte"),
                to_ref=person_ref("geveltuin"),
                connection_kind=Link.promising,
                status=LinkStatus.introduced,
                themes=(GROEN,),
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c26",
        days_ago=16,
        hour=14,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.during_activity,
        place="in de speeltuin aan de Wijttenbachstraat",
        summary=(
            "Aïcha had een paar ouders bij elkaar gezet om het speeltuinfeest te bespreken. "
            "Binnen een half uur was er een taakverdeling: springkussen, muziek, een kraam met "
            "zelfgebakken koekjes. De buurman die bij het speelveld woont biedt zijn partytent "
            "aan."
        ),
        people=("aicha", "speelveld", "tweeling"),
        unnamed=6,
        prompts=(P_SELF,),
        discoveries=(
            DemoDiscovery(
                K.idea,
                "Speeltuinfeest",
                "Een middag feest in de speeltuin voor de hele straat, door de ouders zelf "
                "georganiseerd.",
                key="idea_speeltuin",
                trekkers=("aicha",),
                supporters=("speelveld", "tweeling"),
                status=Phase.started,
                themes=(KINDEREN, ORGANISEREN),
                idea_self="Taken verdelen, bakken, spelletjes bedenken, de buren uitnodigen.",
                idea_little_help="Een springkussen en een aanvraag voor het buurtbudget.",
                idea_outside="Toestemming om de straat een middag af te sluiten.",
                asks=(
                    DemoAsk(
                        "Een ontheffing om de straat een middag af te sluiten",
                        partner="stadsdeel Oost",
                    ),
                ),
                visibility=Vis.overview,
                highlight=True,
                review=follow_up("Samira en Aïcha vragen samen het buurtbudget aan."),
            ),
            DemoDiscovery(
                K.quality,
                "Twee handen en een partytent",
                "Ik heb een partytent, een verlengkabel en twee handen. Zeg maar wat er moet "
                "gebeuren.",
                people=("speelveld",),
                dimensions=(Dim.hands,),
                quality_type=QT.gift,
                willingness=(Will.join_in,),
                themes=(ORGANISEREN,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.connection,
                "",
                "Aïcha is de drijvende kracht achter alles wat in de speeltuin gebeurt.",
                from_ref=person_ref("aicha"),
                to_ref=place_ref("place_speeltuin"),
                connection_kind=Link.do_together,
                status=LinkStatus.active_together,
                themes=(KINDEREN,),
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c28",
        days_ago=14,
        hour=9,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.street,
        place="bij de bakker op het Dapperplein",
        summary=(
            "Bij de bakker stelde de vrouw achter de toonbank me voor aan een buurvrouw die voor "
            "de halve Reinwardtstraat brieven voorleest en uitlegt. Ze doet het in drie talen en "
            "met veel humor."
        ),
        people=("bakkerij", "brieven"),
        prompts=(P_WHO_SPECIAL,),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Legt brieven uit in drie talen",
                "Officiële brieven zijn ingewikkeld. Ik lees ze voor en leg uit wat er staat, "
                "dat kan ik goed.",
                key="q_brieven",
                people=("brieven",),
                dimensions=(Dim.head, Dim.heart),
                quality_type=QT.skill,
                willingness=(Will.share, Will.teach),
                themes=(TAAL,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.connection,
                "",
                "Zij kan in de bibliotheek een taalspreekuur houden; de bibliotheek zoekt mensen "
                "die uitleggen.",
                key="c_brieven_bieb",
                from_ref=person_ref("brieven"),
                to_ref=institution_ref("i_bieb"),
                connection_kind=Link.introduced_by_us,
                status=LinkStatus.introduced,
                themes=(TAAL,),
                review=follow_up("Anouk bespreekt een taalspreekuur met haar."),
            ),
        ),
    ),
    DemoConversation(
        "c30",
        days_ago=12,
        hour=10,
        author=SAMIRA,
        neighbourhood=DAPPERBUURT,
        kind=Talk.appointment,
        place="op het kantoor van de woningcorporatie, over de lege winkel",
        summary=(
            "Ik sprak de wijkbeheerder van de corporatie over de lege winkel in de "
            "Commelinstraat. Voor een tijdelijke buurtfunctie staan ze open, zolang bewoners "
            "het zelf dragen. Hij denkt ook graag mee over de binnentuin in de Wagenaarstraat."
        ),
        unnamed=1,
        prompts=(P_OUTSIDE,),
        discoveries=(
            DemoDiscovery(
                K.institution,
                "Woningcorporatie, wijkbeheer Dapperbuurt",
                "De lege winkel kan tijdelijk gebruikt worden voor een buurtinitiatief, en er is "
                "een klein budget voor bewonersplannen.",
                key="i_corporatie",
                offers=(Offer.space, Offer.budget),
                themes=(ORGANISEREN,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.connection,
                "",
                "Het naaicafé zoekt een ruimte, de lege winkel zoekt een buurtfunctie.",
                from_ref=idea_ref("idea_naai"),
                to_ref=place_ref("place_winkel"),
                connection_kind=Link.promising,
                status=LinkStatus.chance,
                themes=(HANDWERK,),
                visibility=Vis.overview,
                review=follow_up("Kwame en Mehmet meenemen naar een bezichtiging."),
            ),
        ),
    ),
    DemoConversation(
        "c31",
        days_ago=11,
        hour=18,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.appointment,
        place="in de kapsalon op de Tweede van Swindenstraat, na sluitingstijd",
        summary=(
            "Na sluitingstijd een kop thee in de kapsalon. De eigenaresse heeft een wachtbank "
            "waar buren elkaar treffen, ook als ze niet geknipt hoeven te worden. Ze hangt graag "
            "aankondigingen van buurtactiviteiten voor haar raam."
        ),
        people=("kapsalon",),
        prompts=(P_HOW_LONG,),
        discoveries=(
            DemoDiscovery(
                K.exchange,
                "Kapsalon als prikbord van de straat",
                "De kapsalon hangt aankondigingen van buurtactiviteiten op en vertelt klanten wat "
                "er speelt.",
                people=("kapsalon",),
                exchange_type=ExchangeType.small_business,
                themes=(ONDERNEMEN, ORGANISEREN),
                review=discussed(),
            ),
            DemoDiscovery(
                K.quality,
                "Weet wat er speelt en vertelt het door",
                "Bij mij hoor je alles wat er in de buurt gebeurt. Ik vertel het graag verder.",
                people=("kapsalon",),
                dimensions=(Dim.heart,),
                quality_type=QT.gift,
                willingness=(Will.share,),
                themes=(ORGANISEREN,),
                visibility=Vis.private,
                review=discussed(),
            ),
        ),
    ),
    DemoConversation(
        "c43",
        days_ago=11,
        hour=12,
        author=JOOST,
        neighbourhood=DAPPERBUURT,
        kind=Talk.street,
        place="op de Dappermarkt",
        summary=(
            "Even mee gelopen met Anouk over de markt om de buurt beter te leren kennen. Veel "
            "gegroet, hier en daar een praatje; Mehmet zwaaide al van verre."
        ),
        unnamed=3,
    ),
    DemoConversation(
        "c33",
        days_ago=9,
        hour=15,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.during_activity,
        place="in de binnentuin achter de Wagenaarstraat",
        summary=(
            "Lotte kwam kijken in de binnentuin van de Wagenaarstraat, samen met iemand van de "
            "huurdersvereniging. Ze liepen meteen met een meetlint rond en vonden drie plekken "
            "met de meeste zon."
        ),
        people=("huurders", "lotte"),
        unnamed=2,
        prompts=(P_SELF,),
        discoveries=(
            DemoDiscovery(
                K.connection,
                "",
                "Lotte en de huurdersvereniging hebben de binnentuin samen bekeken.",
                from_ref=person_ref("lotte"),
                to_ref=group_ref("g_huurders"),
                connection_kind=Link.introduced_by_us,
                status=LinkStatus.met,
                themes=(GROEN,),
                review=discussed(),
            ),
            DemoDiscovery(
                K.idea,
                "Moestuin in de binnentuin",
                "Moestuinbakken in de binnentuin achter de Wagenaarstraat, voor en door de "
                "bewoners van de flats.",
                key="idea_binnentuin",
                trekkers=("huurders",),
                supporters=("lotte", "geveltuin"),
                status=Phase.exploring,
                themes=(GROEN, ORGANISEREN),
                idea_self="Bakken bouwen, zaaien en een waterrooster maken.",
                idea_little_help="Hout en aarde, en gereedschap van de conciërge van de school.",
                idea_outside="Toestemming van de corporatie voor de bakken.",
                asks=(
                    DemoAsk(
                        "Toestemming voor moestuinbakken in de binnentuin",
                        institution="i_corporatie",
                    ),
                ),
                review=follow_up("Toestemming van de corporatie bespreken."),
            ),
        ),
    ),
    DemoConversation(
        "c35",
        days_ago=7,
        hour=11,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.during_activity,
        place="op de Dappermarkt, naast de stoffenkraam",
        summary=(
            "Mehmet had een tafeltje naast zijn kraam gezet waar Kwame liet zien hoe je een zoom "
            "zet. Yusuf maakte foto's. Binnen een uur stonden er tien buren te kijken en wilden "
            "drie mensen meedoen met een naaicafé."
        ),
        people=("mehmet", "kwame", "yusuf"),
        unnamed=4,
        prompts=(P_START,),
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Wil leren naaien",
                "Ik wil het naaien echt leren, dan maak ik straks mijn eigen kleren.",
                dimensions=(Dim.hands,),
                quality_type=QT.passion,
                willingness=(Will.learn, Will.join_in),
                themes=(HANDWERK,),
            ),
            DemoDiscovery(
                K.connection,
                "",
                "Yusuf wil een portretreeks maken van de marktkooplui.",
                from_ref=person_ref("yusuf"),
                to_ref=group_ref("g_markt"),
                connection_kind=Link.promising,
                status=LinkStatus.chance,
                themes=(KUNST,),
            ),
            DemoDiscovery(
                K.story,
                "De markt als huiskamer",
                "Op de markt ken je iedereen. Wie een zaterdag niet komt, wordt gemist.",
                themes=(VERHALEN,),
            ),
        ),
    ),
    DemoConversation(
        "c38",
        days_ago=4,
        hour=13,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.street,
        place="op het Dapperplein",
        summary=(
            "Op het Dapperplein was een groepje buren een bankje aan het opknappen. De "
            "fietsenmaker had het hout geschuurd, anderen kwamen met verf. Niemand had het "
            "georganiseerd; het gebeurde gewoon."
        ),
        people=("fietsen",),
        unnamed=3,
        prompts=(P_WORTH,),
        discoveries=(
            DemoDiscovery(
                K.place,
                "Bankjes op het Dapperplein",
                "Op zonnige dagen zit hier de halve buurt; sinds kort is er een vers geverfd "
                "bankje.",
                place_type=PlaceType.meeting_place,
                themes=(ORGANISEREN,),
            ),
            DemoDiscovery(
                K.story,
                "Het bankje van iedereen",
                "Niemand had het georganiseerd: de fietsenmaker schuurde, een buurvrouw bracht "
                "verf, de kinderen mochten de poten doen.",
                themes=(VERHALEN, TECHNIEK),
                visibility=Vis.overview,
                highlight=True,
            ),
        ),
    ),
    DemoConversation(
        "c40",
        days_ago=2,
        hour=14,
        author=ANOUK,
        neighbourhood=DAPPERBUURT,
        kind=Talk.street,
        place="in de speeltuin aan de Wijttenbachstraat",
        summary=(
            "Nog twee weken tot het speeltuinfeest. Aïcha heeft de taken op een groot vel aan "
            "het hek gehangen en er staan al vijftien namen op. De vader van de tweeling heeft "
            "het springkussen geregeld."
        ),
        people=("aicha", "tweeling"),
        unnamed=5,
        discoveries=(
            DemoDiscovery(
                K.quality,
                "Regelt het gewoon",
                "Zeg maar wat er moet gebeuren, dan regel ik het. Dat springkussen was zo "
                "geregeld.",
                people=("tweeling",),
                dimensions=(Dim.hands,),
                quality_type=QT.gift,
                willingness=(Will.join_in,),
                themes=(KINDEREN, ORGANISEREN),
            ),
        ),
    ),
    DemoConversation(
        "c41",
        days_ago=1,
        hour=16,
        author=SAMIRA,
        neighbourhood=DAPPERBUURT,
        kind=Talk.phone,
        place="telefonisch",
        summary=(
            "Yusuf belde enthousiast: de bibliotheek wil de foto's van de buurt in de zaal "
            "hangen. Gerda schrijft bij elke foto een kort verhaal."
        ),
        people=("yusuf",),
        discoveries=(
            DemoDiscovery(
                K.connection,
                "",
                "De fototentoonstelling krijgt een plek in de zaal van de bibliotheek.",
                from_ref=idea_ref("idea_foto"),
                to_ref=institution_ref("i_bieb"),
                connection_kind=Link.do_together,
                status=LinkStatus.met,
                themes=(VERHALEN, KUNST),
                visibility=Vis.overview,
            ),
        ),
    ),
)
