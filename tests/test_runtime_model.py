"""Behaviour of the strict encounter parser: typed values, and problems a user can act on."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.runtime.model import (
    Encounter,
    InvalidRecord,
    Problem,
    parse_encounter,
    parse_instant,
)

EDT = datetime.timezone(datetime.timedelta(hours=-4))


def valid() -> dict:
    return {
        "id": "enc-1",
        "setting": "physician",
        "payer": "medicare",
        "date_of_service": "2024-08-14",
        "place_of_service": "11",
        "primary_reason_line": 2,
        "lines": [
            {"line": 1, "code": "96369", "units": 1, "modifiers": ["XS"]},
            {
                "line": 2,
                "code": "J1559",
                "units": 50,
                "modifiers": ["JZ", "59"],
                "revenue_code": "0636",
                "service_date": "2024-08-14",
                "encounter": 2,
                "drug": {
                    "hcpcs_unit_mg": 100,
                    "volume_ml": Decimal("50.25"),
                    "concentration_mg_per_ml": 200,
                    "single_dose_container": True,
                },
            },
        ],
        "episodes": [
            {
                "id": "E1",
                "kind": "infusion",
                "route": "subcutaneous",
                "substance": "immune globulin",
                "start": "2024-08-14T09:00:00-04:00",
                "stop": "2024-08-14T10:30:00-04:00",
                "pump_setups": 1,
                "sites": 2,
                "volume_ml": 100,
                "product_label": "hizentra_pi",
                "infusion_number": "first",
                "patient_weight_kg": Decimal("70.5"),
            },
            {
                "id": "E2",
                "encounter": 2,
                "kind": "injection",
                "route": "intramuscular",
                "start": "2024-08-14T13:00Z",
                "stop": None,
            },
        ],
    }


def problems_of(obj: object) -> dict[str, str]:
    with pytest.raises(InvalidRecord) as info:
        parse_encounter(obj)
    return {p.path: p.message for p in info.value.problems}


def with_change(path: tuple, value: object, delete: bool = False) -> dict:
    """A copy of the valid record with one field replaced (or deleted)."""
    obj = copy.deepcopy(valid())
    target = obj
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return obj


# --- valid input -------------------------------------------------------------


def test_valid_encounter_parses_to_typed_values():
    enc = parse_encounter(valid())
    assert isinstance(enc, Encounter)
    assert (enc.id, enc.setting, enc.payer) == ("enc-1", "physician", "medicare")
    assert enc.date_of_service == datetime.date(2024, 8, 14)
    assert enc.place_of_service == "11" and enc.type_of_bill is None
    assert enc.primary_reason_line == 2

    first, second = enc.lines
    assert (first.index, first.line, first.code, first.units) == (0, 1, "96369", 1)
    assert first.modifiers == ("XS",)
    assert first.encounter == 1 and first.drug is None and first.service_date is None
    assert second.index == 1 and second.encounter == 2
    assert second.modifiers == ("JZ", "59")
    assert second.revenue_code == "0636"
    assert second.service_date == datetime.date(2024, 8, 14)


@pytest.mark.parametrize("written", ["Medicare", "MEDICARE", " medicare "])
def test_a_payer_id_is_read_without_regard_to_case_or_padding(written):
    # the specs name payers in lower case: `Medicare` must meet Medicare's rules, not pass them by
    assert parse_encounter({**valid(), "payer": written}).payer == "medicare"


def test_drug_numbers_are_exact_whole_numbers_are_ints():
    drug = parse_encounter(valid()).lines[1].drug
    assert drug is not None
    assert drug.volume_ml == Fraction(201, 4)
    assert isinstance(drug.volume_ml, Fraction)
    assert drug.hcpcs_unit_mg == 100 and type(drug.hcpcs_unit_mg) is int
    assert drug.concentration_mg_per_ml == 200
    assert drug.dose_mg is None
    assert drug.single_dose_container is True


def test_decimal_that_is_not_binary_exact_stays_exact():
    obj = with_change(("lines", 1, "drug", "volume_ml"), Decimal("0.1"))
    assert parse_encounter(obj).lines[1].drug.volume_ml == Fraction(1, 10)


def test_python_float_is_read_as_its_decimal_text():
    obj = with_change(("lines", 1, "drug", "volume_ml"), 0.1)
    assert parse_encounter(obj).lines[1].drug.volume_ml == Fraction(1, 10)


@pytest.mark.parametrize("written", [Decimal("100.0"), 100.0, Decimal("1E+2")])
def test_a_whole_number_written_with_a_point_is_the_int(written):
    obj = with_change(("lines", 1, "drug", "volume_ml"), written)
    volume = parse_encounter(obj).lines[1].drug.volume_ml
    assert volume == 100 and type(volume) is int


def test_episode_instants_are_aware_and_keep_their_offset():
    first, second = parse_encounter(valid()).episodes
    assert first.start == datetime.datetime(2024, 8, 14, 9, 0, tzinfo=EDT)
    assert first.start.utcoffset() == datetime.timedelta(hours=-4)
    assert first.stop - first.start == datetime.timedelta(minutes=90)
    assert second.start.tzinfo is not None and second.start.utcoffset() == datetime.timedelta(0)
    assert second.stop is None


def test_episode_fields_are_typed():
    first, second = parse_encounter(valid()).episodes
    assert (first.index, first.id, first.encounter, first.kind, first.route) == (
        0, "E1", 1, "infusion", "subcutaneous",
    )
    assert first.pump_setups == 1 and first.sites == 2
    assert first.volume_ml == 100 and type(first.volume_ml) is int
    assert first.patient_weight_kg == Fraction(141, 2)
    assert first.product_label == "hizentra_pi" and first.infusion_number == "first"
    assert first.substance == "immune globulin"
    assert (second.index, second.encounter, second.route) == (1, 2, "intramuscular")
    assert second.pump_setups is None and second.infusion_number is None


def test_absent_episodes_are_not_read_as_none_documented():
    # A claim sent without its documentation (or with "Episodes" misspelled) would otherwise have
    # its 96369 rejected for "0 min documented": [] says none is documented, absence says nothing.
    found = problems_of(with_change(("episodes",), None, delete=True))
    assert list(found) == ["episodes"]
    assert found["episodes"] == ("expected a list, found nothing (the field is missing); "
                                 "write [] when the encounter documents none")


def test_empty_lines_and_absent_optionals_are_allowed():
    obj = {
        "id": "x", "setting": "facility", "payer": "uhc",
        "date_of_service": "2024-01-02", "type_of_bill": "131", "lines": [], "episodes": [],
    }
    enc = parse_encounter(obj)
    assert enc.lines == () and enc.episodes == ()
    assert enc.type_of_bill == "131" and enc.place_of_service is None
    assert enc.primary_reason_line is None


def test_unknown_keys_are_ignored():
    obj = valid()
    obj["future_field"] = {"anything": [1, 2]}
    obj["lines"][0]["note"] = "x"
    obj["episodes"][0]["extra"] = None
    assert parse_encounter(obj) == parse_encounter(valid())


def test_modifiers_absent_means_none():
    obj = with_change(("lines", 0, "modifiers"), None, delete=True)
    assert parse_encounter(obj).lines[0].modifiers == ()


def test_any_payer_string_is_accepted_in_lower_case():
    obj = with_change(("payer",), "Some Regional Plan")
    assert parse_encounter(obj).payer == "some regional plan"


# --- problems ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path, value, expected_path, fragment",
    [
        (("id",), "", "id", "non-empty string"),
        (("id",), 7, "id", "found 7"),
        (("setting",), "hospital", "setting", 'found "hospital"'),
        (("payer",), "", "payer", "non-empty string"),
        (("payer",), None, "payer", "found null"),
        (("date_of_service",), "2024-02-30", "date_of_service", "valid date"),
        (("date_of_service",), "20240814", "date_of_service", "YYYY-MM-DD"),
        (("date_of_service",), "2024-08-14T00:00:00Z", "date_of_service", "YYYY-MM-DD"),
        (("place_of_service",), "1", "place_of_service", "2-digit"),
        (("place_of_service",), 11, "place_of_service", "found 11"),
        (("type_of_bill",), "01311", "type_of_bill", "3- or 4-digit"),
        (("primary_reason_line",), 9, "primary_reason_line", "found 9"),
        (("primary_reason_line",), "1", "primary_reason_line", 'expected an integer or null, found "1"'),
        (("lines",), {"line": 1}, "lines", "expected a list, found an object"),
        (("lines", 0), "96369", "lines[0]", "expected an object"),
        (("lines", 0, "line"), "2", "lines[0].line", 'expected an integer, found "2"'),
        (("lines", 0, "line"), 0, "lines[0].line", ">= 1"),
        (("lines", 0, "line"), 1.0, "lines[0].line", "expected an integer, found 1.0"),
        (("lines", 0, "code"), "j1559", "lines[0].code", 'found "j1559"'),
        (("lines", 0, "code"), "9636", "lines[0].code", "5 uppercase"),
        (("lines", 0, "code"), "963690", "lines[0].code", "5 uppercase"),
        (("lines", 0, "code"), "96369\n", "lines[0].code", "5 uppercase"),
        (("lines", 0, "units"), -1, "lines[0].units", ">= 0"),
        (("lines", 0, "units"), Decimal("1.5"), "lines[0].units", "found 1.5"),
        (("lines", 0, "modifiers"), "XS", "lines[0].modifiers", "expected a list"),
        (("lines", 0, "modifiers"), None, "lines[0].modifiers", "found null"),
        (("lines", 0, "modifiers", 0), "xs", "lines[0].modifiers[0]", 'found "xs"'),
        (("lines", 0, "modifiers", 0), "XSS", "lines[0].modifiers[0]", "2 uppercase"),
        (("lines", 1, "revenue_code"), "636", "lines[1].revenue_code", "4-digit"),
        (("lines", 1, "revenue_code"), 636, "lines[1].revenue_code", "found 636"),
        (("lines", 1, "service_date"), "08/14/2024", "lines[1].service_date", "YYYY-MM-DD"),
        (("lines", 1, "encounter"), 0, "lines[1].encounter", ">= 1"),
        (("lines", 1, "drug"), [], "lines[1].drug", "expected an object or null"),
        (("lines", 1, "drug", "volume_ml"), -1, "lines[1].drug.volume_ml", "found -1"),
        (("lines", 1, "drug", "volume_ml"), "50.25", "lines[1].drug.volume_ml", 'found "50.25"'),
        (("lines", 1, "drug", "dose_mg"), Decimal("-0.5"), "lines[1].drug.dose_mg", ">= 0"),
        (("lines", 1, "drug", "hcpcs_unit_mg"), 0, "lines[1].drug.hcpcs_unit_mg", "> 0"),
        (("lines", 1, "drug", "concentration_mg_per_ml"), 0, "lines[1].drug.concentration_mg_per_ml", "> 0"),
        (("lines", 1, "drug", "dose_mg"), float("nan"), "lines[1].drug.dose_mg", "finite"),
        (("lines", 1, "drug", "dose_mg"), Decimal("1e-99999999"), "lines[1].drug.dose_mg", "sensible size"),
        # Dividing a 400-digit dose by a unit of 1e-999 mg once crashed rendering the message.
        (("lines", 1, "drug", "dose_mg"), Decimal("1" + "0" * 400 + ".5"), "lines[1].drug.dose_mg", "below 10^15"),
        (("lines", 1, "drug", "dose_mg"), 10**15, "lines[1].drug.dose_mg", "sensible size"),
        (("lines", 1, "drug", "hcpcs_unit_mg"), Decimal("1e-999"), "lines[1].drug.hcpcs_unit_mg", "at most 15 decimals"),
        (("episodes", 0, "volume_ml"), Decimal("0.0000000000000001"), "episodes[0].volume_ml", "sensible size"),
        (("lines", 1, "drug", "single_dose_container"), "yes", "lines[1].drug.single_dose_container", 'found "yes"'),
        (("episodes",), None, "episodes", "expected a list, found null"),
        (("episodes", 0), 3, "episodes[0]", "expected an object, found 3"),
        (("episodes", 0, "id"), "", "episodes[0].id", "non-empty string"),
        (("episodes", 0, "encounter"), "1", "episodes[0].encounter", 'found "1"'),
        (("episodes", 0, "kind"), "drip", "episodes[0].kind", 'found "drip"'),
        (("episodes", 0, "route"), "oral", "episodes[0].route", 'found "oral"'),
        (("episodes", 0, "substance"), 5, "episodes[0].substance", "found 5"),
        (("episodes", 0, "start"), None, "episodes[0].start", "found null"),
        (("episodes", 0, "start"), "2024-08-14 09:00", "episodes[0].start", "ISO 8601"),
        (("episodes", 0, "start"), "2024-08-14T25:00:00Z", "episodes[0].start", "not a valid date-time"),
        # Python would read +05:99 as +06:39; no clock is set that way, so it is refused, not repaired.
        (("episodes", 0, "start"), "2024-08-14T09:00:00+05:99", "episodes[0].start", "minutes 00-59"),
        (("episodes", 0, "stop"), "2024-08-14T10:00:00-04:60", "episodes[0].stop", "minutes 00-59"),
        (("lines", 0, "units"), 10**15, "lines[0].units", "below 10^15"),
        (("episodes", 0, "pump_setups"), -1, "episodes[0].pump_setups", ">= 0"),
        (("episodes", 0, "sites"), 1.5, "episodes[0].sites", "found 1.5"),
        (("episodes", 0, "volume_ml"), -3, "episodes[0].volume_ml", ">= 0"),
        (("episodes", 0, "patient_weight_kg"), "70", "episodes[0].patient_weight_kg", 'found "70"'),
        (("episodes", 0, "product_label"), 1, "episodes[0].product_label", "found 1"),
        (("episodes", 0, "infusion_number"), "second", "episodes[0].infusion_number", 'found "second"'),
    ],
)
def test_each_bad_field_is_reported_at_its_path(path, value, expected_path, fragment):
    found = problems_of(with_change(path, value))
    assert expected_path in found, found
    assert fragment in found[expected_path]


@pytest.mark.parametrize(
    "path, expected_path",
    [
        (("id",), "id"),
        (("setting",), "setting"),
        (("payer",), "payer"),
        (("date_of_service",), "date_of_service"),
        (("lines",), "lines"),
        (("lines", 0, "line"), "lines[0].line"),
        (("lines", 0, "code"), "lines[0].code"),
        (("lines", 0, "units"), "lines[0].units"),
        (("episodes", 0, "id"), "episodes[0].id"),
        (("episodes", 0, "kind"), "episodes[0].kind"),
        (("episodes", 0, "route"), "episodes[0].route"),
        (("episodes", 0, "start"), "episodes[0].start"),
    ],
)
def test_missing_required_field_is_reported(path, expected_path):
    found = problems_of(with_change(path, None, delete=True))
    assert "missing" in found[expected_path]


@pytest.mark.parametrize(
    "path",
    [
        ("lines", 0, "line"),
        ("lines", 0, "units"),
        ("lines", 1, "encounter"),
        ("primary_reason_line",),
        ("episodes", 0, "encounter"),
        ("episodes", 0, "pump_setups"),
        ("episodes", 0, "sites"),
    ],
)
@pytest.mark.parametrize("flag", [True, False])
def test_bool_is_not_accepted_as_an_integer(path, flag):
    found = problems_of(with_change(path, flag))
    key = ".".join(
        f"{k}" if isinstance(k, str) else f"[{k}]" for k in path
    ).replace(".[", "[")
    assert found[key].startswith("expected an integer")
    assert ("true" if flag else "false") in found[key]


def test_bool_is_not_accepted_as_a_number():
    found = problems_of(with_change(("lines", 1, "drug", "dose_mg"), True))
    assert "found true" in found["lines[1].drug.dose_mg"]


def test_naive_instant_is_rejected_with_offset_hint():
    found = problems_of(with_change(("episodes", 0, "start"), "2024-08-14T09:00:00"))
    assert found["episodes[0].start"] == (
        'start has no UTC offset: "2024-08-14T09:00:00"; write it with an offset such as -04:00'
    )


def test_naive_stop_is_rejected_too():
    found = problems_of(with_change(("episodes", 0, "stop"), "2024-08-14T10:00"))
    assert "stop has no UTC offset" in found["episodes[0].stop"]


def test_duplicate_line_numbers_are_reported():
    obj = with_change(("lines", 1, "line"), 1)
    found = problems_of(obj)
    assert "duplicate line number 1" in found["lines[1].line"]


def test_duplicate_episode_ids_are_reported():
    found = problems_of(with_change(("episodes", 1, "id"), "E1"))
    assert 'duplicate episode id "E1"' in found["episodes[1].id"]


def test_non_object_record_is_reported_at_the_root():
    with pytest.raises(InvalidRecord) as info:
        parse_encounter([valid()])
    assert info.value.problems == (Problem("", "expected an encounter object, found a list"),)
    assert info.value.record_id is None


def test_all_problems_are_collected_at_once():
    obj = valid()
    obj["setting"] = "clinic"
    obj["date_of_service"] = "2024-13-01"
    obj["lines"][0]["units"] = "2"
    obj["lines"][1]["modifiers"] = ["jz"]
    obj["episodes"][0]["start"] = "2024-08-14T09:00:00"
    obj["episodes"][1]["kind"] = "push"
    with pytest.raises(InvalidRecord) as info:
        parse_encounter(obj)
    paths = [p.path for p in info.value.problems]
    assert paths == [
        "setting",
        "date_of_service",
        "lines[0].units",
        "lines[1].modifiers[0]",
        "episodes[0].start",
        "episodes[1].kind",
    ]
    assert info.value.record_id == "enc-1"
    assert "6 problems" in str(info.value)


def test_record_id_is_none_when_id_is_not_a_string():
    with pytest.raises(InvalidRecord) as info:
        parse_encounter(with_change(("id",), 12))
    assert info.value.record_id is None


def test_messages_say_expected_and_found():
    found = problems_of(with_change(("lines", 0, "units"), "2"))
    assert found["lines[0].units"] == 'expected an integer, found "2"'


def test_problem_messages_start_lowercase():
    obj = valid()
    obj["id"] = ""
    obj["lines"][0] = {"line": "x", "code": 1, "units": None, "modifiers": [1], "drug": 3}
    obj["episodes"][0] = {"id": 1, "kind": 1, "route": 1, "start": "bad", "stop": 1}
    with pytest.raises(InvalidRecord) as info:
        parse_encounter(obj)
    assert len(info.value.problems) >= 10
    for problem in info.value.problems:
        assert problem.message[0].islower(), problem


# --- parse_instant ------------------------------------------------------------


def test_parse_instant_accepts_offsets_and_z():
    assert parse_instant("2024-11-03T01:30:00-04:00") != parse_instant("2024-11-03T01:30:00-05:00")
    assert parse_instant("2024-08-14T13:00:00Z") == parse_instant("2024-08-14T09:00:00-04:00")
    assert parse_instant("2024-08-14T09:00:00.250-04:00").microsecond == 250000


@pytest.mark.parametrize("text", ["2024-11-03T01:30:00", "2024-11-03T01:30"])
def test_parse_instant_rejects_naive_times_with_hint(text):
    with pytest.raises(ValueError, match="no UTC offset.*such as -04:00"):
        parse_instant(text)


@pytest.mark.parametrize(
    "text",
    ["2024-11-03", "yesterday", "2024-11-03T01:30:00+24:00", "2024-11-03T01:30:00.1234567Z", ""],
)
def test_parse_instant_rejects_non_instants(text):
    with pytest.raises(ValueError):
        parse_instant(text)


# --- robustness ------------------------------------------------------------------

CONTRACT_KEYS = [
    "id", "setting", "payer", "date_of_service", "place_of_service", "type_of_bill",
    "primary_reason_line", "lines", "episodes", "line", "code", "units", "modifiers",
    "revenue_code", "service_date", "encounter", "drug", "hcpcs_unit_mg", "dose_mg",
    "volume_ml", "concentration_mg_per_ml", "single_dose_container", "kind", "route",
    "substance", "start", "stop", "pump_setups", "sites", "product_label",
    "infusion_number", "patient_weight_kg",
]
CONTRACT_STRINGS = [
    "physician", "facility", "medicare", "2024-08-14", "2024-02-30", "11", "0131",
    "96369", "XS", "infusion", "injection", "subcutaneous", "intravenous", "first",
    "2024-08-14T09:00:00-04:00", "2024-08-14T09:00:00", "E1",
]

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats()
    | st.decimals()
    | st.text(max_size=12)
    | st.sampled_from(CONTRACT_STRINGS)
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(CONTRACT_KEYS) | st.text(max_size=6), children, max_size=8),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_any_json_value_parses_or_raises_invalid_record(value):
    try:
        result = parse_encounter(value)
    except InvalidRecord as exc:
        assert exc.problems
        assert all(isinstance(p, Problem) for p in exc.problems)
    else:
        assert isinstance(result, Encounter)


@settings(max_examples=200, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            "id": json_scalars,
            "setting": st.sampled_from(["physician", "facility"]) | json_scalars,
            "payer": json_scalars,
            "date_of_service": st.sampled_from(["2024-08-14"]) | json_scalars,
            "lines": st.lists(
                st.dictionaries(st.sampled_from(CONTRACT_KEYS), json_values, max_size=8), max_size=3
            ),
            "episodes": st.lists(
                st.dictionaries(st.sampled_from(CONTRACT_KEYS), json_values, max_size=10), max_size=3
            ),
        }
    )
)
def test_near_valid_records_parse_or_raise_invalid_record(value):
    try:
        parse_encounter(value)
    except InvalidRecord as exc:
        assert exc.problems


def test_absent_stop_reads_as_no_documented_stop():
    obj = valid()
    del obj["episodes"][0]["stop"]
    assert parse_encounter(obj).episodes[0].stop is None
