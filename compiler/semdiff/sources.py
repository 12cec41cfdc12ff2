"""Materialise the two sides of a diff (a spec directory or a git revision) as private copies.

Both sides are copied under one scratch directory as `<side>/specs/...`, so spec paths and table
paths read `specs/...` whatever the user pointed at, and edits made meanwhile cannot leak into a
run. Git is only read (`rev-parse`, `archive`); nothing in the repository changes.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

SPECS = "specs"


class SourceError(Exception):
    """A side that cannot be read: a usage error (exit 2), never a crash."""


@dataclass(frozen=True)
class Side:
    label: str  # what the user named, e.g. `HEAD~1 (3f2a9c1e0b7d)` or `working tree`
    root: Path  # holds specs/


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except OSError as err:  # git not installed
        raise SourceError(f"cannot run git: {err}") from None


def repo_root(start: Path) -> Path | None:
    """The top of the git work tree holding `start`, or None outside any repository (or without git)."""
    try:
        done = _git(start, "rev-parse", "--show-toplevel")
    except SourceError:
        return None
    if done.returncode != 0:
        return None
    return Path(done.stdout.decode("utf-8", "replace").strip())


def _specs_dir(path: Path) -> Path | None:
    """`path/specs` when present, else `path` itself when it holds spec files."""
    if (path / SPECS).is_dir():
        return path / SPECS
    if any(path.glob("*.rules")):
        return path
    return None


def _copy_dir(specs: Path, dest: Path) -> None:
    shutil.copytree(specs, dest / SPECS, ignore=shutil.ignore_patterns("__pycache__", ".*"))


def _from_revision(rev: str, repo: Path, dest: Path) -> str:
    done = _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if done.returncode != 0:
        raise SourceError(f"`{rev}` is neither a directory nor a git revision of {repo}")
    sha = done.stdout.decode().strip()
    archive = _git(repo, "archive", "--format=tar", sha, SPECS)
    if archive.returncode != 0:
        raise SourceError(f"revision `{rev}` has no `{SPECS}/` directory")
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return sha


def materialise(arg: str | None, repo: Path | None, dest: Path) -> Side:
    """Copy one side into `dest` (which must not exist). `arg` None means the working tree."""
    if arg is None:
        if repo is None:
            raise SourceError("no HEAD given and the current directory is not in a git repository")
        specs = _specs_dir(repo)
        if specs is None:
            raise SourceError(f"the working tree {repo} has no `{SPECS}/` directory")
        _copy_dir(specs, dest)
        return Side("working tree", dest)
    if arg.startswith("-"):
        raise SourceError(f"`{arg}` is not a directory or a revision")
    path = Path(arg)
    if path.exists():
        if not path.is_dir():
            raise SourceError(f"`{arg}` is a file; give a directory holding `{SPECS}/` or a git revision")
        specs = _specs_dir(path)
        if specs is None:
            raise SourceError(f"`{arg}` holds neither a `{SPECS}/` directory nor any .rules file")
        _copy_dir(specs, dest)
        return Side(arg, dest)
    if repo is None:
        raise SourceError(f"`{arg}` does not exist and there is no git repository to read it as a revision from")
    sha = _from_revision(arg, repo, dest)
    return Side(f"{arg} ({sha[:12]})", dest)
