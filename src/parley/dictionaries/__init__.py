"""Import PETRARCH-format dictionaries (actors, agents, verb patterns) into Parley's formats.

`convert(out, actors=..., agents=..., verbs=..., discards=...)` writes `actors.jsonl`
(knowledge-base entries for `--actors`), `agents.tsv` (agent nouns and codes), `verbs.tsv`
(pattern lexicon rows for `--verbs`), `discards.tsv` (phrases that leave a sentence or story
uncoded) and `report.json` (what was approximated or left out, and why).
`convert_cached` does the same into a cache folder keyed by the input files' hashes.
"""

from .actors import convert_actors
from .agents import convert_agents
from .convert import Converted, convert, convert_cached, default_cache_dir
from .discards import Discards, convert_discards, read_discards
from .verbs import convert_verbs

__all__ = ["Converted", "Discards", "convert", "convert_actors", "convert_agents", "convert_cached",
           "convert_discards", "convert_verbs", "default_cache_dir", "read_discards"]
