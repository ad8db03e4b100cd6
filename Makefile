# Parley: `make demo` and `make test` install everything they need into .venv first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.parley-installed
DB     ?= parley.duckdb

.PHONY: demo test install lint clean eval bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian's chromium for the browser tests (never a browser downloaded by Playwright).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "chromium missing: install Debian's chromium (browser tests will be skipped)"; fi

# An editable install leaves Parley's own modules uncompiled: compile them here, so that no
# process (each batch worker included) compiles them again where bytecode is not written.
install: $(STAMP)
	$(BIN)/python -m compileall -q src

## demo: analyse the example articles into ./parley.duckdb and print a summary
demo: install
	rm -f $(DB) $(DB).wal
	$(BIN)/parley analyze examples/ --db $(DB)

## test: the whole test suite (slow tests included)
test: install $(CHROMIUM)
	$(BIN)/python -m pytest

## eval: measure Parley on ../shared/eval and eval/ and regenerate docs/accuracy.md (about 4 minutes)
eval: install
	$(BIN)/parley eval --format markdown > docs/accuracy.md.tmp && mv docs/accuracy.md.tmp docs/accuracy.md

## bench: batch throughput vs spaCy's plain pipeline, then 1 and 2 workers over 4,000 and 8,000 articles; regenerates docs/performance.md (about 13 minutes)
bench: install
	$(BIN)/python bench/run.py --articles 2000 --out docs/performance.md

lint: install
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) $(DB) $(DB).wal .pytest_cache build dist src/*.egg-info
