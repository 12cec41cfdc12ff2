"""Type names shared by the checker, the field table and the builtin signatures."""

from __future__ import annotations

from ..ir import Ty
from ..runtime import units
from ..runtime.model import INFUSION_NUMBERS, KINDS, ROUTES, SETTINGS

NUMBER = Ty("amount", units.NUMBER)
BOOL = Ty("bool")
TEXT = Ty("text")
TEXTS = Ty("texts")
CODE = Ty("code")
CODES = Ty("codes")
MODIFIER = Ty("modifier")
MODIFIER_LIST = Ty("modifier_list")
MODIFIERS = Ty("modifiers")
PLACE = Ty("place")
PLACES = Ty("places")
REVENUE = Ty("revenue")
REVENUES = Ty("revenues")
DATE = Ty("date")
INSTANT = Ty("instant")
DRUG = Ty("drug")
SCOPE = Ty("scope")

BY_NAME = {
    "number": NUMBER, "bool": BOOL, "text": TEXT, "code": CODE, "codes": CODES, "modifier": MODIFIER,
    "modifier_list": MODIFIER_LIST, "modifiers": MODIFIERS, "place": PLACE, "places": PLACES,
    "revenue": REVENUE, "revenues": REVENUES, "date": DATE, "instant": INSTANT, "drug": DRUG, "scope": SCOPE,
    **{name: Ty("amount", dim) for name, dim in units.DIM_BY_NAME.items() if name != "number"},
}

# The set type holding each element type, and back.
SET_OF = {CODE: CODES, MODIFIER: MODIFIERS, PLACE: PLACES, REVENUE: REVENUES, TEXT: TEXTS}
ELEMENT_OF = {v: k for k, v in SET_OF.items()}
SET_KIND = {"codes": CODES, "modifiers": MODIFIERS, "places": PLACES, "revenue": REVENUES}
# A list of elements is searched by `any_of` etc. against the matching set.
LIST_ELEMENT = {MODIFIER_LIST: MODIFIER}

# Words a spec may write bare where a field or parameter expects one of a closed vocabulary.
VOCABULARY = {
    "encounter.setting": SETTINGS,
    "episode.kind": KINDS,
    "episode.route": ROUTES,
    "episode.infusion_number": INFUSION_NUMBERS,
    "route": ROUTES,
}

ITEM_PATTERNS = {
    CODE: r"^[0-9A-Z]{5}$",
    MODIFIER: r"^[0-9A-Z]{2}$",
    PLACE: r"^[0-9]{2}$",
    REVENUE: r"^[0-9]{4}$",
}


def is_amount(ty: Ty) -> bool:
    return ty.name == "amount"


def parse_type(name: str) -> Ty | None:
    """A table column type: a type name or a unit symbol."""
    if name in BY_NAME:
        return BY_NAME[name]
    unit = units.lookup(name)
    if unit is not None:
        return Ty("amount", unit.dim)
    return None
