"""`portfolio import bibtex|orcid`: new papers into a copy of data/publications.yml.

The sources are invented works of the fictional researcher (tests/fixtures/import/); every
import runs on copies in tmp_path, and no test touches the network.
"""

from __future__ import annotations

import io
import shutil
import urllib.error
from pathlib import Path

import pytest
import yaml

from portfolio.authoring.cli import main
from portfolio.authoring.importers import orcid as orcid_module
from portfolio.authoring.importers.latex import Decoder
from portfolio.authoring.importers.records import Candidate, make_id, normal_title, plan_import
from portfolio.data.load import load_portfolio

from conftest import OTHER_DATA, replace_in

FIXTURES = Path(__file__).parent / "fixtures" / "import"
BIB = FIXTURES / "papers.bib"
MALFORMED = FIXTURES / "malformed.bib"
ORCID_SUMMARY = FIXTURES / "orcid-works.json"
ORCID_BULK = FIXTURES / "orcid-works-bulk.json"
ORCID_ID = "0000-0002-9079-593X"
#: The comment that follows the real file's papers: new records go before it.
UNDER_REVIEW_COMMENT = "# Venues where further papers are under peer review"


@pytest.fixture
def other_copy(tmp_path: Path) -> Path:
    """The fictional researcher's data; its papers stat allows for the imported papers."""
    data = Path(shutil.copytree(OTHER_DATA, tmp_path / "other"))
    replace_in(data / "profile.yml", 'value: "6"', 'value: "9"')
    return data


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def papers_of(data: Path) -> dict[str, dict]:
    text = (data / "publications.yml").read_text(encoding="utf-8")
    return {paper["id"]: paper for paper in yaml.safe_load(text)["papers"]}


# --- BibTeX ------------------------------------------------------------------------------


def test_bibtex_entries_become_records_decoded_from_latex(other_copy, capsys):
    code, out, _ = run(capsys, "bibtex", str(BIB), "--data", str(other_copy))
    assert code == 0, out
    papers = papers_of(other_copy)
    assert papers["kovac-ortiz-2024-muller"] == {
        "id": "kovac-ortiz-2024-muller",
        "title": "Listening with Müller: Café Acoustics and the øresund Effect",
        "venue": "Proceedings of the Fictional Workshop on Room Acoustics",
        "year": 2024,
        "authors": ["Mira Kovač-Ortiz", "Jörg Müller", "Ana de la Cruz"],
        "notes": ["Oral"],
        "doi": "10.5555/fictional.2024.17",
    }
    assert papers["kovac-ortiz-2022"] == {
        "id": "kovac-ortiz-2022",
        "title": "Espresso Machines as Impulse Sources",
        "venue": "Imaginary Journal of Café Science",
        "year": 2022,
        "authors": ["M. Kovač-Ortiz", "Nils Østergaard", "et al."],
        "url": "https://example.org/fictional/espresso-impulses",
    }
    portfolio = load_portfolio(other_copy, as_of="2026-11-24")  # the result validates
    assert len(portfolio.publications.papers) == 9


def test_bibtex_duplicates_are_skipped_and_reported(other_copy, capsys):
    replace_in(
        other_copy / "publications.yml",
        "    title: Room Impulse Responses of 40 Kaffeehäuser\n",
        "    title: Room Impulse Responses of 40 Kaffeehäuser\n    doi: 10.5555/Fictional.Room\n",
    )
    bib = other_copy.parent / "refs.bib"
    extra = (
        "\n@article{room-again,\n  title = {Another title},\n  author = {Doe, Jane},\n"
        "  journal = {Imaginary Letters},\n  year = {2020},\n"
        "  doi = {doi:10.5555/fictional.room},\n}\n"
    )
    bib.write_text(BIB.read_text(encoding="utf-8") + extra, encoding="utf-8")
    code, out, _ = run(capsys, "bibtex", str(bib), "--data", str(other_copy))
    assert code == 0
    first = "kovac-ortiz-2024-muller"
    assert f"{bib}:21: entry espresso-duplicate-doi: skipped, same DOI as paper {first}" in out
    assert f"{bib}:29: entry cup-arrays-again: skipped, same title as paper cup-arrays" in out
    assert f"{bib}:43: entry room-again: skipped, same DOI as paper room-impulse" in out
    papers = papers_of(other_copy)
    assert not {"espresso-duplicate-doi", "cup-arrays-again", "room-again"} & set(papers)


def test_one_arxiv_id_in_two_versions_is_one_paper(other_copy, capsys):
    replace_in(other_copy / "profile.yml", 'value: "9"', 'value: "7"')  # one paper added
    bib = other_copy.parent / "arxiv.bib"
    entries = [
        ("steam-preprint", "Milk Steam as a Tracer", "2401.05678v1", "arXiv"),
        ("steam-journal", "Milk steam as a tracer of café airflow", "2401.05678v2", "Café Letters"),
    ]
    bib.write_text(
        "".join(
            f"@article{{{key},\n  title = {{{title}}},\n  author = {{Doe, Jane}},\n"
            f"  journal = {{{venue}}},\n  year = {{2024}},\n  eprint = {{{arxiv}}},\n"
            "  archivePrefix = {arXiv},\n}\n\n"
            for key, title, arxiv, venue in entries
        ),
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "bibtex", str(bib), "--data", str(other_copy))
    assert code == 0
    assert f"{bib}:10: entry steam-journal: skipped, same arXiv id as paper steam-preprint" in out
    assert "steam-journal" not in papers_of(other_copy)


def test_an_id_that_is_taken_gets_a_free_one_and_is_reported(other_copy, capsys):
    code, out, _ = run(capsys, "bibtex", str(BIB), "--data", str(other_copy))
    assert code == 0
    assert (
        f"{BIB}:36: entry room-impulse: id room-impulse is taken; imported as room-impulse-2" in out
    )
    papers = papers_of(other_copy)
    assert papers["room-impulse"]["title"] == "Room Impulse Responses of 40 Kaffeehäuser"
    assert papers["room-impulse-2"]["title"] == "Room Impulse Responses of Forty Tea Houses"


def test_round_trip_keeps_every_byte_already_written(data_copy, capsys):
    """On a copy of the real file: its comments, records and blank lines stay as they are,
    the new records follow the last paper, before the comment that heads `under_review`."""
    path = data_copy / "publications.yml"
    before = path.read_text(encoding="utf-8")
    head, tail = before.split(UNDER_REVIEW_COMMENT)
    code, out, _ = run(capsys, "bibtex", str(BIB), "--data", str(data_copy))
    assert code == 0, out
    after = path.read_text(encoding="utf-8")
    assert after.startswith(head) and after.endswith(UNDER_REVIEW_COMMENT + tail)
    added = after[len(head) : -len(UNDER_REVIEW_COMMENT + tail)]
    assert added.startswith("  - id: kovac-ortiz-2024-muller\n")
    assert added.count("\n\n  - id: ") == 3 and added.endswith("\n\n")  # the file's blank lines
    ids = list(papers_of(data_copy))
    assert ids[:4] == [paper["id"] for paper in yaml.safe_load(before)["papers"]]
    assert ids[4:] == ["kovac-ortiz-2024-muller", "kovac-ortiz-2022", "cup-arrays-again"] + [
        "room-impulse"
    ]
    load_portfolio(data_copy)


def test_a_file_without_blank_lines_gets_none(other_copy, capsys):
    before = (other_copy / "publications.yml").read_text(encoding="utf-8")
    assert run(capsys, "bibtex", str(BIB), "--data", str(other_copy))[0] == 0
    after = (other_copy / "publications.yml").read_text(encoding="utf-8")
    assert after.startswith(before) and "\n\n" not in after


def test_a_long_title_is_folded_as_the_file_writes_them(data_copy, capsys):
    title = " ".join(["Fictional words"] * 12)
    bib = data_copy.parent / "long.bib"
    bib.write_text(
        f"@article{{long,\n title = {{{title}}},\n author = {{Doe, Jane}},\n"
        " journal = {Imaginary Letters},\n year = {2020},\n}\n",
        encoding="utf-8",
    )
    assert run(capsys, "bibtex", str(bib), "--data", str(data_copy))[0] == 0
    text = (data_copy / "publications.yml").read_text(encoding="utf-8")
    assert "  - id: long\n    title: >-\n      Fictional words" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    assert papers_of(data_copy)["long"]["title"] == title


def test_dry_run_writes_nothing_and_shows_the_change(other_copy, capsys):
    path = other_copy / "publications.yml"
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    code, out, _ = run(capsys, "bibtex", str(BIB), "--data", str(other_copy), "--dry-run")
    assert code == 0
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in other_copy.iterdir()) == sorted(
        p.name for p in OTHER_DATA.iterdir()
    )
    assert "would add kovac-ortiz-2024-muller: Listening with Müller" in out
    assert "+  - id: kovac-ortiz-2024-muller\n" in out
    assert "nothing written" in out


def test_a_malformed_entry_is_skipped_and_listed_and_the_rest_imported(other_copy, capsys):
    replace_in(other_copy / "profile.yml", 'value: "9"', 'value: "7"')
    code, out, _ = run(capsys, "bibtex", str(MALFORMED), "--data", str(other_copy))
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].startswith(f"{MALFORMED}:10: entry broken-entry: not valid BibTeX")
    assert lines[0].endswith("; fix the entry; skipped")
    assert f"{MALFORMED}:16: entry after-the-break: field venue: required field is missing" in out
    assert set(papers_of(other_copy)) - set(papers_of(OTHER_DATA)) == {"fine-entry"}


def test_strict_refuses_the_whole_file_for_one_malformed_entry(other_copy, capsys):
    path = other_copy / "publications.yml"
    before = path.read_bytes()
    code, out, err = run(capsys, "bibtex", str(MALFORMED), "--data", str(other_copy), "--strict")
    assert code == 1
    assert err.splitlines()[0].startswith(f"{MALFORMED}:10: entry broken-entry: not valid BibTeX")
    assert err.splitlines()[-1] == f"Import refused (4 problem(s)); {path} is unchanged."
    assert "added" not in out and path.read_bytes() == before


@pytest.mark.parametrize("strict", [True, False])
def test_an_entry_missing_what_a_record_needs_is_listed(other_copy, capsys, strict):
    bib = other_copy.parent / "thin.bib"
    bib.write_text("% a comment\n@misc{thin-one,\n  title = {Only a Title},\n}\n", encoding="utf-8")
    before = (other_copy / "publications.yml").read_bytes()
    code, out, err = run(
        capsys, "bibtex", str(bib), "--data", str(other_copy), *["--strict"] * strict
    )
    assert code == (1 if strict else 0)
    lines = (err if strict else out).splitlines()
    assert f"{bib}:2: entry thin-one: field venue: required field is missing" in lines[0]
    assert any("field year: required field is missing" in line for line in lines)
    assert any("field authors: required field is missing" in line for line in lines)
    assert all(line.endswith("; skipped") for line in lines[:3]) != strict
    assert (other_copy / "publications.yml").read_bytes() == before


def test_nothing_is_written_unless_the_data_still_checks(other_copy, capsys):
    """Three new papers make the profile's papers stat wrong: refused, named, unchanged."""
    profile = other_copy / "profile.yml"
    line = replace_in(profile, 'value: "9"', 'value: "6"')
    before = (other_copy / "publications.yml").read_bytes()
    code, _, err = run(capsys, "bibtex", str(BIB), "--data", str(other_copy))
    assert code == 1
    assert f"{profile}:{line}: record papers: field value: states 6 but the data gives 9" in err
    assert (other_copy / "publications.yml").read_bytes() == before
    code, out, _ = run(capsys, "bibtex", str(BIB), "--data", str(other_copy), "--dry-run")
    assert code == 1 and out.count("would add ") == 3  # the dry run still says what it adds


def test_an_unreadable_bib_file_is_one_line(other_copy, capsys):
    code, _, err = run(capsys, "bibtex", str(other_copy / "missing.bib"), "--data", str(other_copy))
    assert code != 0 and len(err.splitlines()) == 1 and "missing.bib" in err


# --- ORCID -------------------------------------------------------------------------------


def test_orcid_works_become_records(other_copy, capsys):
    replace_in(other_copy / "profile.yml", 'value: "9"', 'value: "8"')
    code, out, _ = run(capsys, "orcid", str(ORCID_BULK), "--data", str(other_copy))
    assert code == 0, out
    papers = papers_of(other_copy)
    assert papers["reverberation-maps-of-fictional-train-stations"] == {
        "id": "reverberation-maps-of-fictional-train-stations",
        "title": "Reverberation Maps of Fictional Train Stations",
        "venue": "Imaginary Journal of Café Science",
        "year": 2024,
        "authors": ["Mira Kovač-Ortiz", "Łukasz Żółkiewski"],
        "doi": "10.5555/FICTIONAL.2024.03",
    }
    assert papers["whispering-galleries-in-small-kaffeehauser"]["url"] == (
        "https://example.org/fictional/whispering-galleries"
    )
    assert "ORCID work 1003 (Recordings of 40 Fictional Cafés): skipped, type data-set" in out
    assert "ORCID work 1004 (Espresso noise is NOT white.): skipped, same title as paper" in out
    assert (
        "ORCID work 1005 (Toward Self-Supervised Café Listening): skipped, ORCID gives no "
        "journal-title (the venue)"
    ) in out
    load_portfolio(other_copy, as_of="2026-11-24")


def test_orcid_summary_file_lists_no_authors_and_says_so(other_copy, capsys):
    before = (other_copy / "publications.yml").read_bytes()
    code, out, _ = run(capsys, "orcid", str(ORCID_SUMMARY), "--data", str(other_copy))
    assert code == 0
    assert "lists no authors; `portfolio import orcid <iD>` fetches each work in full" in out
    assert (
        "ORCID work 1001 (Reverberation Maps of Fictional Train Stations): skipped, ORCID "
        "gives no contributors (authors)"
    ) in out
    assert "Nothing to add" in out
    assert (other_copy / "publications.yml").read_bytes() == before


class FakeOrcid:
    """ORCID's public API as the saved answers: the works summary, then the full works."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []

    def __call__(self, request, timeout: float) -> io.BytesIO:
        self.requests.append((request.full_url, request.get_header("Accept")))
        works = f"{orcid_module.API}/{ORCID_ID}/works"
        if request.full_url == works:
            return io.BytesIO(ORCID_SUMMARY.read_bytes())
        assert request.full_url == f"{works}/1001,1002,1003,1004,1005"
        return io.BytesIO(ORCID_BULK.read_bytes())


def test_orcid_id_fetches_the_summary_then_the_full_works(other_copy, capsys, monkeypatch):
    replace_in(other_copy / "profile.yml", 'value: "9"', 'value: "8"')
    fake = FakeOrcid()
    monkeypatch.setattr(orcid_module.urllib.request, "urlopen", fake)
    code, out, _ = run(capsys, "orcid", f"https://orcid.org/{ORCID_ID}", "--data", str(other_copy))
    assert code == 0, out
    assert [accept for _, accept in fake.requests] == ["application/json"] * 2
    assert {"reverberation-maps-of-fictional-train-stations"} < set(papers_of(other_copy))


def test_orcid_without_network_is_one_clear_line(other_copy, capsys, monkeypatch):
    def offline(request, timeout):
        raise urllib.error.URLError(OSError(-3, "Temporary failure in name resolution"))

    monkeypatch.setattr(orcid_module.urllib.request, "urlopen", offline)
    before = (other_copy / "publications.yml").read_bytes()
    code, out, err = run(capsys, "orcid", ORCID_ID, "--data", str(other_copy))
    assert code == 1 and out == ""
    [line] = err.splitlines()
    assert line.startswith("portfolio import orcid: cannot reach ORCID at https://pub.orcid.org/")
    assert "Temporary failure in name resolution" in line
    assert "and import the file" in line
    assert (other_copy / "publications.yml").read_bytes() == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [("not json", "not ORCID's JSON"), ('{"something": []}', "expected an object with `group`")],
)
def test_a_file_that_is_not_orcid_json_is_one_line(other_copy, capsys, content, expected):
    path = other_copy.parent / "works.json"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "orcid", str(path), "--data", str(other_copy))
    assert code == 1 and len(err.splitlines()) == 1 and expected in err


# --- Records -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("Smith2020Deep", "smith-2020-deep"),
        ("DBLP:conf/iclr/Kovac24", "dblp-conf-iclr-kovac-24"),
        ("müller_étude", "muller-etude"),
        ("___", "paper"),
    ],
)
def test_ids_follow_the_models_rule(key, expected):
    assert make_id(key) == expected


def test_titles_compare_without_case_accents_or_punctuation():
    assert normal_title("Cup-Shaped  Microphone Arrays") == normal_title(
        "cup shaped microphone ARRAYS!"
    )
    assert normal_title("Étude") == normal_title("etude")


def test_a_duplicate_within_the_import_is_skipped_too():
    fields = {"title": "T", "venue": "V", "year": 2020, "authors": ["A"]}
    plan = plan_import([], [Candidate("a", "one", fields), Candidate("b", "two", dict(fields))])
    assert [record["id"] for record in plan.added] == ["one"]
    assert plan.notes == ["b: skipped, same title as paper one"]


def test_a_problem_the_data_has_already_is_named_as_such(other_copy, capsys):
    line = replace_in(other_copy / "roles.yml", "  title: Research Engineer\n", "  title: ''\n")
    before = (other_copy / "publications.yml").read_bytes()
    code, _, err = run(capsys, "bibtex", str(BIB), "--data", str(other_copy))
    assert code == 1
    assert f"{other_copy / 'roles.yml'}:{line}: record research-engineer: field title:" in err
    assert "(so before the import too)" in err
    assert (other_copy / "publications.yml").read_bytes() == before


def test_an_empty_list_of_papers_gets_block_records(other_copy, capsys):
    path = other_copy / "publications.yml"
    path.write_text("# FICTIONAL TEST DATA\npapers: []\n", encoding="utf-8")
    replace_in(other_copy / "profile.yml", 'value: "9"', 'value: "4"')
    assert run(capsys, "bibtex", str(BIB), "--data", str(other_copy))[0] == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# FICTIONAL TEST DATA\npapers:\n  - id: kovac-ortiz-2024-muller\n")
    assert len(papers_of(other_copy)) == 4


def test_url_and_doi_are_verbatim_and_text_fields_decoded(data_copy, capsys):
    bib = data_copy.parent / "verbatim.bib"
    bib.write_text(
        "@article{verbatim,\n  title = {R\\&D at 100\\% -- {GPU} $x$},\n"
        "  author = {Doe, Jane and {Barnes and Noble}},\n  journal = {J. of {\\'E}tudes},\n"
        "  year = {2020},\n  url = {https://example.org/a%20b_c},\n  doi = {10.5555/x_y%z},\n}\n",
        encoding="utf-8",
    )
    assert run(capsys, "bibtex", str(bib), "--data", str(data_copy))[0] == 0
    paper = papers_of(data_copy)["verbatim"]
    assert paper["title"] == "R&D at 100% – GPU x"
    assert paper["authors"] == ["Jane Doe", "Barnes and Noble"]
    assert paper["venue"] == "J. of Études"
    assert (paper["url"], paper["doi"]) == ("https://example.org/a%20b_c", "10.5555/x_y%z")


# --- Real exports ------------------------------------------------------------------------
# One file in the style of each tool researchers export from (fictional works): each imports
# as it is, and every entry is a paper or a line saying where it is and why it is not.


@pytest.fixture
def open_copy(tmp_path: Path) -> Path:
    """The fictional researcher's data with a papers stat that derives nothing."""
    data = Path(shutil.copytree(OTHER_DATA, tmp_path / "open"))
    replace_in(data / "profile.yml", "    derive: papers\n", "")
    return data


def import_file(capsys, data: Path, name: str, *extra: str) -> tuple[dict[str, dict], str]:
    """Import fixture ``name`` into ``data``; the papers it added (by id) and the output."""
    command = "orcid" if name.endswith(".json") else "bibtex"
    code, out, err = run(capsys, command, str(FIXTURES / name), "--data", str(data), *extra)
    assert code == 0, out + err
    before = set(papers_of(OTHER_DATA))
    load_portfolio(data, as_of="2026-11-24")
    return {k: v for k, v in papers_of(data).items() if k not in before}, out


REAL_EXPORTS = {
    "zotero-bbt.bib": (
        4,
        [
            "zotero-bbt.bib:23: entry kovac-ortiz_toward_2024: skipped, a preprint: entry "
            "kovac-ortiz_toward_2025, of the same title, is imported instead",
            "zotero-bbt.bib:69: entry kovac-ortiz_blog_2023: field venue: required field is "
            "missing; the entry gives none; skipped",
        ],
    ),
    "bibdesk.bib": (
        3,
        [
            "bibdesk.bib:38: entry Kovac-Ortiz:2021ac: field journal: @string IEEE_J_FICT is "
            "not defined in the file; define it or write the text; skipped"
        ],
    ),
    "jabref.bib": (5, []),
    "ads.bib": (
        4,
        [
            "ads.bib:36: entry 2021ApJ...900...42K: field title: math $\\sqrt{s}$ has no exact "
            "Unicode form; write it as text; skipped"
        ],
    ),
    "dblp.bib": (
        3,
        [
            "dblp.bib:37: entry DBLP:journals/corr/abs-2401-01234: skipped, a preprint: entry "
            "DBLP:journals/ita/KovacOrtizZ25, of the same title, is imported instead"
        ],
    ),
    "dblp-crossref.bib": (
        2,
        [
            "dblp-crossref.bib:30: entry DBLP:conf/ica/KovacOrtiz21: field crossref: no entry "
            "DBLP:conf/ica/2021 in the file; skipped",
            "dblp-crossref.bib:38: entry DBLP:conf/fwca/2019: skipped, @proceedings is not a "
            "paper (the volume its papers cite with crossref)",
            "dblp-crossref.bib:54: entry DBLP:conf/ica/2020: skipped, @proceedings is not a "
            "paper (the volume its papers cite with crossref)",
        ],
    ),
    "alfolio-papers.bib": (4, []),
    "orcid-v2-bulk.json": (
        3,
        ["ORCID work 2003 (Recordings of Forty Fictional Grinders): skipped, type data-set"],
    ),
    "orcid-v3-markup.json": (
        2,
        [
            "ORCID work 3002 (Toward Self-Supervised Café Listening): skipped, a preprint: "
            "ORCID work 3003 (Toward Self-Supervised Café Listening), of the same title, is "
            "imported instead"
        ],
    ),
}


@pytest.mark.parametrize("name", REAL_EXPORTS)
def test_a_real_export_imports_as_it_is_and_lists_what_it_skips(open_copy, capsys, name):
    count, skipped = REAL_EXPORTS[name]
    added, out = import_file(capsys, open_copy, name)
    assert len(added) == count, out
    listed = [line.replace(f"{FIXTURES}/", "") for line in out.splitlines()]
    found = [line for line in listed if "skipped" in line]
    assert len(found) == len(skipped), found
    assert all(map(str.startswith, found, skipped)), found
    for paper in added.values():  # no LaTeX, markup or macro name is left in the text
        text = " ".join([paper["title"], paper["venue"], *paper["authors"]])
        assert not {"\\", "$", "{", "}", "<", ">"} & set(text), paper


@pytest.mark.parametrize("name", ["dblp-crossref.bib", "orcid-v3-markup.json"])
def test_importing_a_real_export_twice_adds_nothing(open_copy, capsys, name):
    import_file(capsys, open_copy, name)
    before = (open_copy / "publications.yml").read_bytes()
    _, out = import_file(capsys, open_copy, name)
    assert "Nothing to add" in out
    assert (open_copy / "publications.yml").read_bytes() == before


def test_field_names_in_any_case_and_string_macros(open_copy, capsys):
    added, _ = import_file(capsys, open_copy, "bibdesk.bib")
    assert added["kovac-ortiz-2019-aa"] == {
        "id": "kovac-ortiz-2019-aa",
        "title": "Room Impulse Responses of 40 Kaffeehäuser, §3 and H i Rooms",
        "venue": "Journal of the Fictional Acoustical Society",
        "year": 2019,
        "authors": ["Mira Kovač-Ortiz", "Nils Østergaard"],
        "doi": "10.5555/fictional.2019.88",
        "abstract": "Impulse responses of forty invented coffee houses.",
    }
    assert added["kovac-ortiz-2022-ad"]["venue"] == (
        "Journal of the Fictional Acoustical Society (Letters)"
    )
    assert added["kovac-ortiz-2020-ab"]["venue"] == "Proc. Fictional Workshop on Café Acoustics"
    assert added["kovac-ortiz-2020-ab"]["url"] == "https://example.org/fictional/latte_art"


def test_ads_macros_and_math_become_unicode(open_copy, capsys):
    added, _ = import_file(capsys, open_copy, "ads.bib")
    mnras = added["2023-mnras-520-1234-k"]
    assert mnras["venue"] == "Monthly Notices of the Royal Astronomical Society"
    assert mnras["title"] == "Fictional H i reverberation in z∼6 quasar hosts"
    assert mnras["authors"] == ["M. Kovač-Ortiz", "N. Østergaard", "J. Doe"]
    assert added["2022-a-a-600-a-12-k"]["title"] == "⁴⁰Ar/³⁹Ar ages of invented coffee beans"
    assert added["2022-a-a-600-a-12-k"]["venue"] == "Astronomy and Astrophysics"
    assert added["2020-aas-235-101-k"]["venue"] == (
        "American Astronomical Society Meeting Abstracts #235"
    )


def test_dblp_escapes_and_crossref(open_copy, capsys):
    added, _ = import_file(capsys, open_copy, "dblp.bib")
    paper = added["dblp-conf-fwca-kovac-ortiz-o19"]
    assert paper["doi"] == "10.5555/978-3-000-00000-0_8"
    assert paper["url"] == "https://doi.org/10.5555/978-3-000-00000-0_8"
    assert paper["authors"] == ["Mira Kovač-Ortiz", "Nils Østergaard"]
    crossref, _ = import_file(capsys, open_copy, "dblp-crossref.bib")
    latte = crossref["dblp-conf-ica-kovac-ortiz-20"]
    assert (latte["venue"], latte["year"]) == (
        "Invented Conference on Audio, ICA 2020, Atlantis, June 1-3, 2020",
        2020,
    )
    assert "doi" not in latte  # the volume's DOI is not the paper's


def test_every_venue_field_names_the_venue(open_copy, capsys):
    zotero, _ = import_file(capsys, open_copy, "zotero-bbt.bib")
    jabref, _ = import_file(capsys, open_copy, "jabref.bib")
    alfolio, _ = import_file(capsys, open_copy, "alfolio-papers.bib")
    venues = {
        "zotero thesis (school)": zotero["kovac-ortiz-listening-2018"]["venue"],
        "zotero math title": zotero["kovac-ortiz-sparse-2022"]["title"],
        "jabref journaltitle": jabref["kovac-ortiz-2020"]["venue"],
        "jabref eprint": jabref["kovac-ortiz-2021-a"]["venue"],
        "jabref institution": jabref["kovac-ortiz-2017"]["venue"],
        "al-folio book (publisher)": alfolio["kovacortiz-2015-cafes"]["venue"],
    }
    assert venues == {
        "zotero thesis (school)": "Fictional University of Atlantis",
        "zotero math title": "On δ-Sparse Room Impulse Responses of Σ-Shaped Halls",
        "jabref journaltitle": "Imaginary Journal of Café Science",
        "jabref eprint": "arXiv:2103.00042",
        "jabref institution": "Invented Acoustics Laboratory",
        "al-folio book (publisher)": "Fictional Press",
    }
    assert jabref["kovac-ortiz-2020"]["year"] == 2020  # from biblatex's date


def test_an_unpublished_entry_takes_its_venue_from_its_note(open_copy, capsys):
    bib = open_copy.parent / "unpublished.bib"
    bib.write_text(
        "@unpublished{talk,\n  title = {A Talk},\n  author = {Doe, Jane},\n"
        "  note = {Invited talk, Fictional Colloquium},\n  year = {2024},\n}\n",
        encoding="utf-8",
    )
    assert run(capsys, "bibtex", str(bib), "--data", str(open_copy))[0] == 0
    talk = papers_of(open_copy)["talk"]
    assert talk["venue"] == "Invited talk, Fictional Colloquium" and "notes" not in talk


def test_an_unknown_latex_command_is_reported_not_dropped(open_copy, capsys):
    bib = open_copy.parent / "unknown.bib"
    bib.write_text(
        "@article{odd,\n  title = {The \\foo{} Effect},\n  author = {Doe, Jane},\n"
        "  journal = {Imaginary Letters},\n  year = {2020},\n}\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "bibtex", str(bib), "--data", str(open_copy))
    assert code == 0
    assert (
        f"{bib}:1: entry odd: field title: LaTeX command \\foo is not known; write it as text; "
        "skipped"
    ) in out
    assert "odd" not in papers_of(open_copy)


def test_a_file_that_names_its_encoding_is_read_in_it(open_copy, capsys):
    bib = open_copy.parent / "latin1.bib"
    text = (
        "% Encoding: windows-1252\n@article{cafe,\n  title = {Café Müller},\n"
        "  author = {Østergaard, Nils},\n  journal = {Imaginary Letters},\n  year = {2020},\n}\n"
    )
    bib.write_bytes(text.encode("cp1252"))
    assert run(capsys, "bibtex", str(bib), "--data", str(open_copy))[0] == 0
    assert papers_of(open_copy)["cafe"]["authors"] == ["Nils Østergaard"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xef\xbb\xbf@article{bom,\r\n title = {T},\r\n}\r\n", "field venue: required"),
        ("@article{l1,\n title = {Café},\n}\n".encode("latin-1"), "not UTF-8 text"),
        (b"", "Nothing to add"),
        (b"@article{open,\n title = {Never closed\n", "not valid BibTeX"),
    ],
)
def test_odd_files_give_one_clear_line(open_copy, capsys, content, expected):
    bib = open_copy.parent / "odd.bib"
    bib.write_bytes(content)
    before = (open_copy / "publications.yml").read_bytes()
    main(["import", "bibtex", str(bib), "--data", str(open_copy)])
    captured = capsys.readouterr()
    lines = [line for line in (captured.out + captured.err).splitlines() if expected in line]
    assert len(lines) == 1 and "Traceback" not in captured.err, captured
    assert (open_copy / "publications.yml").read_bytes() == before


def test_orcid_v2_spelling_and_credit_names_in_either_order(open_copy, capsys):
    added, _ = import_file(capsys, open_copy, "orcid-v2-bulk.json")
    ages = added["40ar-39ar-ages-of-invented-coffee-beans"]
    assert ages["title"] == "⁴⁰Ar/³⁹Ar Ages of Invented Coffee Beans"
    assert ages["authors"] == ["Mira Kovač-Ortiz", "Richard Roe"]  # the editor is left out
    assert ages["doi"] == "10.5555/fictional.2022.40"
    assert added["listening-in-small-rooms"]["venue"] == "Fictional University of Atlantis"


def test_orcid_markup_in_titles_is_converted_or_stripped(open_copy, capsys):
    added, _ = import_file(capsys, open_copy, "orcid-v3-markup.json")
    paper = added["growth-of-e-coli-in-milk-foam-h2o-steam"]
    assert paper["title"] == "Growth of E. coli in Milk Foam & H₂O Steam"
    assert paper["authors"] == ["Mira Kovač-Ortiz", "Łukasz Żółkiewski"]


def test_one_title_in_another_venue_is_kept_and_noted():
    first = {"title": "T", "venue": "Workshop W", "year": 2020, "authors": ["A"]}
    second = dict(first, venue="Journal J")
    plan = plan_import([], [Candidate("a", "one", first), Candidate("b", "two", second)])
    assert [record["id"] for record in plan.added] == ["one", "two"]
    assert plan.notes == [
        "b: same title as paper one (in Workshop W) but another venue; both kept: delete one if "
        "they are the same work"
    ]


def test_a_preprint_of_a_paper_in_the_file_is_skipped():
    existing = [{"id": "one", "title": "T", "venue": "Journal J", "year": 2021, "authors": ["A"]}]
    preprint = {"title": "t!", "venue": "arXiv:2401.00001", "year": 2020, "authors": ["A"]}
    plan = plan_import(existing, [Candidate("b", "two", preprint)])
    assert not plan.added
    assert plan.notes == ["b: skipped, a preprint of paper one (same title, in Journal J)"]


# --- What researchers expect of a paper: badge, award, links, abstract -------------------


def test_alfolio_fields_are_kept_and_a_file_of_the_old_site_is_named(open_copy, capsys):
    added, out = import_file(capsys, open_copy, "alfolio-papers.bib")
    assert added["kovacortiz-2021-espresso"] == {
        "id": "kovacortiz-2021-espresso",
        "title": "Espresso Noise, Revisited",
        "venue": "Imaginary Signal Processing Letters",
        "abbr": "ISPL",
        "year": 2021,
        "authors": ["Mira Kovač-Ortiz*", "Jane Doe*"],
        "award": "Best Paper",
        "url": "https://example.org/fictional/espresso",
        "doi": "10.5555/fictional.2021.05",
        "code": "https://example.org/fictional/espresso-code",
        "html": "https://example.org/fictional/espresso/project",
        "slides": "https://example.org/fictional/espresso-slides.pdf",
        "poster": "https://example.org/fictional/espresso-poster.pdf",
        "video": "https://example.org/fictional/espresso-video",
        "abstract": "Forty invented espresso machines, recorded and compared.",
        "selected": True,
    }
    assert added["kovacortiz-2024-galleries"]["arxiv"] == "2402.00077"
    assert (
        "alfolio-papers.bib:16: entry kovacortiz2021espresso: field pdf: espresso.pdf is a file "
        "of the old site, not a web address; left out (put it online and add `pdf:` with its URL)"
    ) in out
    assert "field html: cafes.html is a file of the old site" in out


def test_an_eprint_gives_the_arxiv_link_and_orcid_the_abstract(open_copy, capsys):
    ads, _ = import_file(capsys, open_copy, "ads.bib")
    assert ads["2023-mnras-520-1234-k"]["arxiv"] == "2301.01234"
    orcid, _ = import_file(capsys, open_copy, "orcid-v3-markup.json")
    paper = orcid["growth-of-e-coli-in-milk-foam-h2o-steam"]
    assert paper["arxiv"] == "2305.00011"
    assert paper["abstract"] == "An invented study of microbes in milk foam."


def test_an_abstract_with_math_that_has_no_text_is_left_out_not_the_paper(open_copy, capsys):
    bib = open_copy.parent / "abstract.bib"
    bib.write_text(
        "@article{cost,\n  title = {Cost},\n  author = {Doe, Jane},\n"
        "  journal = {Imaginary Letters},\n  year = {2020},\n"
        "  abstract = {It runs in $\\mathcal{O}(n)$ time.},\n}\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "bibtex", str(bib), "--data", str(open_copy))
    assert code == 0
    assert "entry cost: field abstract: math $\\mathcal{O}(n)$ has no exact Unicode form" in out
    assert "abstract" not in papers_of(open_copy)["cost"]


def test_selected_is_kept_while_the_home_page_has_room(open_copy, capsys):
    entries = "".join(
        f"@article{{p{n},\n  title = {{Paper {n}}},\n  author = {{Doe, Jane}},\n"
        f"  journal = {{Imaginary Letters}},\n  year = {{2020}},\n  selected = {{true}},\n}}\n"
        for n in range(7)
    )
    bib = open_copy.parent / "selected.bib"
    bib.write_text(entries, encoding="utf-8")
    code, out, _ = run(capsys, "bibtex", str(bib), "--data", str(open_copy))
    assert code == 0, out
    papers = papers_of(open_copy)
    assert [papers[f"p-{n}"].get("selected", False) for n in range(7)] == [True] * 5 + [False] * 2
    assert out.count("field selected: the home page shows at most 5 selected papers") == 2


def test_the_new_fields_are_validated(open_copy, capsys):
    bib = open_copy.parent / "links.bib"
    bib.write_text(
        "@article{links,\n  title = {Links},\n  author = {Doe, Jane},\n"
        "  journal = {Imaginary Letters},\n  year = {2020},\n  arxiv = {not an id},\n"
        "  code = {https://example.org/a b},\n}\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "bibtex", str(bib), "--data", str(open_copy))
    assert code == 0
    assert f"{bib}:1: entry links: field arxiv: String should match pattern" in out
    assert f"{bib}:1: entry links: field code: the URL holds ' '" in out
    assert "links" not in papers_of(open_copy)


@pytest.mark.parametrize(
    ("latex", "text", "problems"),
    [
        ("Proc.\\ Fictional {\\bf bold words} and \\c c", "Proc. Fictional bold words and ç", []),
        ("costs \\$5 and $x^2$ -- {\\S}3", "costs $5 and x² – §3", []),
        ("$\\alpha$ {a \\} b} $z\\sim 6$", "α a } b z∼6", []),
        ("100% sure", "100 sure", ["a % starts a LaTeX comment (write \\% for a percent sign)"]),
        ("\\emph {x} \\foo", "x ", ["LaTeX command \\foo is not known"]),
    ],
)
def test_latex_decodes_only_the_pieces_that_hold_latex(latex, text, problems):
    assert Decoder().decode(latex) == (text, problems)
