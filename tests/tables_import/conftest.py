"""Run the real `codespec` command line in-process."""

from __future__ import annotations

import pytest

from compiler.cli import main


@pytest.fixture
def codespec(capsys):
    """Run `codespec ...`; return (exit code, stdout, stderr)."""

    def run(*argv):
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run
