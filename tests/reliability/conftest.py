"""Reliability tests: fuzzing settings shared by every test here, and the count of generated
inputs tried, printed at the end of the run. spaCy loads once: `parley.analyze` caches its
pipeline per process."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

#: Deterministic in CI (the same inputs every run), no per-example deadline (the machine is
#: shared), no example database written into the tree. PARLEY_FUZZ_SCALE scales every budget.
FUZZ = settings(
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example, HealthCheck.filter_too_much],
)


def fuzz(n: int) -> settings:
    """Settings for one fuzz test of `n` examples, times PARLEY_FUZZ_SCALE when set (e.g. 10)."""
    return settings(FUZZ, max_examples=max(1, int(n * float(os.environ.get("PARLEY_FUZZ_SCALE", "1")))))


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001
    """Say how many generated inputs each fuzz target tried in this run."""
    from reliability.fuzzing import TRIED

    if TRIED:
        terminalreporter.write_sep("-", "reliability: generated inputs tried")
        for name, count in sorted(TRIED.items()):
            terminalreporter.write_line(f"{count:>7}  {name}")
        terminalreporter.write_line(f"{sum(TRIED.values()):>7}  in all (a failing input fails its test)")
