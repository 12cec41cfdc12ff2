"""Emit stage: typed IR -> {relative path: Python source}. Never writes files; compiles each output
as a self-check, since a failure here is a compiler bug, not an author's error."""

from __future__ import annotations

from pathlib import PurePosixPath

from .. import ir
from .env import environment
from .views import module_view, overlay_suffix, table_module_name, table_view


def emit(module: ir.Module) -> dict[PurePosixPath, str]:
    env = environment()
    out: dict[PurePosixPath, str] = {}
    out[PurePosixPath("generated/validators") / f"{module.name}.py"] = env.get_template("validator.py.jinja").render(m=module_view(module))
    for t in module.tables:
        for table, suffix in ((t, ""), *((o, overlay_suffix(o)) for o in t.overlays)):
            name = table_module_name(module.name, t.name + suffix)
            out[PurePosixPath("generated/tables") / f"{name}.py"] = env.get_template("table.py.jinja").render(
                t=table_view(module, table))
    for path, text in out.items():
        compile(text, str(path), "exec")
    return out
