#!/usr/bin/env bash
# Regenerates the figures of docs/analysis.md from the example corpus (run from the project root).
# Needs `places` in the pipeline (settings.cfg: pipeline = nlp, actors, times, quotes, events, places).
set -euo pipefail
P=${PARLEY:-.venv/bin/parley}
DB=${DB:-/tmp/parley-study.duckdb}
rm -f "$DB" "$DB.wal"
PARLEY_PIPELINE="nlp, actors, times, quotes, events, places" $P analyze examples/ --db "$DB" > /dev/null
$P series --db "$DB" --by year --format png -o docs/img/analysis_series_year.png
$P series --db "$DB" --by year --date report --format png -o docs/img/analysis_series_report_year.png
$P network --db "$DB" --level code --format png -o docs/img/analysis_network.png
$P map --db "$DB" --format png -o docs/img/analysis_map.png
