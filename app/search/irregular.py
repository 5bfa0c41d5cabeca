"""The Dutch words whose forms no spelling rule joins: strong and irregular verbs (liep →
lopen, ging → gaan, gekocht → kopen) and the plurals in -eren (kinderen → kind). Each maps to
the word app.search.dutch makes the key of. A verb with a prefix (verliep, opgelopen, begreep)
is found through its base (see `irregular_base`)."""

from __future__ import annotations

# infinitive, past singular, past plural, participle
_VERBS = """
bakken bakte bakten gebakken
bederven bedierf bedierven bedorven
bedriegen bedroog bedrogen bedrogen
beginnen begon begonnen begonnen
begrijpen begreep begrepen begrepen
bergen borg borgen geborgen
bevelen beval bevalen bevolen
bewegen bewoog bewogen bewogen
bidden bad baden gebeden
bieden bood boden geboden
bijten beet beten gebeten
binden bond bonden gebonden
blazen blies bliezen geblazen
blijken bleek bleken gebleken
blijven bleef bleven gebleven
blinken blonk blonken geblonken
braden braadde braadden gebraden
breken brak braken gebroken
brengen bracht brachten gebracht
brouwen brouwde brouwden gebrouwen
buigen boog bogen gebogen
denken dacht dachten gedacht
dingen dong dongen gedongen
doen deed deden gedaan
dragen droeg droegen gedragen
drijven dreef dreven gedreven
dringen drong drongen gedrongen
drinken dronk dronken gedronken
druipen droop dropen gedropen
duiken dook doken gedoken
dwingen dwong dwongen gedwongen
eten at aten gegeten
fluiten floot floten gefloten
gaan ging gingen gegaan
gelden gold golden gegolden
genezen genas genazen genezen
genieten genoot genoten genoten
geven gaf gaven gegeven
gieten goot goten gegoten
glijden gleed gleden gegleden
glimmen glom glommen geglommen
graven groef groeven gegraven
grijpen greep grepen gegrepen
hangen hing hingen gehangen
hebben had hadden gehad
heffen hief hieven geheven
helpen hielp hielpen geholpen
heten heette heetten geheten
houden hield hielden gehouden
jagen joeg joegen gejaagd
kiezen koos kozen gekozen
kijken keek keken gekeken
klimmen klom klommen geklommen
klinken klonk klonken geklonken
knijpen kneep knepen geknepen
komen kwam kwamen gekomen
kopen kocht kochten gekocht
krijgen kreeg kregen gekregen
krimpen kromp krompen gekrompen
kruipen kroop kropen gekropen
kunnen kon konden gekund
lachen lachte lachten gelachen
laden laadde laadden geladen
laten liet lieten gelaten
lezen las lazen gelezen
liegen loog logen gelogen
liggen lag lagen gelegen
lijden leed leden geleden
lijken leek leken geleken
lopen liep liepen gelopen
meten mat maten gemeten
mijden meed meden gemeden
moeten moest moesten gemoeten
mogen mocht mochten gemogen
nemen nam namen genomen
prijzen prees prezen geprezen
raden raadde raadden geraden
rijden reed reden gereden
rijzen rees rezen gerezen
roepen riep riepen geroepen
ruiken rook roken geroken
scheiden scheidde scheidden gescheiden
schelden schold scholden gescholden
schenken schonk schonken geschonken
scheppen schiep schiepen geschapen
scheren schoor schoren geschoren
schieten schoot schoten geschoten
schijnen scheen schenen geschenen
schrijven schreef schreven geschreven
schrikken schrok schrokken geschrokken
schuiven schoof schoven geschoven
slaan sloeg sloegen geslagen
slapen sliep sliepen geslapen
slijten sleet sleten gesleten
sluiten sloot sloten gesloten
smelten smolt smolten gesmolten
smijten smeet smeten gesmeten
snijden sneed sneden gesneden
spinnen spon sponnen gesponnen
splijten spleet spleten gespleten
spreken sprak spraken gesproken
springen sprong sprongen gesprongen
spuiten spoot spoten gespoten
staan stond stonden gestaan
steken stak staken gestoken
stelen stal stalen gestolen
sterven stierf stierven gestorven
stijgen steeg stegen gestegen
stinken stonk stonken gestonken
stoten stootte stootten gestoten
strijden streed streden gestreden
strijken streek streken gestreken
trekken trok trokken getrokken
treden trad traden getreden
vallen viel vielen gevallen
vangen ving vingen gevangen
varen voer voeren gevaren
vechten vocht vochten gevochten
verliezen verloor verloren verloren
vergeten vergat vergaten vergeten
vinden vond vonden gevonden
vliegen vloog vlogen gevlogen
vouwen vouwde vouwden gevouwen
vragen vroeg vroegen gevraagd
vriezen vroor vroren gevroren
wassen waste wasten gewassen
wegen woog wogen gewogen
werpen wierp wierpen geworpen
werven wierf wierven geworven
weten wist wisten geweten
wijken week weken geweken
wijzen wees wezen gewezen
willen wilde wilden gewild
winden wond wonden gewonden
winnen won wonnen gewonnen
worden werd werden geworden
zeggen zei zeiden gezegd
zenden zond zonden gezonden
zien zag zagen gezien
zijn was waren geweest
zingen zong zongen gezongen
zinken zonk zonken gezonken
zitten zat zaten gezeten
zoeken zocht zochten gezocht
zuigen zoog zogen gezogen
zullen zou zouden
zwemmen zwom zwommen gezwommen
zweren zwoer zwoeren gezworen
zwijgen zweeg zwegen gezwegen
"""

# Present forms no rule reaches (gaan: ga, gaat; zijn: is, ben; hebben: heeft).
_PRESENT = """
gaan ga gaat
staan sta staat
slaan sla slaat
doen doe doet
zien zie ziet
hebben heb hebt heeft
zijn ben bent is
kunnen kan kunt
willen wil wilt
zullen zal zult
mogen mag
"""

# Plurals in -eren and other plurals no spelling rule reaches.
_PLURALS = """
kind kinderen
ei eieren
lied liederen
blad bladeren
kalf kalveren
lam lammeren
rund runderen
volk volkeren
goed goederen
been beenderen
gemoed gemoederen
hoen hoenderen
rad raderen
gelid gelederen
stad steden
schip schepen
lid leden
smid smeden
gat gaten
"""


# Forms that are also an everyday word of their own (bad: bidden or a bath; week: wijken or
# seven days; vroeg: vragen or early): left to the rules, so neither finds the other.
_AMBIGUOUS = frozenset(
    {
        "bad",
        "borg",
        "borgen",
        "maten",
        "bond",
        "dronken",
        "las",
        "leden",
        "leek",
        "mat",
        "reden",
        "rook",
        "schoot",
        "schoten",
        "sloot",
        "sloten",
        "smeden",
        "stal",
        "staken",
        "streek",
        "voer",
        "vocht",
        "vroeg",
        "week",
        "wees",
        "wezen",
        "wond",
        "zat",
    }
)


def _build() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in (_VERBS + _PRESENT).split("\n"):
        if not line.strip():
            continue
        infinitive, *forms = line.split()
        for form in forms:
            if form not in _AMBIGUOUS:
                table.setdefault(form, infinitive)
    for line in _PLURALS.strip().splitlines():
        singular, *plurals = line.split()
        for plural in plurals:
            if plural not in _AMBIGUOUS:
                table.setdefault(plural, singular)
    return table


IRREGULAR = _build()

# Prefixes a verb may carry in front of its irregular forms (verliep, opgelopen, begreep).
PREFIXES = (
    "aan", "af", "be", "bij", "door", "er", "her", "in", "los", "mee", "mis", "na", "om",
    "ont", "onder", "op", "over", "samen", "terug", "toe", "uit", "ver", "voor", "weg",
)  # fmt: skip


def irregular_base(word: str) -> str | None:
    """The word a form stands for, when it is irregular: liep → lopen, verliep → verlopen,
    opgelopen → oplopen."""
    found = IRREGULAR.get(word)
    if found is not None:
        return found
    for prefix in PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 2 and rest in IRREGULAR:
            return prefix + IRREGULAR[rest]
    return None


# Everyday words whose final -t or -d is their own, where the word without it is another word
# (buurt is not a form of buren; paard not of paren; kind not of kin): never read as a verb
# form.
OWN_FINAL_T = frozenset(
    {
        "band",
        "buurt",
        "gast",
        "hand",
        "hart",
        "kaart",
        "kant",
        "kind",
        "kust",
        "land",
        "paard",
        "plant",
        "poort",
        "punt",
        "staart",
        "start",
        "taart",
        "tijd",
        "vaart",
        "wand",
        "wind",
    }
)
