"""Time `portfolio import bibtex` on a large file: ~300 KB, 180 synthetic entries.

The entries are generated (invented titles, names and venues, no real work): LaTeX accents
and math, abstracts, ``@string`` macros, DBLP's ``\\_``, and a third of the papers citing
their proceedings volume with ``crossref``. Each run imports the file into a fresh copy of
``data/``: reading the BibTeX, planning the records, checking the data as it would be, and
writing it; the reading alone is timed too. Figures: median and range over ``--runs``.
Goal: the import under 2 s. Prints the figures; asserts nothing.

    .venv/bin/python benchmarks/bench_import.py [--entries 180] [--runs 7]
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from portfolio.authoring.importers.apply import apply_import
from portfolio.authoring.importers.bibtex import read_bibtex

ROOT = Path(__file__).resolve().parents[2]  # the repository: this site, engine/ inside
WORDS = [
    "acoustic",
    "latent",
    "sparse",
    "robust",
    "espresso",
    "reverberant",
    "graph",
    "kernel",
    "adaptive",
    "cafe",
    "spectral",
    "multimodal",
    "identity",
    "ambient",
    "listening",
    "causal",
    "neural",
    "manifold",
    "bayesian",
    "streaming",
]
NAMES = (
    'M{\\"u}ller, J{\\"o}rg',
    "Kova{\\v{c}}-Ortiz, Mira",
    "{\\O}stergaard, Nils",
    "Doe, Jane",
    "de la Cruz, Ana",
    "Roe, Richard",
    "{\\.Z}{\\'o}{\\l}kiewski, {\\L}ukasz",
)
VOLUMES = 20


def _title(rng: random.Random, index: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 10)))
    return f"Synthetic {index:03d}: {{{words.title()}}} with $\\alpha$-{{Caf\\'e}} Bounds"


def _entry(rng: random.Random, index: int) -> str:
    """One synthetic entry of ~1.6 KB, in turn a journal paper, a paper citing its volume
    with ``crossref``, and a DBLP-style paper with ``\\_`` in its DOI."""
    authors = " and ".join(rng.sample(NAMES, rng.randint(2, 6)))
    abstract = " ".join(rng.choice(WORDS) for _ in range(148))
    fields = [
        f"  title = {{{_title(rng, index)}}}",
        f"  author = {{{authors}}}",
        f"  abstract = {{{abstract} $x^2$.}}",
        "  month = mar",
        f"  pages = {{{index}--{index + 9}}}",
        f"  keywords = {{{', '.join(rng.sample(WORDS, 4))}}}",
    ]
    kind = index % 3
    if kind == 0:
        fields += ["  journal = ijsa", f"  year = {{{2000 + index % 25}}}"]
        fields.append(f"  doi = {{10.5555/synthetic.{index}}}")
    elif kind == 1:
        fields.append(f"  crossref = {{volume{index % VOLUMES}}}")
    else:
        fields += [
            f"  booktitle = {{Proceedings of the Invented Workshop {index}}}",
            f"  year = {{{2000 + index % 25}}}",
            f"  doi = {{10.5555/978-3-000-{index:05d}-0\\_{index}}}",
        ]
    entry_type = "article" if kind == 0 else "inproceedings"
    return f"@{entry_type}{{synthetic{index},\n" + ",\n".join(fields) + "\n}\n\n"


def synthetic_bib(entries: int, seed: int = 0) -> str:
    """A BibTeX file of ``entries`` papers and the proceedings volumes they cite."""
    rng = random.Random(seed)
    head = "@string{ijsa = {Imaginary Journal of Synthetic Acoustics}}\n\n"
    papers = "".join(_entry(rng, index) for index in range(entries))
    volumes = "".join(
        f"@proceedings{{volume{n},\n  title = {{Invented Conference on Audio {2000 + n}}},\n"
        f"  year = {{{2000 + n}}},\n  publisher = {{Fictional Press}},\n}}\n\n"
        for n in range(VOLUMES)
    )
    return head + papers + volumes


def one_run(bib: Path) -> tuple[float, float, int]:
    """Seconds to read the file, seconds for the whole import, papers added."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(shutil.copytree(ROOT / "data", Path(folder) / "data"))
        start = time.perf_counter()
        candidates = read_bibtex(bib)
        read = time.perf_counter() - start
        out = io.StringIO()
        code = apply_import(candidates, data, out=out, err=out)
        total = time.perf_counter() - start
        if code != 0:
            raise SystemExit(f"the import was refused:\n{out.getvalue()}")
        added = sum(line.startswith("added ") for line in out.getvalue().splitlines())
        return read, total, added


def _figure(name: str, seconds: list[float]) -> str:
    return (
        f"{name}: median {statistics.median(seconds):.2f} s "
        f"(range {min(seconds):.2f}-{max(seconds):.2f}, {len(seconds)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=180)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bib = Path(folder) / "synthetic.bib"
        bib.write_text(synthetic_bib(args.entries), encoding="utf-8")
        results = [one_run(bib) for _ in range(args.runs)]
        size = bib.stat().st_size
    print(f"file: {size / 1000:.0f} KB, {args.entries} entries + {VOLUMES} volumes")
    print(f"papers added: {results[0][2]}")
    print(_figure("read (bibtexparser + LaTeX)", [read for read, _, _ in results]))
    print(_figure("whole import (read, plan, check, write)", [total for _, total, _ in results]))
    print("goal: whole import under 2 s")


if __name__ == "__main__":
    main()
