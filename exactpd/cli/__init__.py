"""The command line: ``exactpd enumerate|locate|verify|boundary|plot|demo``, a thin layer over the public API."""

from exactpd.cli.main import main

__all__ = ["main"]
