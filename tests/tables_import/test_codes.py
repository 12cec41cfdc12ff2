"""The import keeps edits for the codes the shipped specs use; these come from the spec text."""

from __future__ import annotations

from compiler.tables_import.codes import referenced_codes


def test_codes_declared_listed_or_written_in_rules_are_referenced():
    codes = referenced_codes()
    assert {"99499", "G0463"} <= codes  # `code` declarations in claim_edits.rules
    assert {"96372"} <= codes  # declared in sc_infusion.rules
    assert {"99300", "96425", "96521", "A4215", "90284"} <= codes  # inside `codes` sets, ranges expanded
    # em_codes = {99202..99499, G0463} has 298 + 1 members; 99201 and 99500 lie outside it
    assert {"99201", "99500", "96380", "36415", "C8957", "0708T"}.isdisjoint(codes)
