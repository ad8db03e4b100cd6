"""The build passes ../shared/tools/check_contract.py (the seeds plus bad files)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, SHARED

CHECKER = SHARED / "tools" / "check_contract.py"


@pytest.mark.slow
@pytest.mark.skipif(not CHECKER.exists(), reason="../shared/tools/check_contract.py not present")
def test_contract_checker_passes():
    res = subprocess.run([sys.executable, str(CHECKER)], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "contract_problems=0" in res.stdout
