"""Property-based API tests: schemathesis drives every operation of /api/openapi.json in-process (ASGI).

Each generated request must get an answer its schema documents: no server error (5xx), a status
code the operation declares, a content type and a body that match the declared response schema.
Writes run with the server's token over a fresh copy of the invented web corpus; uploads go
through Parley's readers without NLP (the tests' `fake_analyzer`), so the run needs no spaCy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from web.conftest import fake_analyzer  # noqa: E402

TOKEN = "schemathesis-token"
#: Operations with a rule across fields that OpenAPI cannot state, so a schema-valid request may be
#: refused with a coded 400: an upload needs text or a file (E605) and a real calendar date (E014),
#: a series a dyad or an actor (E607).
CROSS_FIELD_RULES = {"POST /api/documents", "POST /api/jobs", "GET /api/series"}


@pytest.fixture(scope="module")
def api_schema(seeded_store: Path, tmp_path_factory: pytest.TempPathFactory):
    from parley.web import create_app

    db = tmp_path_factory.mktemp("schemathesis") / "api.duckdb"
    shutil.copy(seeded_store, db)
    app = create_app(db, token=TOKEN, analyzer=fake_analyzer, max_upload_bytes=256 * 1024)
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


def _labels() -> list[str]:
    """Every operation of the published schema (the schema does not depend on the store's contents)."""
    from parley.web import create_app

    offline = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(Path("never-opened.duckdb")))
    return [op.ok().label for op in offline.get_all_operations()]


@pytest.mark.parametrize("label", _labels())
def test_every_operation_answers_as_its_schema_says(api_schema, label):
    operation = next(op.ok() for op in api_schema.get_all_operations() if op.ok().label == label)
    excluded = [schemathesis.checks.positive_data_acceptance] if label in CROSS_FIELD_RULES else []

    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case) -> None:  # noqa: ANN001
        response = case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, excluded_checks=excluded)
        if label in CROSS_FIELD_RULES and response.status_code == 400:
            assert response.json()["error"] in ("E605", "E014", "E607")

    check()
