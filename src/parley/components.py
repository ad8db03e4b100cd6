"""Imports the built-in components so that they register themselves by name."""

from . import nlp, places, quotes, timex  # noqa: F401
from .actors import resolver  # noqa: F401
from .dictionaries import discards  # noqa: F401
from .events import coder  # noqa: F401
