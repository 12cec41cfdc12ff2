"""Import the CMS quarterly edit files (MUE, NCCI PTP, add-on codes) into specs/tables/.

One module per published layout (`mue`, `ptp`, `aoc`) turns a download into table rows;
`codes.referenced_codes()` compiles the specs and finds the codes they use, so only those edits
are kept; `history` merges a new quarter with the rows already committed; `repotable` writes the
CSV exactly as it is committed, so a quarter's update is one command and one diff to review.
See docs/tables-import.md.
"""

from .cmsfile import ImportFailure
from .importer import KINDS, OptionError, Outcome, run

__all__ = ["KINDS", "ImportFailure", "OptionError", "Outcome", "run"]
