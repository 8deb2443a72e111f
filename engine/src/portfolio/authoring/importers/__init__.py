"""``portfolio import``: papers from a BibTeX file or an ORCID record into
``data/publications.yml``.

Each source is read into candidates (``records.Candidate``); ``records`` skips duplicates
and gives each new paper a free id, and ``yamlfile`` appends them to the file, keeping its
comments, order and layout, and writes only what ``portfolio check`` accepts.
"""
