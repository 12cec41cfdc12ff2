"""The fields a spec may read from an encounter, with their types: the checker and both evaluators
use this one table, so `line.drug.dose` means the same thing everywhere.

Amount fields are converted to canonical units here (e.g. kg to mg) and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import units


@dataclass(frozen=True, slots=True)
class FieldDef:
    subject: str  # line | episode | encounter
    path: tuple[str, ...]  # DSL path after the subject, e.g. ("drug", "dose")
    attrs: tuple[str, ...]  # attribute chain on the model object
    type: str  # a type name understood by the checker (see check/types.py)
    nullable: bool
    unit: str | None = None  # input unit of an amount field, converted to canonical
    # An instant's place on the absolute time line (timecalc.instant), kept by the model beside it:
    # comparing two of these integers is comparing the instants, without aware-datetime arithmetic.
    timeline: str | None = None

    @property
    def dsl(self) -> str:
        return ".".join((self.subject, *self.path))

    @property
    def converts(self) -> bool:
        """Whether reading the field changes its number: its input unit is not the canonical one."""
        return self.unit is not None and units.UNITS[self.unit].factor != 1


def _f(subject, path, attrs, type_, nullable, unit=None, timeline=None):
    return FieldDef(subject, tuple(path.split(".")), tuple(attrs.split(".")), type_, nullable, unit, timeline)


FIELDS: dict[str, FieldDef] = {
    f.dsl: f
    for f in (
        _f("encounter", "id", "id", "text", False),
        _f("encounter", "setting", "setting", "text", False),
        _f("encounter", "payer", "payer", "text", False),
        _f("encounter", "date_of_service", "date_of_service", "date", False),
        _f("encounter", "place_of_service", "place_of_service", "place", True),
        _f("encounter", "type_of_bill", "type_of_bill", "text", True),
        _f("encounter", "primary_reason_line", "primary_reason_line", "number", True),
        _f("line", "line", "line", "number", False),
        _f("line", "code", "code", "code", False),
        _f("line", "units", "units", "number", False),
        _f("line", "modifiers", "modifiers", "modifier_list", False),
        _f("line", "revenue_code", "revenue_code", "revenue", True),
        _f("line", "service_date", "service_date", "date", True),
        _f("line", "encounter", "encounter", "number", False),
        _f("line", "drug", "drug", "drug", True),
        _f("line", "drug.unit_size", "drug.hcpcs_unit_mg", "mass", True, "mg"),
        _f("line", "drug.dose", "drug.dose_mg", "mass", True, "mg"),
        _f("line", "drug.volume", "drug.volume_ml", "volume", True, "mL"),
        _f("line", "drug.concentration", "drug.concentration_mg_per_ml", "concentration", True, "mg/mL"),
        _f("line", "drug.single_dose_container", "drug.single_dose_container", "bool", True),
        _f("episode", "id", "id", "text", False),
        _f("episode", "encounter", "encounter", "number", False),
        _f("episode", "kind", "kind", "text", False),
        _f("episode", "route", "route", "text", False),
        _f("episode", "substance", "substance", "text", True),
        _f("episode", "start", "start", "instant", False, timeline="start_us"),
        _f("episode", "stop", "stop", "instant", True, timeline="stop_us"),
        _f("episode", "pump_setups", "pump_setups", "number", True),
        _f("episode", "sites", "sites", "number", True),
        _f("episode", "volume", "volume_ml", "volume", True, "mL"),
        _f("episode", "product_label", "product_label", "text", True),
        _f("episode", "infusion_number", "infusion_number", "text", True),
        _f("episode", "patient_weight", "patient_weight_kg", "mass", True, "kg"),
    )
}


def read(obj, fdef: FieldDef):
    """Read a field from a model object; None anywhere along the chain gives None."""
    value = obj
    for attr in fdef.attrs:
        if value is None:
            return None
        value = getattr(value, attr)
    if value is not None and fdef.converts:
        value = units.to_canonical(value, fdef.unit)
    return value


def field(name: str) -> FieldDef:
    return FIELDS[name]
