"""Use cases of tallying, one module each: the sheets, entering the paper
minutes (a second independent entry verifies them), approval by the board,
attachments of the signed paper, the unit results with their winners,
follow-up rounds, and the progress of the count.

Data-entry power is split: station officers (or commune staff) type the
paper; a different user must type it again identically before it counts as
verified; a board member of the unit approves; nobody overwrites a number.
"""

from election.tallies.queries.attachments import AttachmentRow
from election.tallies.queries.progress import UnitAreaSheet
from election.tallies.queries.results import RoundRow
from election.tallies.queries.sheets import CandidateLine, EntryRow, SheetContext
from election.tallies.services.approval import approve
from election.tallies.services.attachments import (
    ATTACHMENT_TYPES,
    MAX_ATTACHMENT_BYTES,
    attach,
    attachment_content,
    attachments,
)
from election.tallies.services.blind_sums import (
    NOTHING_WITHHELD,
    Withheld,
    may_type_any,
    withheld_in_scope,
    withholds_unit_sums,
)
from election.tallies.services.entry import (
    Submission,
    entry_concurrency,
    entry_slots,
    set_entry_concurrency,
    submit,
)
from election.tallies.services.progress import (
    Progress,
    commune_sheet_states,
    progress,
    unit_sheet_states,
)
from election.tallies.services.results import (
    BoardAccount,
    UnitResultView,
    decision_json,
    determination_json,
    elected,
    figures_json,
    finalize_unit,
    fixed_results,
    is_units_board,
    result_json,
    unit_complaints,
    unit_result,
    unit_votes_by_commune,
)
from election.tallies.services.rounds import may_record_round, open_round, unit_rounds
from election.tallies.services.sheets import (
    PROGRESS_CHANNEL,
    EntryLine,
    SheetPlace,
    SheetView,
    area_sheets,
    get_entry,
    get_sheet,
    may_approve,
    may_enter,
    sheet_entries,
    sheet_for,
    sheet_view,
    standing_entry,
    view_of,
)

__all__ = [
    "ATTACHMENT_TYPES",
    "MAX_ATTACHMENT_BYTES",
    "NOTHING_WITHHELD",
    "PROGRESS_CHANNEL",
    "AttachmentRow",
    "BoardAccount",
    "CandidateLine",
    "EntryLine",
    "EntryRow",
    "Progress",
    "RoundRow",
    "SheetContext",
    "SheetPlace",
    "SheetView",
    "Submission",
    "UnitAreaSheet",
    "UnitResultView",
    "Withheld",
    "approve",
    "area_sheets",
    "attach",
    "attachment_content",
    "attachments",
    "commune_sheet_states",
    "decision_json",
    "determination_json",
    "elected",
    "entry_concurrency",
    "entry_slots",
    "figures_json",
    "finalize_unit",
    "fixed_results",
    "get_entry",
    "get_sheet",
    "is_units_board",
    "may_approve",
    "may_enter",
    "may_record_round",
    "may_type_any",
    "open_round",
    "progress",
    "result_json",
    "set_entry_concurrency",
    "sheet_entries",
    "sheet_for",
    "sheet_view",
    "standing_entry",
    "submit",
    "unit_complaints",
    "unit_result",
    "unit_rounds",
    "unit_sheet_states",
    "unit_votes_by_commune",
    "view_of",
    "withheld_in_scope",
    "withholds_unit_sums",
]
