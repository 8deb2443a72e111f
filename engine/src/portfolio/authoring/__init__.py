"""The author's tools: the ``portfolio`` command, new posts and paper pages."""
