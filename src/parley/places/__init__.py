"""Places: where events happened, resolved offline to a country and, where known, coordinates.

`gazetteer` looks names up; `component` is the `places` pipeline step that runs after `events`
and fills each event's `location` from the sentence, else the document's dateline; `outlines`
gives Natural Earth country shapes for offline maps.
"""

from __future__ import annotations

from .component import make_places, place_of_event
from .gazetteer import Gazetteer, Place, load_gazetteer, normalise

__all__ = ["Gazetteer", "Place", "load_gazetteer", "make_places", "normalise", "place_of_event"]
