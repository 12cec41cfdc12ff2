"""A finding's JSON: the contract's own fields are never hidden by a rule's report values."""

from compiler.runtime import results


def test_a_report_value_named_episode_does_not_hide_which_episode_the_finding_is_about():
    meta = results.RuleMeta("odd_kind", "warning", "specs/x.rules:3:1", "kind {episode}", (("episode", None),))
    finding = results.Finding(meta, {"episode": "infusion"}, None, "E7")
    out = finding.to_json()
    assert out["episode"] == "E7"
    assert out["message"] == "kind infusion"
