"""The Quarto project: its root and settings (``_quarto.yml``), its page sources and where
each record is shown on the site."""
