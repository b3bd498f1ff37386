"""Rebuild briefing/core/data/first_names.tsv from two redistributable name lists.

Sources (both fetched by hand with ``pip download --no-deps``; nothing is fetched at run time):
- US Census 1990 first names (public domain, US government work), as packaged in the PyPI
  package ``names`` 0.3.0 (``dist.male.first``, ``dist.female.first``).
- ``nomquamgender`` 0.1.4 (MIT, Ian Van Buskirk): ``name_data.json``, given names from many
  countries with the share of women among their bearers. Only names seen in at least 5 sources
  and 20 times are kept, so the shipped subset is small.
- Webster's Second International word list ``web2`` (public domain), as packaged in the PyPI
  package ``english-words`` 2.0.2 (MIT): its lower-case entries are the ordinary English words.

Usage: python -m bench.build_name_lists NAMES_DIR NQG_JSON WEB2_PICKLE
Also ``surname_words.txt``: the 40,000 most frequent US Census 1990 surnames (``dist.all.last``)
that are also ordinary English words ("Bush", "Sanders", "Mills"), so a common word after a given
name can still be a surname while "Golden Retriever" is not a person.
Output: ``first_names.tsv`` lines ``name<TAB>gender<TAB>census`` (gender m, f or -; census 1 when
the name is on the US Census list) and ``common_words.txt.gz`` (one lower-case word a line).
"""

from __future__ import annotations

import gzip
import json
import pickle
import re
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "briefing" / "core" / "data" / "first_names.tsv"
_WORD = re.compile(r"[a-zà-öø-ÿāăąćčďēęěğīıłńňōőřśşšţťūůűźżž'\-]+")


def _census(names_dir: Path) -> dict[str, float]:
    """Share of women per Census first name (by frequency)."""
    male: dict[str, float] = {}
    female: dict[str, float] = {}
    for path, table in ((names_dir / "dist.male.first", male), (names_dir / "dist.female.first", female)):
        for line in path.read_text().splitlines():
            parts = line.split()
            if len(parts) >= 2:
                table[parts[0].lower()] = float(parts[1])
    out: dict[str, float] = {}
    for name in set(male) | set(female):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        out[name] = f / (m + f) if m + f else 0.5
    return out


def _nqg(path: Path) -> dict[str, float]:
    data = json.loads(path.read_text())
    out: dict[str, float] = {}
    for name, info in data.items():
        name = unicodedata.normalize("NFC", name)
        if info[0] >= 5 and info[1] >= 20 and _WORD.fullmatch(name) and len(name) > 1:
            out[name] = float(info[2])
    return out


def surname_words(names_dir: Path, common: set[str], top: int = 40000) -> list[str]:
    """Frequent Census surnames that are also ordinary words (plurals included)."""
    surnames = [
        line.split()[0].lower() for line in (names_dir / "dist.all.last").read_text().splitlines()[:top] if line.strip()
    ]
    return sorted(w for w in surnames if w in common or w.endswith("s") and (w[:-1] in common or w[:-2] in common))


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 3:
        raise SystemExit(__doc__)
    names = _nqg(Path(args[1]))
    census = _census(Path(args[0]))
    for name, share in census.items():
        names.setdefault(name, share)
    lines = []
    for name in sorted(names):
        share = names[name]
        gender = "f" if share >= 0.9 else "m" if share <= 0.1 else "-"
        lines.append(f"{name}\t{gender}\t{int(name in census)}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} names -> {OUT}")
    with open(args[2], "rb") as fh:
        web2 = pickle.load(fh)  # a set of str, from the english-words wheel we downloaded ourselves
    common = sorted(w for w in web2 if w[:1].islower() and w.isalpha() and w.isascii() and len(w) >= 3)
    words_out = OUT.with_name("common_words.txt.gz")
    words_out.write_bytes(gzip.compress(("\n".join(common) + "\n").encode(), mtime=0))
    print(f"{len(common)} common words -> {words_out}")
    both = surname_words(Path(args[0]), set(common))
    surnames_out = OUT.with_name("surname_words.txt")
    surnames_out.write_text("\n".join(both) + "\n", encoding="utf-8")
    print(f"{len(both)} surnames that are words -> {surnames_out}")


if __name__ == "__main__":
    main()
