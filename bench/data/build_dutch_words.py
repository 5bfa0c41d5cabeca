"""Build bench/data/dutch_words.tsv.gz from two public Dutch inflection sources (run once; the
result is committed, so the benchmark needs no network):

- UniMorph Dutch (https://github.com/unimorph/nld, file `nld`, CC BY-SA 3.0, from Wiktionary):
  verbs (every person, tense, participle) and adjectives (inflected, comparative, superlative).
- Dutch Plurals (https://github.com/CentreForDigitalHumanities/dutch-plurals, `input.tsv`,
  BSD-3-Clause, Utrecht University, Henk Pander Maat): noun lemmas and their plurals.

Usage: python bench/data/build_dutch_words.py UNIMORPH_NLD PLURALS_INPUT_TSV

Output, one lemma a line: class (N, V, ADJ), lemma, its forms (comma separated, lemma first).
Only single lower-case words; nouns only where the lemma is not a compound of a listed head
(the list's `group` column equals the lemma), so the evaluation uses everyday words.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

WORD = re.compile(r"^[a-zà-ÿ]+$")
OUT = Path(__file__).with_name("dutch_words.tsv.gz")
SKIP_NOTES = ("meervoud bestaat niet", "lemma is al meervoud", "lemma moet al meervoud zijn")


def main(unimorph: str, plurals: str) -> None:
    forms: dict[tuple[str, str], list[str]] = defaultdict(list)
    for line in Path(unimorph).read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3:
            continue
        lemma, form, tags = parts
        cls = "V" if tags.startswith("V") else "ADJ" if tags.startswith("ADJ") else ""
        if cls and WORD.match(lemma) and WORD.match(form):
            forms[(cls, lemma)].append(form)
    for line in Path(plurals).read_text(encoding="utf-8").splitlines()[1:]:
        parts = (line.split("\t") + [""] * 4)[:4]
        plural, lemma, group, note = parts
        if any(note.startswith(s) for s in SKIP_NOTES) or lemma != group:
            continue
        if WORD.match(lemma) and WORD.match(plural) and plural != lemma:
            forms[("N", lemma)].append(plural)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as out:
        for (cls, lemma), found in sorted(forms.items()):
            unique = [lemma, *sorted(set(found) - {lemma})]
            if len(unique) > 1:
                out.write(f"{cls}\t{lemma}\t{','.join(unique)}\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
