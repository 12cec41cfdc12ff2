"""A finding's JSON: the contract's own fields are never hidden by a rule's report values."""

from compiler.runtime import results


def test_a_report_value_named_episode_does_not_hide_which_episode_the_finding_is_about():
    meta = results.RuleMeta("odd_kind", "warning", "specs/x.rules:3:1", "kind {episode}", (("episode", None),))
    finding = results.Finding(meta, {"episode": "infusion"}, None, "E7")
    out = finding.to_json()
    assert out["episode"] == "E7"
    assert out["message"] == "kind infusion"


def test_derived_units_add_up_over_encounters_and_an_unknown_contribution_makes_the_total_unknown():
    derived: dict = {}
    results.merge_derived(derived, "96370", 2)
    results.merge_derived(derived, "96370", 1)  # a second encounter of the record
    assert derived == {"96370": 3}
    results.merge_derived(derived, "96370", None)
    results.merge_derived(derived, "96370", 4)  # once unknown, it stays unknown
    assert derived == {"96370": None}
    results.merge_derived(derived, "J1559", None)  # unknown from the first contribution on
    assert derived["J1559"] is None
    assert results.merged(2, 5) == 7 and results.merged(None, 5) is None and results.merged(2, None) is None


def test_a_report_keeps_its_own_notes_of_a_shared_context_as_they_were_when_it_was_made():
    # Specs sharing a Context note tables and dated rules in one pair of dicts; a report keeps only
    # its spec's, and what the next spec notes afterwards does not reach it.
    tables, rules = {}, {}
    own = (frozenset({"labels"}), frozenset({"drug_discard_modifier_missing"}))
    first = results.Report([], {}, tables, rules, own)
    tables["mue"] = tables["labels"] = ("2024-06-30", "specs/x.rules:1:1")
    rules["site_of_care_review"] = ("2016-12-31", "specs/x.rules:2:1")
    second = results.Report([], {}, tables, rules, own)
    assert (dict(first.tables_out_of_force), dict(first.rules_out_of_force)) == ({}, {})
    assert (second.tables_out_of_force, second.rules_out_of_force) == ({"labels": tables["labels"]}, {})
    unfiltered = results.Report([], {}, tables, rules)  # a spec with a Context of its own (the interpreter)
    assert unfiltered.tables_out_of_force is tables and unfiltered.rules_out_of_force is rules
