"""Exports parse back and agree with the data: BibTeX, CSL-JSON, Quarto citation, JSON Resume."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import jsonschema
import pytest
import yaml
from helpers import bibtex_entries

from portfolio.authoring.cli import main
from portfolio.build.export import FILENAMES, bibtex, csl_json, json_resume
from portfolio.data.facts import orcid_url
from portfolio.data.models import GrantedPatent, Paper
from portfolio.pages.citation import bibtex_entry, csl_item, quarto_citation, venue_title

from conftest import AS_OF, DATA, OTHER_DATA, replace_in

#: LaTeX for BibTeX's special characters, written out here independently of the code.
LATEX = {
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\textbackslash{}": "\\",
}
TRICKY = Paper(
    id="tricky-title",
    title=r"R&D {Braces} at 100% for $5, #1 a_b ~c ^d \e",
    venue="Venue & Co",
    event="Workshop_{x}",
    year=2020,
    authors=["M. Kovač-Ortiz", "Cat and Dog"],
    notes=["Oral"],
    url="https://example.org/paper",
    doi="10.1234/abc_def",
)


def from_latex(text: str) -> str:
    pattern = "|".join(re.escape(command) for command in LATEX)
    return re.sub(pattern, lambda match: LATEX[match.group()], text)


def unbraced(title: str) -> str:
    """The title without the braces that keep its case."""
    assert title.startswith("{") and title.endswith("}"), title
    return title[1:-1]


def braces_balance(text: str) -> bool:
    """BibTeX counts every brace, escaped or not."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def parse_bibtex(text: str) -> dict[str, dict[str, str]]:
    return bibtex_entries(text)


# --- BibTeX -------------------------------------------------------------------------------


def test_bibtex_parses_back_to_every_paper(portfolio):
    text = bibtex(portfolio)
    entries = parse_bibtex(text)
    papers = portfolio.publications.papers
    assert list(entries) == [paper.id for paper in papers]
    for paper in papers:
        entry = entries[paper.id]
        assert entry["ENTRYTYPE"] == "inproceedings"
        assert from_latex(unbraced(entry["title"])) == paper.title
        assert from_latex(entry["author"]).split(" and ") == paper.authors
        assert entry["year"] == str(paper.year)
        assert from_latex(entry["booktitle"]) == venue_title(paper)
        assert from_latex(entry.get("note", "")) == ", ".join(paper.notes)
        assert "url" not in entry and "doi" not in entry  # the data has no links yet
    assert bibtex(portfolio) == text, "keys and entries are stable"


def test_bibtex_states_the_venue_with_its_workshop_and_notes(other):
    with_workshop = other.publications.papers[1].model_copy(update={"event": "Listening Track"})
    entry = parse_bibtex(bibtex_entry(with_workshop))[with_workshop.id]
    assert from_latex(entry["booktitle"]) == "Fictional Workshop on Café Acoustics Listening Track"
    assert venue_title(with_workshop) == from_latex(entry["booktitle"])
    assert parse_bibtex(bibtex(other))["espresso-noise"]["note"] == "Best fictional paper"


def test_bibtex_escapes_special_characters_and_round_trips():
    entry = bibtex_entry(TRICKY)
    assert braces_balance(entry)
    parsed = parse_bibtex(entry)["tricky-title"]
    assert from_latex(unbraced(parsed["title"])) == TRICKY.title
    assert from_latex(parsed["booktitle"]) == "Venue & Co Workshop_{x}"
    assert parsed["doi"] == "10.1234/abc_def"  # doi and url are verbatim fields
    assert parsed["url"] == "https://example.org/paper"
    assert parsed["author"] == "M. Kovač-Ortiz and {Cat and Dog}"  # one name, not two


# --- CSL-JSON and Quarto citation -----------------------------------------------------------


def test_csl_json_matches_every_paper(portfolio):
    items = json.loads(json.dumps(csl_json(portfolio)))
    assert [item["id"] for item in items] == [paper.id for paper in portfolio.publications.papers]
    for item, paper in zip(items, portfolio.publications.papers, strict=True):
        assert item["type"] == "paper-conference"
        assert item["title"] == paper.title
        assert item["author"] == [{"literal": name} for name in paper.authors]
        assert item["issued"] == {"date-parts": [[paper.year]]}
        assert item["container-title"] == venue_title(paper)
        assert not {"URL", "DOI", "abstract"} & set(item)


def test_csl_item_carries_links_only_when_the_data_has_them():
    item = csl_item(TRICKY)
    assert item["URL"] == TRICKY.url and item["DOI"] == TRICKY.doi and item["note"] == "Oral"


def test_quarto_citation_blocks(portfolio):
    for paper in portfolio.publications.papers:
        block = yaml.safe_load(yaml.safe_dump({"citation": quarto_citation(paper)}))["citation"]
        assert block["type"] == "paper-conference"
        assert block["title"] == paper.title
        assert block["author"] == paper.authors
        assert block["issued"] == paper.year and isinstance(block["issued"], int)
        assert block["container-title"] == venue_title(paper)
        assert not {"url", "doi", "URL", "DOI"} & set(block)
    assert quarto_citation(TRICKY)["url"] == TRICKY.url
    assert quarto_citation(TRICKY)["doi"] == TRICKY.doi


# --- JSON Resume ----------------------------------------------------------------------------

ISO_DATE = {"type": "string", "pattern": r"^\d{4}(-[01]\d(-[0-3]\d)?)?$"}
STRINGS = {"type": "array", "items": {"type": "string"}}
#: The structure of JSON Resume v1.0.0 that this export uses (root keys are closed there).
RESUME_SHAPE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "$schema": {"type": "string"},
        "basics": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "label": {"type": "string"},
                "summary": {"type": "string"},
                "profiles": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["network", "url"],
                        "properties": {"url": {"type": "string", "pattern": "^https://"}},
                    },
                },
            },
        },
        "work": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "position", "startDate", "highlights"],
                "properties": {"startDate": ISO_DATE, "endDate": ISO_DATE, "highlights": STRINGS},
            },
        },
        "education": {
            "type": "array",
            "items": {"properties": {"startDate": ISO_DATE, "endDate": ISO_DATE}},
        },
        "certificates": {"type": "array", "items": {"properties": {"date": ISO_DATE}}},
        "publications": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name"],
                "properties": {"releaseDate": ISO_DATE, "publisher": {"type": "string"}},
            },
        },
        "skills": {
            "type": "array",
            "items": {"required": ["name", "keywords"], "properties": {"keywords": STRINGS}},
        },
        "meta": {"type": "object"},
        **{name: {"type": "array"} for name in ("volunteer", "awards", "languages")},
        **{name: {"type": "array"} for name in ("interests", "references", "projects")},
    },
}


@pytest.fixture(scope="module")
def resume(portfolio) -> dict:
    return json.loads(json.dumps(json_resume(portfolio, AS_OF)))


def test_resume_has_the_json_resume_shape(resume):
    jsonschema.validate(resume, RESUME_SHAPE)
    assert resume["meta"] == {"version": "v1.0.0", "lastModified": f"{AS_OF}T00:00:00"}


def test_resume_basics(resume, portfolio):
    profile = portfolio.profile
    basics = resume["basics"]
    assert (basics["name"], basics["label"]) == (profile.name, profile.headline)
    assert basics["summary"] == profile.summary
    assert basics["profiles"] == [
        {"network": "ORCID", "username": profile.orcid, "url": orcid_url(profile)}
    ]


def test_resume_has_every_role_with_its_dates(resume, portfolio):
    assert len(resume["work"]) == len(portfolio.roles)
    for work, role in zip(resume["work"], portfolio.roles, strict=True):
        assert (work["name"], work["position"]) == (role.employer, role.title)
        assert work["startDate"] == role.start
        assert work.get("endDate") == role.end  # absent for the current role
        assert work["highlights"] == role.bullets
        assert work.get("description") == role.team
    assert "endDate" not in resume["work"][0]
    assert resume["work"][1]["endDate"] == "2024-07"


def test_resume_publications_are_the_papers_then_the_patents(resume, portfolio):
    papers = portfolio.publications.papers
    entries = resume["publications"]
    assert len(entries) == len(papers) + len(portfolio.patents)
    for entry, paper in zip(entries, papers, strict=False):
        assert entry["name"] == paper.title
        assert entry["publisher"] == venue_title(paper)
        assert entry["releaseDate"] == str(paper.year)
    for entry, patent in zip(entries[len(papers) :], portfolio.patents, strict=True):
        assert entry["name"] == patent.title
        if isinstance(patent, GrantedPatent):
            assert entry["releaseDate"] == patent.granted
            assert patent.number in entry["summary"]
        else:
            assert "releaseDate" not in entry
            assert "pending" in entry["summary"] and patent.filed in entry["summary"]


def test_resume_education_certificates_skills(resume, portfolio):
    profile = portfolio.profile
    education = profile.education[0]
    assert resume["education"] == [
        {
            "institution": education.institution,
            "area": education.field,
            "studyType": education.degree,
            "startDate": education.start,
            "endDate": education.end,
        }
    ]
    certification = profile.certifications[0]
    assert resume["certificates"][0]["date"] == certification.since
    assert resume["certificates"][0]["name"].startswith(certification.name)
    assert resume["skills"] == [
        {"name": group.name, "keywords": group.items} for group in profile.skills
    ]


def test_resume_invents_no_links(resume, portfolio):
    text = json.dumps(resume)
    urls = set(re.findall(r"https?://[^\s\"]+", text))
    assert urls == {orcid_url(portfolio.profile), resume["$schema"]}


# --- the command ----------------------------------------------------------------------------


def test_export_command_writes_three_files(tmp_path, capsys, portfolio):
    out = tmp_path / "exports"
    assert main(["export", "--data", str(DATA), "--out", str(out), "--as-of", str(AS_OF)]) == 0
    assert sorted(path.name for path in out.iterdir()) == sorted(FILENAMES)
    printed = capsys.readouterr().out.splitlines()
    assert printed == [f"wrote {out / name}" for name in FILENAMES]
    assert (out / "publications.bib").read_text(encoding="utf-8") == bibtex(portfolio)
    csl = json.loads((out / "publications.csl.json").read_text(encoding="utf-8"))
    assert csl == csl_json(portfolio)
    resume = json.loads((out / "resume.json").read_text(encoding="utf-8"))
    assert resume == json_resume(portfolio, AS_OF)


def test_export_command_defaults_to_exports_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--data", str(DATA), "--as-of", str(AS_OF)]) == 0
    assert sorted(path.name for path in (tmp_path / "exports").iterdir()) == sorted(FILENAMES)


def test_export_command_reports_broken_data_without_traceback(tmp_path):
    data_copy = shutil.copytree(OTHER_DATA, tmp_path / "data")
    replace_in(data_copy / "publications.yml", "    venue: Fiktive Tagung\n", "")
    lines = (data_copy / "publications.yml").read_text(encoding="utf-8").splitlines()
    record_line = lines.index("  - id: first-steps") + 1
    out = tmp_path / "exports"
    result = subprocess.run(
        [sys.executable, "-m", "portfolio.authoring.cli", "export", "--data", str(data_copy)]
        + ["--out", str(out), "--as-of", str(AS_OF)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    located = re.search(
        r"publications\.yml:(\d+): record first-steps: field venue: "
        r"required field is missing",
        result.stderr,
    )
    assert located, result.stderr
    assert int(located.group(1)) == record_line  # a missing field is placed at its record
    assert not out.exists()
