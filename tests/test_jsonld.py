"""schema.org JSON-LD: built from the data only, valid JSON, and safe inside a script element."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from portfolio.data.facts import orcid_url
from portfolio.pages.citation import UnknownPaperError, venue_title
from portfolio.pages.jsonld import blog_posting, person, scholarly_article, script_tag

SITE = "https://portfolio.example.org/"
PAGE = "https://portfolio.example.org/publications/paper.html"
SCRIPT = re.compile(r'^<script type="application/ld\+json">(.*)</script>$', re.DOTALL)

#: schema.org properties this module uses, per type (from the schema.org definitions).
PROPERTIES = {
    "Person": {"name", "url", "jobTitle", "description", "worksFor", "alumniOf", "memberOf"}
    | {"hasCredential", "knowsAbout", "sameAs"},
    "ScholarlyArticle": {"headline", "name", "author", "datePublished", "publication", "url"}
    | {"sameAs"},
    "BlogPosting": {"headline", "datePublished", "description", "url", "author"},
    "Organization": {"name"},
    "EducationalOrganization": {"name"},
    "OrganizationRole": {"roleName", "memberOf"},
    "EducationalOccupationalCredential": {"name", "credentialCategory", "description"}
    | {"recognizedBy"},
    "PublicationEvent": {"name"},
}


def nodes(data: object):
    """Every object with an ``@type`` in ``data``."""
    if isinstance(data, dict):
        if "@type" in data:
            yield data
        for value in data.values():
            yield from nodes(value)
    elif isinstance(data, list):
        for value in data:
            yield from nodes(value)


def urls(data: object) -> set[str]:
    return set(re.findall(r"https?://[^\s\"]+", json.dumps(data)))


def data_urls(portfolio) -> set[str]:
    """Every link the data holds, and the ones derived by a documented rule."""
    papers = portfolio.publications.papers
    found = {item.url for item in [*papers, *portfolio.patents, *portfolio.press] if item.url}
    found |= {f"https://doi.org/{paper.doi}" for paper in papers if paper.doi}
    return found | {orcid_url(portfolio.profile)}


def from_tag(tag: str) -> dict:
    match = SCRIPT.match(tag)
    assert match, tag
    return json.loads(match.group(1))


def assert_valid(data: dict, allowed_urls: set[str]) -> None:
    """JSON-LD that is plain JSON, in schema.org's vocabulary, with no invented links."""
    assert data["@context"] == "https://schema.org"
    assert json.loads(json.dumps(data)) == data
    for node in nodes(data):
        known = PROPERTIES[node["@type"]]
        assert set(node) - {"@context", "@type"} <= known, node["@type"]
    assert urls(data) <= allowed_urls | {"https://schema.org"}


def test_person_is_built_from_the_profile(portfolio):
    data = person(portfolio, SITE)
    assert_valid(data, data_urls(portfolio) | {SITE})
    profile = portfolio.profile
    assert data["@type"] == "Person"
    [current] = [role for role in portfolio.roles if role.end is None]
    assert (data["name"], data["jobTitle"]) == (profile.name, current.title)  # the role's title
    assert data["description"] == profile.summary
    assert data["url"] == SITE
    assert data["worksFor"] == [{"@type": "Organization", "name": current.employer}]
    assert [org["name"] for org in data["alumniOf"]] == [e.institution for e in profile.education]
    assert [(role["roleName"], role["memberOf"]["name"]) for role in data["memberOf"]] == [
        (entry.grade, entry.organisation) for entry in profile.memberships
    ]
    assert data["sameAs"] == [f"https://orcid.org/{profile.orcid}"]
    credentials = [credential["name"] for credential in data["hasCredential"]]
    assert credentials[len(profile.education) :] == [cert.name for cert in profile.certifications]
    assert data["knowsAbout"] == [skill for group in profile.skills for skill in group.items]


def test_person_without_a_current_role_has_no_job_title(portfolio):
    ended = [role.model_copy(update={"end": role.end or "2026-11"}) for role in portfolio.roles]
    data = person(portfolio.model_copy(update={"roles": ended}), SITE)
    assert "jobTitle" not in data and "worksFor" not in data
    assert portfolio.profile.headline not in json.dumps(data)


def test_person_without_a_site_url_has_no_url(portfolio):
    data = person(portfolio)
    assert "url" not in data
    assert_valid(data, data_urls(portfolio))


def test_scholarly_article_for_every_paper(portfolio):
    for paper in portfolio.publications.papers:
        data = scholarly_article(portfolio, paper.id, PAGE)
        assert_valid(data, data_urls(portfolio) | {PAGE})
        assert data["@type"] == "ScholarlyArticle"
        assert data["headline"] == data["name"] == paper.title
        assert [author["name"] for author in data["author"]] == paper.authors
        assert data["datePublished"] == str(paper.year)
        assert data["publication"] == {"@type": "PublicationEvent", "name": venue_title(paper)}
        assert data["url"] == PAGE
        assert "sameAs" not in data  # no paper links in the data yet


def test_scholarly_article_links_what_the_data_links(portfolio):
    links = {"url": "https://example.org/paper", "doi": "10.1234/abc"}
    paper = portfolio.publications.papers[0].model_copy(update=links)
    publications = portfolio.publications.model_copy(update={"papers": [paper]})
    linked = portfolio.model_copy(update={"publications": publications})
    data = scholarly_article(linked, paper.id, PAGE)
    assert data["sameAs"] == ["https://example.org/paper", "https://doi.org/10.1234/abc"]
    assert_valid(data, data_urls(linked) | {PAGE})


def test_scholarly_article_names_an_unknown_id(portfolio):
    with pytest.raises(UnknownPaperError, match="no-such-paper"):
        scholarly_article(portfolio, "no-such-paper", PAGE)


@pytest.mark.parametrize("when", [date(2026, 1, 2), "2026-01-02"], ids=["date", "text"])
def test_blog_posting(when):
    data = blog_posting("Title", when, None, PAGE, "Kim Example")
    assert_valid(data, {PAGE})
    assert data["datePublished"] == "2026-01-02"
    assert data["author"] == {"@type": "Person", "name": "Kim Example"}
    assert "description" not in data


def test_script_tag_round_trips_the_data(portfolio):
    data = person(portfolio, SITE)
    assert from_tag(script_tag(data)) == data


def test_script_tag_cannot_be_closed_from_the_data():
    hostile = "</script><script>alert(1)</script><!-- & -->"
    data = blog_posting(hostile, "2026-01-02", hostile, None, hostile)
    tag = script_tag(data)
    inner = SCRIPT.match(tag).group(1)
    assert not set("<>&") & set(inner)
    assert tag.lower().count("</script") == 1 and tag.endswith("</script>")
    assert from_tag(tag) == data
