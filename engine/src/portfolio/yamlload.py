"""YAML parsing that every layer shares: safe, and with libyaml where PyYAML has it (the
settings and each page's front matter are read many times in a render)."""

from __future__ import annotations

import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as Loader

__all__ = ["Loader", "load_yaml"]


def load_yaml(text: str) -> object:
    """Parse YAML ``text`` (safe). Raises ``yaml.YAMLError``."""
    return yaml.load(text, Loader=Loader)
