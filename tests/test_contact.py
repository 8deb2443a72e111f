"""Contact and profile links: optional, validated, shown wherever the person is named."""

from __future__ import annotations

import json

import pytest
import yaml
from pydantic import ValidationError

from portfolio.build.cv import cv_data
from portfolio.build.export import json_resume
from portfolio.build.sitemeta import site_metadata_text
from portfolio.data.facts import contact_links
from portfolio.data.models import Contact
from portfolio.pages import fragments, jsonld

from conftest import AS_OF


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("email", "<b>mira</b>@example.org", "should match pattern"),
        ("email", "mira@example.org?cc=x", "should match pattern"),
        ("github", "https://gitlab.com/mira", "expected an address on github.com"),
        ("linkedin", "javascript:alert(1)", "https://"),
        ("google_scholar", "https://scholar.evil.example/x", "scholar.google.com"),
        ("homepage", 'https://example.org/"><script>', "percent-encode"),
    ],
)
def test_bad_contact_links_are_refused(field, value, says):
    with pytest.raises(ValidationError, match=says):
        Contact(**{field: value})


def test_the_seed_gives_no_contact_link_but_orcid(portfolio):
    assert portfolio.profile.contact == Contact()
    assert [link.key for link in contact_links(portfolio.profile)] == ["orcid"]


def test_their_links_in_order_email_not_a_profile(other):
    links = contact_links(other.profile)
    assert [link.key for link in links] == [
        "email",
        "homepage",
        "linkedin",
        "github",
        "google_scholar",
    ]
    assert links[0].url == f"mailto:{other.profile.contact.email}"
    assert [link.profile for link in links] == [False, True, True, True, True]


def test_hero_calls_to_action(portfolio, other):
    hero = fragments.hero(portfolio.profile)
    assert "[[]{.bi .bi-file-earmark-pdf" in hero and "](exports/cv.pdf){.btn .btn-primary}" in hero
    assert (
        f'(https://orcid.org/{portfolio.profile.orcid}){{.btn .btn-outline-primary rel="me"}}'
        in hero
    )
    theirs = fragments.hero(other.profile)
    assert f"(mailto:{other.profile.contact.email}){{.btn .btn-outline-primary}}" in theirs
    # the markup-like query of their homepage stays inside the link target
    assert "(https://cafe-acoustique.example/~mira/?lang=fr&view=*alle*_%282026%29)" in theirs


def test_footer_names_the_person_and_links_their_profiles(portfolio, other):
    footer = yaml.safe_load(site_metadata_text(other.profile))["website"]["page-footer"]
    assert footer["left"].startswith(fragments.esc(other.profile.name))
    assert footer["right"].count('rel="me"') == 4 and "mailto:" in footer["right"]
    mine = yaml.safe_load(site_metadata_text(portfolio.profile))["website"]["page-footer"]
    assert "data files" not in json.dumps(mine) and "orcid.org" in mine["right"]


def test_json_ld_cv_and_json_resume_carry_the_links(other):
    person = jsonld.person(other)
    contact = other.profile.contact
    assert person["email"] == contact.email
    assert person["sameAs"] == [
        contact.homepage,
        contact.linkedin,
        contact.github,
        contact.google_scholar,
    ]
    header = cv_data(other, AS_OF)["contact"]
    assert [item["label"] for item in header] == [
        "Email",
        "Homepage",
        "LinkedIn",
        "GitHub",
        "Google Scholar",
    ]
    assert header[3] == {
        "label": "GitHub",
        "value": "github.com/mira-fictional",
        "url": contact.github,
    }
    basics = json_resume(other, AS_OF)["basics"]
    assert basics["email"] == contact.email and basics["url"] == contact.homepage
    assert {p["network"] for p in basics["profiles"]} == {"LinkedIn", "GitHub", "Google Scholar"}
