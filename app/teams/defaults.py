"""The themes and prompt cards a new team starts with (DESIGN.md §2); editable per team."""

from app.teams.models import PromptGroup

DEFAULT_THEMES: tuple[str, ...] = (
    "koken & eten",
    "taal & lezen",
    "techniek & klussen",
    "digitaal",
    "zorg voor elkaar",
    "groen & natuur",
    "kunst & cultuur",
    "muziek",
    "sport & bewegen",
    "kinderen & jongeren",
    "ondernemen & geld",
    "organiseren & verbinden",
    "verhalen & geschiedenis",
    "handwerk & mode",
)

# Card texts are written once for both ways of addressing a resident: "{je-vorm|u-vorm}" picks
# a part by the team's choice (app.teams.cards.render_card). The method's own cards (DESIGN.md
# §2, and the seed article: ask what residents already do and what is already there, let the
# street tell its stories, find where people already come together).
DEFAULT_PROMPTS: tuple[tuple[PromptGroup, str], ...] = (
    (PromptGroup.opening, "Wat maakt deze straat voor {je|u} de moeite waard?"),
    (
        PromptGroup.opening,
        "Hoe lang {woon je|woont u} hier al, en wat is er in die tijd mooi geworden?",
    ),
    (PromptGroup.opening, "Vertel eens over een keer dat buren samen iets voor elkaar kregen."),
    (PromptGroup.head, "Waar {weet je|weet u} veel van?"),
    (PromptGroup.head, "Waar vragen buren {je|u} weleens om raad over?"),
    (PromptGroup.head, "Wat is er hier al dat {je|u} op het eerste gezicht niet ziet?"),
    (PromptGroup.heart, "Waar {maak je je|maakt u zich} druk om, wat raakt {je|u}?"),
    (PromptGroup.heart, "Waar {zou je|zou u} graag meer van zien in de buurt?"),
    (PromptGroup.heart, "Wat moet hier vooral blijven zoals het is?"),
    (PromptGroup.hands, "Wat {kun je|kunt u} goed met {je|uw} handen?"),
    (PromptGroup.hands, "Wat {zou je|zou u} anderen willen leren?"),
    (PromptGroup.hands, "Wat {doe je|doet u} al, hier in de buurt?"),
    (PromptGroup.dreams, "Als {je|u} iets kon starten in de buurt, wat?"),
    (PromptGroup.dreams, "Wat {zou je|zou u} samen met buren willen aanpakken?"),
    (PromptGroup.connecting, "Met wie moet ik nog meer praten?"),
    (PromptGroup.connecting, "Wie {ken je|kent u} die hier iets bijzonders doet?"),
    (PromptGroup.connecting, "Waar komen mensen hier samen?"),
    (PromptGroup.collective, "Wat kunnen we als buurtbewoners zelf doen?"),
    (PromptGroup.collective, "Wat kunnen we met een beetje hulp?"),
    (PromptGroup.collective, "Waarvoor hebben we hulp van buiten nodig?"),
)
