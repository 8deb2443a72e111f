"""Career data, charts and page fragments for the research portfolio."""
