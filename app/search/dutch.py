"""A Dutch word's inflection key: the forms of one word (straat, straten, straatje; fietsen,
fietst, fietste, gefietst; mooi, mooie, lastiger) share a key, while other words keep their own
(raad is not radio, maan is not man, buurt is not buren, zaak is not zakdoek).

Only inflection is undone, never derivation: "regering" and "regeren" are different words to
a reader, so they keep different keys (a stemmer such as Snowball's removes -ing, -heid, -baar
and -ig too, and then finds "dienstig" for "dienstigheid"). Strong and irregular verbs, the
plurals in -eren and the nouns whose final -t is their own are listed (app.search.irregular);
the rest follows Dutch spelling:

1. a possible weak participle's ge- (gekookt) is also read without it, and a -tje
   diminutive both as -je and -tje (kaart-je, stoel-tje): such a word has two keys;
2. a diminutive loses -je (with -s), or one outer ending goes: -en, -e, -s (from a word of six
   letters or more, or after a vowel: autos), or a verb's -t or -d (fietst, gebeurd); after -e
   or -en also the past tense's -t/-d (fietste, hoorden, and the superlative's t: mooiste);
   an adjective's comparative -er goes too (lastiger, zuinigere);
3. a final -s goes from what is left when six letters or more remain (fietsen, fietst and
   fiets: fiets); a doubled final consonant is single (bussen → bus); v and z at the end are
   f and s (brieven → brief, huizen → huis); a vowel left open by a lost ending is long again
   (manen → maan, raden → raad); and in a key of five letters or more every doubled vowel is
   single (straat and straten → strat). Shorter keys keep their vowels, so "maan" and "man",
   "raad" and "rad" stay apart.
"""

from __future__ import annotations

import functools
import re

from app.search.irregular import OWN_FINAL_T, irregular_base

VOWELS = frozenset("aeiouy")
LONG_ENOUGH = 6  # below this a key keeps its doubled vowels (maan ≠ man)
# An -s goes only from a longer word: "spits", "kaars", "fiets" keep theirs; "tafels" and
# "bakkers" do not.
FINAL_S_FROM = 5
PLURAL_S_FROM = 5
# What an adjective ends in, and a noun in -er rarely does before it (lastiger, but bakker).
ADJECTIVE_ENDINGS = (
    "aal", "aam", "ant", "air", "baar", "eel", "ent", "ief", "iek", "iev", "ig", "ijn", "isch",
    "lijk", "loos", "loz", "ueel", "zaam",
)  # fmt: skip
_DOUBLE_VOWEL = re.compile(r"(aa|ee|oo|uu)")


def _has_vowel(text: str) -> bool:
    return any(c in VOWELS for c in text)


def _stem_ok(stem: str) -> bool:
    return len(stem) >= 3 and _has_vowel(stem)


@functools.lru_cache(maxsize=100_000)
def keys(word: str) -> tuple[str, ...]:
    """The keys of one folded word: one, or two for a possible ge- participle or diminutive."""
    readings = [irregular_base(word) or word]
    rest = word[2:]
    if (
        word.startswith("ge")
        and len(rest) >= 4
        and rest[0] not in VOWELS
        and word.endswith(("t", "d"))  # a weak participle: a strong one is listed (gelopen)
    ):
        readings.append(irregular_base(rest) or rest)
    found: list[str] = []
    for reading in readings:
        small = _diminutives(reading)
        found += [_spell(stem) for stem in small] if small else [_key(reading)]
    return tuple(dict.fromkeys(found))


@functools.lru_cache(maxsize=100_000)
def index_keys(word: str) -> tuple[str, ...]:
    """What a word in a note is found by: its keys, and for an inflected comparative of any
    adjective (mooiere) also the adjective's (mooi). Only in notes: a search for "mooiere"
    finds "mooier", while "bakkere" is no word to search for."""
    found = list(keys(word))
    if word.endswith("ere") and len(word) > 6:
        found.append(_key(word[:-3] + "e"))  # mooiere, dwazere: also as mooie, dwaze
    return tuple(dict.fromkeys(found))


def _key(word: str) -> str:
    if word.endswith("heden"):
        word = word[:-5] + "heid"  # vrijheden
    stem, opened = _strip_inflection(word)
    if opened:
        if _doubled(stem):
            stem = stem[:-1]  # a short vowel: bussen, trutten, vlotte
        elif (
            stem.endswith(("t", "d"))
            and len(stem) > 4
            and stem[-2] not in VOWELS
            and stem not in OWN_FINAL_T
        ):
            # past tense: fietst(e), hoord(en), kneld(en); superlative: mooist(e). What is left
            # is the verb's stem as it is written (knel, hoor), not an open syllable.
            stem = stem[:-1]
        elif _comparative(stem):
            stem = _reopen(stem[:-2])  # lastiger(e)
        else:
            stem = _reopen(stem)
    elif _comparative(stem):
        stem = _reopen(stem[:-2])  # lastiger
    if len(stem) > FINAL_S_FROM and stem.endswith("s") and not stem.endswith("ss"):
        stem = stem[:-1]  # fiets, fietsen, fietst; mooist(e)
    return _spell(stem)


def _diminutives(word: str) -> tuple[str, ...]:
    """The words a diminutive (with -s: its plural) may be made of; none for another word.
    Its form does not always tell: "kaartje" is kaart-je but "stoeltje" stoel-tje, so a -tje
    gives both readings (one of them is no word: kaar, stoelt)."""
    if word.endswith("jes"):
        word = word[:-1]
    if not word.endswith("je") or len(word) < 5:
        return ()
    stem = word[:-2]  # the plain -je: hoek-je, straat-je, lamp-je
    found = [stem]
    if stem.endswith("et") and len(stem) >= 5 and stem[-3] == stem[-4] not in VOWELS:
        found = [_undouble(stem[:-2])]  # bal-letje, kar-retje
    elif stem.endswith("t"):
        found.append(stem[:-1])  # stoel-tje, trein-tje, auto-tje
    elif stem.endswith("mp") and stem[-3] in VOWELS and stem[-4] in VOWELS:
        found = [stem[:-1]]  # boom-pje, bloem-pje (but lamp-je)
    return tuple(f for f in found if _stem_ok(f))


def _strip_inflection(word: str) -> tuple[str, bool]:
    """One outer ending off; `opened`: an -e or -en went (the syllable before it was open)."""
    for ending in ("en", "e"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and _stem_ok(stem) and not _own_e(stem):
            return stem, True
    if (
        word.endswith("s")
        and _stem_ok(word[:-1])
        and not word.endswith("ss")
        and (len(word) > PLURAL_S_FROM or (len(word) > 4 and word[-2] in VOWELS))
    ):
        stem = word[:-1]
        if stem.endswith("e") and not stem.endswith(("ee", "ie")) and _stem_ok(stem[:-1]):
            return stem[:-1], True  # tantes, cafes: as tante, cafe
        return stem, False
    if (
        word.endswith(("t", "d"))
        and len(word) > 4
        and word[-2] not in VOWELS
        and word not in OWN_FINAL_T
    ):
        return word[:-1], False  # fietst, werkt, gebeurd
    return word, False


def _own_e(stem: str) -> bool:
    """Whether an -e after this stem belongs to the word: the e of -ie and -ee (academie,
    idee), not that of mooi-e or nieuw-e."""
    return stem.endswith("e") or (stem.endswith("i") and not stem.endswith(_GLIDE_I))


_GLIDE_I = ("aai", "ooi", "oei", "ui")


def _comparative(stem: str) -> bool:
    """-er that makes a comparative: after what ends an adjective (lastig-er, zuinig-er), not
    the -er of a noun (bakker, moeder)."""
    return stem.endswith("er") and len(stem) > 5 and stem[:-2].endswith(ADJECTIVE_ENDINGS)


def _doubled(stem: str) -> bool:
    """Ends in a doubled consonant (buss, trutt): the vowel before it is short."""
    return len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in VOWELS


def _undouble(stem: str) -> str:
    return stem[:-1] if _doubled(stem) else stem


def _devoice(stem: str) -> str:
    """v and z at the end are written f and s: brieven → brief, huizen → huis."""
    return stem[:-1] + {"v": "f", "z": "s"}.get(stem[-1], stem[-1])


def _reopen(stem: str) -> str:
    """The stem before a lost -e/-en: bussen → bus (short), manen → maan (long)."""
    if _doubled(stem):
        return stem[:-1]
    stem = _devoice(stem)
    if len(stem) >= 3 and stem[-1] not in VOWELS and stem[-3] not in VOWELS:
        vowel = stem[-2]
        # e only in a stem of one syllable: lezen → lees, but aarzelen → aarzel
        if vowel in "aou" or (vowel == "e" and not _has_vowel(stem[:-2])):
            return stem[:-1] + vowel + stem[-1]
    return stem


def _spell(stem: str) -> str:
    stem = _devoice(stem)
    if stem.endswith("dt"):
        stem = stem[:-1]
    if len(stem) >= LONG_ENOUGH:
        stem = _DOUBLE_VOWEL.sub(lambda m: m.group(1)[0], stem)
    return stem
