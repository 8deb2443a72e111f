"""Synthetic career data at any scale, for the scale tests and ``engine/benchmarks/bench_scale.py``.

Every record it writes is labelled synthetic (titles, venues, outlets, authors) and is made
up from a seed: it stands for no real work. It writes into the ``data/`` folder of a copy of
a project (never into this project's own ``data/``), replacing the papers, patents and press
items and keeping the profile and roles; the profile's derived stats are brought in line.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from portfolio.data.checks import COUNT_PHRASES
from portfolio.exceptions import PortfolioError
from portfolio.verify.renders import ROOT

#: Patents and press items per paper, as in the report of issue 19 (400 : 50 : 100).
PATENTS_PER_PAPER = 1 / 8
PRESS_PER_PAPER = 1 / 4
FIRST_YEAR, LAST_YEAR = 2008, 2026
_TOPICS = ("graph", "speech", "vision", "retrieval", "ranking", "privacy", "robustness")
_METHODS = ("embeddings", "transformers", "kernels", "bandits", "diffusion", "sketches")
_VENUES = tuple(f"Synthetic Conference {letter}" for letter in "ABCDEFG")
_OUTLETS = tuple(f"Synthetic Outlet {number}" for number in range(1, 9))


class SyntheticTargetError(PortfolioError):
    """Synthetic data would have overwritten the project's own ``data/``."""


def paper_title(index: int) -> str:
    """The synthetic paper ``index``'s title: unique through its zero-padded number."""
    topic, method = _TOPICS[index % len(_TOPICS)], _METHODS[index % len(_METHODS)]
    return f"Synthetic paper {index:04d}: {method} for {topic}"


def _papers(count: int, rng: random.Random) -> list[dict]:
    return [
        {
            "id": f"synthetic-paper-{index:04d}",
            "title": paper_title(index),
            "venue": rng.choice(_VENUES),
            "year": rng.randint(FIRST_YEAR, LAST_YEAR),
            "authors": ["Synthetic Author"],
        }
        for index in range(count)
    ]


def _patents(count: int, rng: random.Random) -> list[dict]:
    patents = []
    for index in range(count):
        month = f"{rng.randint(FIRST_YEAR, LAST_YEAR)}-{rng.randint(1, 12):02d}"
        record = {"id": f"synthetic-patent-{index:04d}", "title": f"Synthetic patent {index:04d}"}
        if index % 5 == 4:
            patents.append(record | {"status": "pending", "filed": month})
        else:
            number = f"SYNTHETIC {index:04d}"
            patents.append(record | {"status": "granted", "number": number, "granted": month})
    return patents


def _press(count: int, rng: random.Random) -> list[dict]:
    return [
        {
            "id": f"synthetic-press-{index:04d}",
            "outlet": rng.choice(_OUTLETS),
            "year": rng.randint(FIRST_YEAR, LAST_YEAR),
            "headline": f"Synthetic press item {index:04d}",
            "media": ("read", "watch", "listen")[index % 3],
        }
        for index in range(count)
    ]


def _dump(path: Path, value: object) -> None:
    text = "# Synthetic data (portfolio.verify.synthetic): it describes no real work.\n"
    path.write_text(text + yaml.safe_dump(value, sort_keys=False), encoding="utf-8")


def _align_stats(data: Path, papers: list[dict], patents: list[dict]) -> None:
    """The profile's derived paper and patent counts, set to what the synthetic data gives."""
    path = data / "profile.yml"
    profile = yaml.safe_load(path.read_text(encoding="utf-8"))
    granted = sum(patent["status"] == "granted" for patent in patents)
    counts = {"papers": len(papers), "granted_patents": granted}
    for stat in profile.get("stats", []):
        if stat.get("derive") in counts:
            stat["value"] = str(counts[stat["derive"]])
    profile = _restate_counts(profile, counts)
    path.write_text(yaml.safe_dump(profile, sort_keys=False), encoding="utf-8")


def _restate_counts(value: object, counts: dict[str, int]) -> object:
    """``value`` with every count its texts state ("4 US Patents", "5 papers") set to the
    synthetic data's, so ``portfolio check`` finds them in line."""
    if isinstance(value, dict):
        return {key: _restate_counts(item, counts) for key, item in value.items()}
    if isinstance(value, list):
        return [_restate_counts(item, counts) for item in value]
    if not isinstance(value, str):
        return value
    for kind, pattern in COUNT_PHRASES.items():
        value = pattern.sub(lambda m, n=counts[kind]: m[0].replace(m[1], str(n), 1), value)
    return value


def write_synthetic(data: Path, papers: int, seed: int = 0) -> dict[str, int]:
    """Replace the papers, patents and press of the ``data/`` folder ``data`` (a copy's)
    with ``papers`` synthetic papers and patents and press in proportion; return the counts."""
    if data.resolve() == (ROOT / "data").resolve():
        raise SyntheticTargetError(f"{data} is the project's own data/; use a copy")
    rng = random.Random(seed)
    paper_records = _papers(papers, rng)
    patents = _patents(max(1, round(papers * PATENTS_PER_PAPER)), rng)
    press = _press(max(1, round(papers * PRESS_PER_PAPER)), rng)
    under_review = ["Synthetic Journal", "Synthetic Workshop"]
    _dump(data / "publications.yml", {"papers": paper_records, "under_review": under_review})
    _dump(data / "patents.yml", patents)
    _dump(data / "press.yml", press)
    _align_stats(data, paper_records, patents)
    return {"papers": papers, "patents": len(patents), "press": len(press)}
