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

DEFAULT_PROMPTS: tuple[tuple[PromptGroup, str], ...] = (
    (PromptGroup.opening, "Wat maakt deze straat voor u de moeite waard?"),
    (PromptGroup.opening, "Hoe lang woont u hier al, en wat is er in die tijd mooi geworden?"),
    (PromptGroup.head, "Waar weet u veel van?"),
    (PromptGroup.head, "Waar vragen buren u weleens om raad over?"),
    (PromptGroup.heart, "Waar maakt u zich druk om, wat raakt u?"),
    (PromptGroup.heart, "Waar zou u graag meer van zien in de buurt?"),
    (PromptGroup.hands, "Wat kunt u goed met uw handen?"),
    (PromptGroup.hands, "Wat zou u anderen willen leren?"),
    (PromptGroup.dreams, "Als u iets kon starten in de buurt, wat?"),
    (PromptGroup.connecting, "Met wie moet ik nog meer praten?"),
    (PromptGroup.connecting, "Wie kent u die hier iets bijzonders doet?"),
    (PromptGroup.collective, "Wat kunnen we als buurtbewoners zelf doen?"),
    (PromptGroup.collective, "Wat kunnen we met een beetje hulp?"),
    (PromptGroup.collective, "Waarvoor hebben we hulp van buiten nodig?"),
)
