"""Markdown fragments that pages print with ``#| output: asis``: one function per section.

Every text from the data is escaped, so HTML or markdown in the data shows as written.
Items without a known link are shown without one.
"""

from __future__ import annotations

import html
import textwrap
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from portfolio.data.dates import month_year, tenure_text
from portfolio.data.facts import contact_links, papers_reviewed_text, shown_value
from portfolio.data.models import HOME_PAPERS, Paper, Portfolio, Profile
from portfolio.pages import citation
from portfolio.pages.markdown import esc
from portfolio.project.targets import CV_FILENAME, EXPORT_FILENAMES, paper_source

#: Characters a link target keeps as they are; anything else is percent-encoded, so no
#: value can end the target (a parenthesis, a space, an angle bracket) or start markup.
_LINK_SAFE = "/:?#[]@!$&*+,;=%-._~"
#: Section titles for the sections ``profile.sections`` leaves out.
DEFAULT_TITLES = {
    "blog": "Blog",
    "experience": "Experience",
    "press": "Press",
    "skills": "Skills",
    "patents": "Patents",
    "publications": "Publications",
    "reviewing": "Reviewing",
    "education": "Education",
    "certifications": "Certifications",
    "memberships": "Memberships",
}


def link_target(url: str) -> str:
    """``url`` as a markdown link target: characters that could end it are percent-encoded."""
    return quote(url, safe=_LINK_SAFE)


def _linked(text: str, url: object) -> str:
    """``text`` as a link when the data has a URL, else plain text."""
    return f"[{text}]({link_target(url)})" if isinstance(url, str) and url else text


def section_intro(profile: Profile, key: str) -> str:
    """A section's introduction, escaped, or "" when the profile gives none."""
    section = profile.sections.get(key)
    return f"{esc(section.intro)}\n" if section and section.intro else ""


def section_title(profile: Profile, key: str) -> str:
    """A section's title as the profile words it (a plain title when it leaves it out)."""
    section = profile.sections.get(key)
    return section.title if section else DEFAULT_TITLES.get(key, key.replace("-", " ").title())


def section_heading(profile: Profile, key: str, level: int = 2) -> str:
    """A section's title and introduction as the profile words them (a plain title when
    the profile leaves the section out)."""
    intro = section_intro(profile, key)
    title = esc(section_title(profile, key))
    return f"{'#' * level} {title}" + (f"\n\n{intro}" if intro else "\n")


def section(profile: Profile, key: str, body: str, level: int = 2) -> str:
    """A section's heading and ``body``; nothing at all when the body is empty."""
    return f"{section_heading(profile, key, level)}\n{body}" if body.strip() else ""


#: Bootstrap Icons shown before each contact link's label (the CV's too).
CONTACT_ICONS = {
    "email": "envelope",
    "homepage": "house",
    "linkedin": "linkedin",
    "github": "github",
    "google_scholar": "mortarboard",
    "orcid": "person-badge",
    "cv": "file-earmark-pdf",
}


def _icon(key: str) -> str:
    return f'[]{{.bi .bi-{CONTACT_ICONS[key]} aria-hidden="true"}}'


def _attributes(classes: str, rel_me: bool) -> str:
    parts = [classes] * bool(classes) + ['rel="me"'] * rel_me
    return "{" + " ".join(parts) + "}" if parts else ""


def contact_list(profile: Profile, classes: str = "") -> str:
    """The profile's contact links as inline markdown, each labelled; profiles elsewhere
    carry ``rel="me"``. Empty when the profile gives none."""
    return " ".join(
        f"[{_icon(link.key)} {esc(link.label)}]({link_target(link.url)})"
        + _attributes(classes, link.profile)
        for link in contact_links(profile)
    )


def hero(profile: Profile, cv: str = "exports/cv.pdf") -> str:
    """Name, headline, tagline, summary, and the calls to action: the CV (``cv``, relative
    to the page) and each contact link the profile gives."""
    actions = f"[{_icon('cv')} Download CV (PDF)]({cv}){{.btn .btn-primary}} " + contact_list(
        profile, ".btn .btn-outline-primary"
    )
    return (
        f"::: {{.hero}}\n# {esc(profile.name)}\n\n"
        f"[{esc(profile.headline)}]{{.lead}}\n\n[{esc(profile.tagline)}]{{.tagline}}\n\n"
        f"{esc(profile.summary)}\n\n::: {{.hero-actions}}\n{actions.strip()}\n:::\n:::\n"
    )


def stats(portfolio: Portfolio, as_of: date) -> str:
    """Headline stats; those the data can derive are computed, not copied."""
    cards = []
    if not portfolio.profile.stats:
        return ""
    for stat in portfolio.profile.stats:
        value = shown_value(stat, portfolio, as_of)
        detail = f"\n\n[{esc(stat.detail)}]{{.stat-detail}}" if stat.detail else ""
        cards.append(
            f"::: {{.stat}}\n[{esc(value)}]{{.stat-value}}\n\n"
            f"[{esc(stat.label)}]{{.stat-label}}{detail}\n:::\n"
        )
    return "::: {.stats}\n" + "\n".join(cards) + ":::\n"


def role_places(roles: pd.DataFrame) -> pd.Series:
    """What tells each role's heading apart: its team (or employer), with the start year
    where title and team still repeat."""
    where = roles["team"].where(roles["team"].notna(), roles["employer"])
    repeated = (roles["title"] + where).duplicated(keep=False)
    return where.where(~repeated, where + " (" + roles["start"].dt.year.astype(str) + ")")


def roles(roles: pd.DataFrame, level: int = 2) -> str:
    """Each role, as ordered in the frame: its heading (title and team or employer, so the
    table of contents tells roles apart), employer, dates, tenure, bullets."""
    blocks = []
    for role, where in zip(roles.itertuples(), role_places(roles), strict=True):
        end = "Present" if role.ongoing else month_year(role.end)
        bullets = "\n".join(f"- {esc(bullet)}" for bullet in role.bullets)
        employer = f"**{esc(role.employer)}** · " if isinstance(role.team, str) else ""
        blocks.append(
            f"{'#' * level} {esc(role.title)} [· {esc(where)}]{{.role-place}} "
            f"{{#role-{role.id}}}\n\n{employer}{month_year(role.start)} – {end} "
            f"({tenure_text(role.tenure_months)})\n\n{bullets}\n"
        )
    return "\n".join(blocks)


def patents(patents: pd.DataFrame) -> str:
    """Granted patents with number and grant month; pending applications with filing month."""
    lines = []
    for patent in patents.itertuples():
        anchor = f"[]{{#patent-{patent.id}}}"
        if patent.status == "granted":
            label = f"**{esc(patent.number)}** {_linked(esc(patent.title), patent.url)}"
            lines.append(f"- {anchor}{label}  \n  Granted {month_year(patent.granted)}")
        else:
            office = f"{esc(patent.office)} " if isinstance(patent.office, str) else ""
            label = f"**{office}Pending** {_linked(esc(patent.title), patent.url)}"
            lines.append(f"- {anchor}{label}  \n  Filed {month_year(patent.filed)}")
    return "\n".join(lines) + "\n"


#: A paper's link buttons, in the order shown: the record's field and the label. arXiv ids
#: link to https://arxiv.org/abs/<id> and DOIs to https://doi.org/<doi>, their
#: documented resolvers.
PAPER_BUTTONS = {
    "pdf": "PDF",
    "code": "Code",
    "html": "Project page",
    "slides": "Slides",
    "poster": "Poster",
    "video": "Video",
    "arxiv": "arXiv",
    "doi": "DOI",
}
_RESOLVERS = {"arxiv": "https://arxiv.org/abs/{}", "doi": "https://doi.org/{}"}
#: Authors a reference lists before "and N more"; a list this long or shorter is whole.
AUTHORS_SHOWN = 8
AUTHORS_WHOLE = 10


def _given(value: object) -> bool:
    """Whether a frame's cell holds a value (not None or NaN)."""
    return isinstance(value, str | list | bool | int) and value not in ("", [])


def author_list(paper: pd.Series | object, whole: bool = False) -> str:
    """The authors in markdown, the site owner's name emphasised; a list longer than
    ``AUTHORS_WHOLE`` is cut to ``AUTHORS_SHOWN`` and "and N more" unless ``whole``."""
    marked = zip(paper.authors, paper.owner, strict=True)
    names = [f"*{esc(name)}*" if mine else esc(name) for name, mine in marked]
    if whole or len(names) <= AUTHORS_WHOLE:
        return ", ".join(names)
    return f"{', '.join(names[:AUTHORS_SHOWN])} and {len(names) - AUTHORS_SHOWN} more"


def paper_citation(
    paper: pd.Series | object, marked: bool = False, authors: str | None = None
) -> str:
    """Authors, title, venue, year and notes of one paper, as one markdown line.

    With ``marked``, the title is a ``.paper-title`` span (the research page's search reads
    it); ``authors`` is markdown that stands for the author list (``author_list``).
    """
    link = citation.paper_link(paper)
    title = "[{}]{{.paper-title}}" if marked else "{}"
    markup = {
        "authors": lambda text: esc(text) if authors is None else authors,
        "title": lambda text: title.format(_linked(f"**{esc(text)}**", link)),
        "venue": lambda text: f"*{esc(text)}*",
        "plain": str,
    }
    runs = citation.reference_runs(paper)
    return "".join(markup.get(style, esc)(text) for text, style in runs)


def paper_entry(paper: pd.Series | object, marked: bool = False) -> str:
    """A paper as a list shows it: its badge, its reference (long author lists shortened,
    the site owner emphasised) and its award."""
    badge = f"[{esc(paper.abbr)}]{{.badge .text-bg-secondary}} " if _given(paper.abbr) else ""
    award = f" [{esc(paper.award)}]{{.badge .text-bg-warning}}" if _given(paper.award) else ""
    return badge + paper_citation(paper, marked, author_list(paper)) + award


def paper_buttons(paper: pd.Series | object) -> str:
    """A button for each link the paper has (``PAPER_BUTTONS``), or "". Outlined in the
    accent colour, which both themes keep legible (the dark theme's "secondary" grey is
    about 1.7:1 on its background)."""
    buttons = []
    for name, label in PAPER_BUTTONS.items():
        value = getattr(paper, name)
        if _given(value):
            url = _RESOLVERS.get(name, "{}").format(value)
            buttons.append(f"[{label}]({link_target(url)}){{.btn .btn-sm .btn-outline-primary}}")
    return " ".join(buttons)


def as_paper(paper: pd.Series | object) -> Paper:
    """A row of ``tables.papers_frame`` as the record it was made from."""
    fields = {name: getattr(paper, name) for name in Paper.model_fields}
    return Paper.model_validate({name: value for name, value in fields.items() if _given(value)})


def _toggle(summary: str, body: str) -> str:
    """A ``<details>`` block (opens without a script, from the keyboard too) around
    markdown ``body``."""
    return (
        f'```{{=html}}\n<details class="paper-toggle"><summary>{summary}</summary>\n```\n\n'
        f"{body}\n\n```{{=html}}\n</details>\n```"
    )


def paper_toggles(paper: pd.Series | object) -> str:
    """The paper's abstract, every author of a shortened list, and its BibTeX entry (as a
    code block, which the site gives a copy button), each behind a toggle."""
    toggles = []
    if _given(paper.abstract):
        toggles.append(_toggle("Abstract", esc(paper.abstract)))
    if len(paper.authors) > AUTHORS_WHOLE:
        toggles.append(_toggle(f"All {len(paper.authors)} authors", author_list(paper, True)))
    entry = html.escape(citation.bibtex_entry(as_paper(paper))).replace("`", "&#96;")
    bibtex = (
        '```{=html}\n<details class="paper-toggle"><summary>BibTeX</summary>\n'
        '<div class="sourceCode"><pre class="sourceCode bibtex"><code class="sourceCode bibtex">'
        f"{entry}</code></pre></div>\n</details>\n```"
    )
    return "\n\n".join([*toggles, bibtex])


def paper_pages(papers: pd.DataFrame, prefix: str) -> dict[str, str]:
    """Links to the papers that have a page, ``<prefix><id>/index.ipynb`` (or ``.qmd``);
    ``prefix`` is the research folder relative to the page."""
    sources = {paper_id: paper_source(paper_id, Path(prefix or ".")) for paper_id in papers["id"]}
    return {paper_id: prefix + source for paper_id, source in sources.items() if source}


def cite_paper(papers: pd.DataFrame, paper: Paper) -> str:
    """How to cite one paper: the formatted reference and its BibTeX entry to copy."""
    row = papers.set_index("id", drop=False).loc[paper.id]
    return f"**Cite as:** {paper_citation(row)}\n\n```bibtex\n{citation.bibtex_entry(paper)}```\n"


def papers(
    papers: pd.DataFrame,
    page_links: dict[str, str] | None = None,
    anchors: bool = False,
    venues: dict[str, int] | None = None,
) -> str:
    """The publication list, newest first; ``page_links`` maps paper ids to their pages.

    Each entry is ``paper_entry``, its link buttons and its toggles.
    With ``anchors``, each entry has the id ``paper-<id>`` (charts link there; one page only).
    With ``venues`` (venue -> its number in the research page's filter), each entry carries
    its venue's number as ``data-venue`` and its title as a ``.paper-title`` span.
    """
    page_links = page_links or {}
    lines = []
    for paper in papers.itertuples():
        page = f" [Paper page]({page_links[paper.id]})" if paper.id in page_links else ""
        data = f' data-venue="{venues[paper.venue]}"' if venues is not None else ""
        anchor = f"[]{{#paper-{paper.id}{data}}}" if anchors else ""
        cited = paper_entry(paper, marked=venues is not None)
        blocks = [paper_buttons(paper), paper_toggles(paper)]
        more = "".join(f"\n\n{textwrap.indent(block, '    ')}" for block in blocks if block)
        lines.append(f"{len(lines) + 1}. {anchor}{cited}{page}{more}")
    return "\n".join(lines) + "\n"


def selected_papers(papers: pd.DataFrame, count: int = HOME_PAPERS) -> pd.DataFrame:
    """The papers the home page lists: the selected ones, else the newest, at most ``count``."""
    chosen = papers[papers["selected"]]
    return (chosen if len(chosen) else papers).head(count)


def home_papers(
    all_papers: pd.DataFrame, page_links: dict[str, str], research: str = "research/index.qmd"
) -> str:
    """A few papers (``selected_papers``) and a link to all of them on the research page."""
    if not len(all_papers):
        return ""
    count = len(all_papers)
    label = f"All {count} papers" if count > 1 else "The paper"
    more = f'[{label} [→]{{aria-hidden="true"}}](<{research}#publications>){{.all-papers}}'
    return f"{papers(selected_papers(all_papers), page_links)}\n{more}\n"


def _html(text: object) -> str:
    """Text from the data inside raw HTML: escaped, one line, no backtick to end the block."""
    return html.escape(" ".join(str(text).split())).replace("`", "&#96;")


#: The research page's search, venue filter and sort: its space is kept but it is not seen
#: until ``assets/papers.js`` runs (so showing it moves nothing), and without scripts it takes
#: no space.
_PAPER_FILTER = """```{{=html}}
<form class="paper-filter" role="search" aria-label="Papers" data-pending>
<div><label class="form-label" for="paper-query">Title contains</label>
<input class="form-control form-control-sm" type="search" id="paper-query" autocomplete="off"></div>
<div><label class="form-label" for="paper-venue">Venue</label>
<select class="form-select form-select-sm" id="paper-venue">
<option value="">All venues</option>{options}</select></div>
<div><label class="form-label" for="paper-sort">Order</label>
<select class="form-select form-select-sm" id="paper-sort">
<option value="new">Newest first</option><option value="old">Oldest first</option>
<option value="title">By title, within each year</option></select></div>
<p class="paper-count" id="paper-count" role="status"></p>
</form>
<noscript><style>.paper-filter {{ display: none; }}</style></noscript>
```
"""


def _paper_group(key: str, heading: str, body: str) -> str:
    return f"### {heading} {{#papers-{key} .paper-group}}\n\n{body}"


def paper_groups(
    all_papers: pd.DataFrame,
    reviewed: pd.DataFrame,
    page_links: dict[str, str] | None = None,
) -> str:
    """The research page's papers under the heading "Papers" (``#publications``): those
    under review (``reviewed``, their venues), then a heading per year (``#papers-<year>``,
    newest first), each paper with its anchor ``paper-<id>``; and a search by title, a venue
    filter and a sort (shown by ``assets/papers.js``, which ``theme/papers.html`` loads;
    without it the grouped list stays as it is)."""
    venues = sorted(set(all_papers["venue"]), key=str.casefold)
    numbers = {venue: index for index, venue in enumerate(venues)}
    options = "".join(f'<option value="{numbers[v]}">{_html(v)}</option>' for v in venues)
    groups = []
    if len(reviewed):
        listed = "".join(f"- {esc(venue)}\n" for venue in reviewed["venue"])
        groups.append(_paper_group("under-review", "Under peer review", listed))
    for year, rows in all_papers.groupby("year", sort=False):
        listed = papers(rows, page_links, anchors=True, venues=numbers)
        groups.append(_paper_group(str(year), str(year), listed))
    if not groups:
        return ""
    form = _PAPER_FILTER.format(options=options) if len(all_papers) else ""
    body = "\n".join(groups)
    return f"## Papers {{#publications}}\n\n{form}\n{body}"


def reviewing(reviews: pd.DataFrame) -> str:
    """Programme committee and reviewing service with paper counts where known."""
    lines = []
    for review in reviews.itertuples():
        track = f" -- {esc(review.track)}" if isinstance(review.track, str) else ""
        if pd.notna(review.papers_reviewed):
            count = papers_reviewed_text(review.papers_reviewed)
        else:
            count = esc(review.role) if isinstance(review.role, str) else ""
        lines.append(f"- **{esc(review.venue)}**{track}" + (f"  \n  {count}" if count else ""))
    return "\n".join(lines) + "\n"


def press(items: pd.DataFrame, level: int = 2) -> str:
    """Press features: headline, outlet and year, description; "Read" / "Watch" /
    "Listen" only where the data links the feature."""
    blocks = []
    for item in items.itertuples():
        description = f"\n\n{esc(item.description)}" if isinstance(item.description, str) else ""
        label = f"{esc(item.media.title())} on {esc(item.outlet)}"
        media = f" · {_linked(label, item.url)}" if isinstance(item.url, str) and item.url else ""
        blocks.append(
            f"{'#' * level} {esc(item.headline)} {{#press-{item.id}}}\n\n"
            f"**{esc(item.outlet)}** · {item.year}{media}{description}\n"
        )
    return "\n".join(blocks)


def skills(skills: pd.DataFrame) -> str:
    """Skills by group."""
    blocks = []
    for group, rows in skills.groupby("group", sort=False):
        items = " ".join(f"[{esc(skill)}]{{.skill}}" for skill in rows["skill"])
        blocks.append(f"### {esc(group)}\n\n{items}\n")
    return "\n".join(blocks)


def education(profile: Profile) -> str:
    """Degrees with institution and years."""
    lines = []
    for entry in profile.education:
        field = f", {esc(entry.field)}" if entry.field else ""
        years = f"{entry.start} – {entry.end}" if entry.end else f"since {entry.start}"
        lines.append(f"- **{esc(entry.institution)}**  \n  {esc(entry.degree)}{field} · {years}")
    return "\n".join(lines) + "\n"


def certifications(profile: Profile) -> str:
    """Certifications with their detail and start."""
    lines = []
    for cert in profile.certifications:
        detail = f" -- {esc(cert.detail)}" if cert.detail else ""
        since = f" · since {month_year(pd.Timestamp(cert.since))}" if cert.since else ""
        lines.append(f"- **{esc(cert.name)}**{detail}{since}")
    return "\n".join(lines) + "\n"


def memberships(profile: Profile) -> str:
    """Professional memberships."""
    return "\n".join(f"- {esc(m.grade)}, {esc(m.organisation)}" for m in profile.memberships) + "\n"


def orcid(profile: Profile) -> str:
    """The ORCID iD linked to its record (the link follows ORCID's documented rule)."""
    if not profile.orcid:
        return ""
    return f"ORCID: [{profile.orcid}](https://orcid.org/{profile.orcid})\n"


#: What each file ``portfolio export`` writes is for, in the order it writes them.
DOWNLOAD_LABELS = (
    "Publications as BibTeX",
    "Publications as CSL-JSON (Zotero, Pandoc)",
    "CV as JSON Resume",
)


def latest_posts(posts: pd.DataFrame, count: int = 3, blog: str = "blog/index.qmd") -> str:
    """The newest posts (title linked, date, description) and a link to the blog."""
    items = []
    for post in posts.head(count).itertuples():
        day = f" · {post.date:%-d %B %Y}" if pd.notna(post.date) else ""
        about = f"  \n  {esc(post.description)}" if isinstance(post.description, str) else ""
        items.append(f"- [{esc(post.title)}](<{post.path}>){day}{about}")
    listed = "\n".join(items) + "\n\n" if items else ""
    return f"{listed}[All posts](<{blog}>)\n"


def downloads(prefix: str) -> str:
    """Links to the CV and the exported files, relative to the page."""
    pairs = [
        (CV_FILENAME, "Download CV (PDF)"),
        *zip(EXPORT_FILENAMES, DOWNLOAD_LABELS, strict=True),
    ]
    items = "\n".join(f"- [{label}]({prefix}{name})" for name, label in pairs)
    return f"### Downloads\n\n{items}\n"


def data_tour(href: str) -> str:
    """A pointer to the notebooks that explore the site's data (``href``: their index)."""
    return (
        f"### Explore the data\n\nEvery chart and list on this site is drawn from a few data "
        f"files; [re-run them in a notebook]({href}) on Binder, in your browser.\n"
    )
