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
