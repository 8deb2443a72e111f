"""The CV as a PDF: every record of the data in it, nothing else, and data never read as markup.

The PDF's text is read back with pypdf; whitespace is collapsed (lines wrap anywhere) and
"--" is compared as the en dash the template sets it as.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from portfolio.authoring.cli import main
from portfolio.build.cv import TEMPLATE, CvError, cv_data, render_cv
from portfolio.data import tables
from portfolio.data.facts import patent_url
from portfolio.data.load import load_portfolio
from portfolio.pages import citation, fragments

from conftest import AS_OF, DATA, ROOT

#: Page sizes in PDF points.
A4 = (595, 842)
LETTER = (612, 792)
MARKUP = r"#set $x^2$ *bold* _under_ <tag> @cite \back [link](u) `code` 100% & {brace}"


def pdf_text(pdf: bytes) -> str:
    """All the PDF's text as one line, whitespace collapsed.

    Lines are joined with a space, except after a hyphen or slash (hyphenation is off, so a
    line ending in one broke inside a word such as "company-wide").
    """
    lines = [
        line
        for page in PdfReader(io.BytesIO(pdf)).pages
        for line in page.extract_text().splitlines()
    ]
    text = "".join(line if line.endswith(("-", "/")) else line + " " for line in lines)
    return " ".join(text.split())


def sections(pdf: bytes) -> list[str]:
    """The section headings, from the PDF's outline (bookmarks)."""
    return [item.title for item in PdfReader(io.BytesIO(pdf)).outline]


def shown(text: str) -> str:
    """``text`` as the CV sets it: whitespace collapsed, "--" as an en dash."""
    return " ".join(text.split()).replace("--", "–")


def page_sizes(pdf: bytes) -> set[tuple[int, int]]:
    reader = PdfReader(io.BytesIO(pdf))
    return {(round(page.mediabox.width), round(page.mediabox.height)) for page in reader.pages}


@pytest.fixture(scope="module")
def real_pdf(portfolio) -> bytes:
    return render_cv(portfolio, as_of=AS_OF)


@pytest.fixture(scope="module")
def real_text(real_pdf) -> str:
    return pdf_text(real_pdf)


# --- the real data ----------------------------------------------------------------------------


def test_header_has_name_headline_orcid_and_summary(portfolio, real_text):
    profile = portfolio.profile
    assert real_text.startswith(f"{profile.name} {profile.headline} ORCID {profile.orcid}")
    assert shown(profile.summary) in real_text


def test_every_role_with_dates_and_bullets(portfolio, real_text):
    for role in portfolio.roles:
        assert shown(f"{role.title}") in real_text
        assert shown(f"{role.employer} -- {role.team}") in real_text
        for bullet in role.bullets:
            assert shown(bullet) in real_text, bullet
    for role in tables.roles_frame(portfolio, AS_OF).itertuples():
        end = "Present" if role.ongoing else f"{role.end:%b %Y}"
        assert shown(f"{role.title} {role.start:%b %Y} – {end}") in real_text


def test_every_patent_with_number_and_date(portfolio, real_text):
    for patent in portfolio.patents:
        assert shown(patent.title) in real_text
    for patent in tables.patents_frame(portfolio).itertuples():
        if patent.status == "granted":
            line = f"{patent.number} {patent.title} Granted {patent.granted:%b %Y}"
        else:
            line = f"{patent.office} Pending {patent.title} Filed {patent.filed:%b %Y}"
        assert shown(line) in real_text


def test_every_paper_is_cited_as_on_the_site(portfolio, real_text):
    papers = tables.papers_frame(portfolio)
    for number, paper in enumerate(papers.itertuples(), start=1):
        assert f"{number}. {shown(citation.reference_text(paper))}" in real_text
    assert "2026 · Oral." in real_text
    venues = ", ".join(portfolio.publications.under_review)
    assert f"Under review: {venues}." in real_text


def test_reviewing_skills_education_certifications_memberships(portfolio, real_text):
    for review in portfolio.reviewing:
        assert shown(f"{review.venue} -- {review.track}") in real_text
    assert "AI in the Wild: 7 papers reviewed" in real_text
    assert "Foundational & Generative Models in Biometrics: Reviewer" in real_text
    for group in portfolio.profile.skills:
        assert shown(f"{group.name}: {' · '.join(group.items)}") in real_text
    for entry in portfolio.profile.education:
        assert shown(f"{entry.institution} -- {entry.degree}, {entry.field}") in real_text
    assert "2009 – 2013" in real_text
    assert "FAA Certificated Private Pilot – Single Engine Land (ASEL) since Jan 2022" in real_text
    for member in portfolio.profile.memberships:
        assert shown(f"{member.grade}, {member.organisation}") in real_text


def test_one_paper_reviewed_is_singular(portfolio):
    review = portfolio.reviewing[0].model_copy(update={"papers_reviewed": 1})
    one = portfolio.model_copy(update={"reviewing": [review]})
    assert cv_data(one, AS_OF)["reviewing"][0]["detail"] == "1 paper reviewed"


def test_every_section_in_order(real_pdf):
    assert sections(real_pdf) == [
        "Experience", "Patents", "Publications", "Reviewing", "Skills", "Education",
        "Certifications", "Memberships",
    ]  # fmt: skip


@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("letter", LETTER)])
def test_one_or_two_pages_of_the_chosen_paper(portfolio, paper, size):
    pdf = render_cv(portfolio, paper=paper, as_of=AS_OF)
    assert page_sizes(pdf) == {size}
    assert 1 <= len(PdfReader(io.BytesIO(pdf)).pages) <= 2


def test_title_and_author_metadata(portfolio, real_pdf):
    metadata = PdfReader(io.BytesIO(real_pdf)).metadata
    assert metadata.title == f"{portfolio.profile.name} – Curriculum Vitae"
    assert metadata.author == portfolio.profile.name
    assert metadata.creation_date.date() == AS_OF


def test_same_data_same_bytes(portfolio, real_pdf):
    assert render_cv(portfolio, as_of=AS_OF) == real_pdf


def test_only_known_links(portfolio, real_pdf):
    """The ORCID record and the granted patents' public records (documented rules) are the
    only links: the data has no other."""
    reader = PdfReader(io.BytesIO(real_pdf))
    uris = {
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object()
    }
    patents = {patent_url(patent) for patent in portfolio.patents} - {None}
    assert len(patents) == 4  # the granted ones; the pending one has none
    assert uris == {f"https://orcid.org/{portfolio.profile.orcid}", *patents}


# --- another person's data -------------------------------------------------------------------


def write_fictional_data(folder: Path) -> Path:
    """A small, wholly invented data set: non-ASCII names, markup characters, few sections."""
    files = {
        "profile": {
            "name": "Zofia Wiśniewska-Ørsted",
            "headline": "Computational Linguist — Ångström Labs",
            "tagline": "Ça marche.",
            "summary": f"Builds parsers for Māori and Cymraeg. Literal text: {MARKUP}",
            "education": [
                {
                    "id": "uni-tartu-phd",
                    "institution": "Tartu Ülikool",
                    "degree": "PhD",
                    "field": "Łacina & Ελληνικά",
                    "start": "2001",
                    "end": "2006",
                }
            ],
        },
        "roles": [
            {
                "id": "lead-linguist",
                "title": "Lead Linguist <b>",
                "employer": "Ångström Labs",
                "start": "2007-02",
                "bullets": [f"Shipped {MARKUP}", "Straße of ñ, ü and ç"],
            }
        ],
        "patents": [],
        "publications": {
            "papers": [
                {
                    "id": "parsing-eesti",
                    "title": "Parsing Eesti with $1 and #tags",
                    "venue": "Journal of Ünïcode_Studies",
                    "year": 2011,
                    "authors": ["Z. Wiśniewska-Ørsted", "Ø. Næss"],
                    "notes": ["*Best paper*"],
                }
            ],
        },
        "reviewing": [],
        "press": [],
    }
    folder.mkdir(parents=True)
    for name, value in files.items():
        text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False)
        (folder / f"{name}.yml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def fictional(tmp_path_factory):
    return load_portfolio(
        write_fictional_data(tmp_path_factory.mktemp("fictional") / "data"), AS_OF
    )


@pytest.fixture(scope="module")
def fictional_pdf(fictional) -> bytes:
    return render_cv(fictional, as_of=AS_OF)


@pytest.fixture(scope="module")
def fictional_text(fictional_pdf) -> str:
    return pdf_text(fictional_pdf)


def test_another_person_gets_their_own_cv(fictional, fictional_text):
    assert fictional_text.startswith(
        "Zofia Wiśniewska-Ørsted Computational Linguist — Ångström Labs"
    )
    assert "Lead Linguist <b> Feb 2007 – Present Ångström Labs" in fictional_text
    assert "Straße of ñ, ü and ç" in fictional_text
    assert "Tartu Ülikool – PhD, Łacina & Ελληνικά 2001 – 2006" in fictional_text
    paper = next(tables.papers_frame(fictional).itertuples())
    assert f"1. {citation.reference_text(paper)}" in fictional_text


def test_none_of_this_persons_facts(portfolio, fictional_text):
    facts = [portfolio.profile.name, portfolio.profile.headline, "ORCID"]
    facts += [role.employer for role in portfolio.roles]
    facts += [patent.title for patent in portfolio.patents]
    facts += [paper.title.split("?")[0] for paper in portfolio.publications.papers]
    facts += [entry.institution for entry in portfolio.profile.education]
    facts += [member.organisation for member in portfolio.profile.memberships]
    for fact in facts:
        assert fact not in fictional_text, fact


def test_sections_without_records_are_left_out(fictional_pdf, fictional_text):
    assert sections(fictional_pdf) == ["Experience", "Publications", "Education"]
    assert "Under review" not in fictional_text


def test_markup_characters_appear_literally(fictional_text):
    assert f"Literal text: {MARKUP}" in fictional_text
    assert f"Shipped {MARKUP}" in fictional_text
    assert "Parsing Eesti with $1 and #tags" in fictional_text
    assert "Journal of Ünïcode_Studies, 2011 · *Best paper*." in fictional_text


def test_data_reaches_the_template_as_json_only(fictional):
    """The template reads ``sys.inputs``; it evaluates no string and imports no package."""
    template = TEMPLATE.read_text(encoding="utf-8")
    assert "json(bytes(sys.inputs.cv))" in template
    assert "eval(" not in template
    assert "#import" not in template and "#include" not in template
    data = cv_data(fictional, AS_OF)
    assert data["patents"] == data["reviewing"] == data["skills"] == []


# --- errors and the command ------------------------------------------------------------------


def test_a_broken_template_is_reported_with_its_path(portfolio, tmp_path):
    template = tmp_path / "cv.typ"
    template.write_text("#let cv = json(bytes(sys.inputs.cv))\n#cv.no_such_field\n")
    with pytest.raises(CvError, match=rf"{re.escape(str(template))}: .*no_such_field"):
        render_cv(portfolio, as_of=AS_OF, template=template)


def test_cv_command_writes_letter_pdf(tmp_path, capsys):
    out = tmp_path / "exports"
    argv = ["cv", "--data", str(DATA), "--out", str(out), "--paper", "letter"]
    assert main([*argv, "--as-of", str(AS_OF)]) == 0
    assert capsys.readouterr().out == f"wrote {out / 'cv.pdf'}\n"
    assert page_sizes((out / "cv.pdf").read_bytes()) == {LETTER}


def test_cv_command_rejects_an_unknown_paper_size_without_traceback(tmp_path):
    out = tmp_path / "exports"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "portfolio.authoring.cli",
            "cv",
            "--data",
            str(DATA),
            "--out",
            str(out),
        ]
        + ["--paper", "a5"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr == "portfolio cv: unknown paper size 'a5'; choose one of: a4, letter\n"
    assert not out.exists()


# --- the site ----------------------------------------------------------------------------------


def test_about_page_downloads_list_the_cv_first():
    assert fragments.downloads("exports/").startswith(
        "### Downloads\n\n- [Download CV (PDF)](exports/cv.pdf)\n"
    )


def test_navbar_links_the_cv_that_the_site_serves():
    config = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    navbar = config["website"]["navbar"]
    hrefs = {item["href"] for side in ("left", "right") for item in navbar[side]}
    assert "exports/cv.pdf" in hrefs
    assert "/exports/" in config["project"]["resources"]


def test_the_rendered_about_page_links_the_cv(rendered_site, portfolio):
    about = (rendered_site / "about.html").read_text(encoding="utf-8")
    assert '<a href="exports/cv.pdf">Download CV (PDF)</a>' in about
    text = pdf_text((rendered_site / "exports" / "cv.pdf").read_bytes())
    assert text.startswith(f"{portfolio.profile.name} {portfolio.profile.headline}")
