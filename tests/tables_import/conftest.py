"""Run the real `codespec` command line in-process; the fixture files, the shipped tables and the CMS
headers the import tests share (imported as `from tests.tables_import.conftest import ...`, the way
tests/conftest.py explains)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compiler.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHIPPED = Path(__file__).resolve().parents[2] / "specs" / "tables"

# the shipped 2024-Q3 rows in the published CMS layouts (see test_reproduce.py)
MUE_PRACTITIONER = FIXTURES / "MCR_MUE_PractitionerServices_Eff_07-01-2024.csv"
MUE_PRACTITIONER_Q4 = FIXTURES / "MCR_MUE_PractitionerServices_Eff_10-01-2024.csv"  # Q3 with 96372 changed from 4 to 5
MUE_HOSPITAL = FIXTURES / "MCR_MUE_OutpatientHospitalServices_Eff_07-01-2024.csv"
PTP_PRACTITIONER = [FIXTURES / "ccipra-test-f1.txt", FIXTURES / "ccipra-test-f2.txt"]
PTP_HOSPITAL = FIXTURES / "ccioph-test-f1.txt"
AOC = FIXTURES / "AOC_V2024Q3-MCR.csv"

MUE_HEADER = "HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n"
PTP_TITLES = ("Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date\tModifier\t"
              "PTP Edit Rationale")  # the first header row of a PTP file; line ending up to the test


def shipped_copy(tmp_path: Path, name: str) -> Path:
    """A copy of the shipped table `name` to import into, so the real one is never touched."""
    out = tmp_path / name
    shutil.copy(SHIPPED / name, out)
    return out


@pytest.fixture
def codespec(capsys):
    """Run `codespec ...`; return (exit code, stdout, stderr)."""

    def run(*argv):
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run
