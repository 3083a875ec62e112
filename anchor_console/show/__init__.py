"""The run-of-show (直播脚本): writing it, importing it from the spreadsheet prep staff already use,
checking it against the advertising law, and running it live — with no Qt, so the ui sits on top.

Public API (everything else in the package is an implementation detail):

Model (`show.model`) — immutable values
    Show(title, date=None, start=None, target_length_s=0, segments=())
        .segment(id) .find_cue(id) .schedule(start_at=None) -> Schedule .problems() -> [ShowProblem]
    Segment(id, title, duration_s, start_mode=StartMode.SOFT, hard_start=None, products=(),
            talking_points="", notes="", cues=())
    FeaturedProduct(id, name)          Cue(id, action, trigger=Trigger.at_start(), mode=CueMode.CONFIRM, note="")
    Trigger.at_start() / .after(seconds) / .at_end(before=0)     CueMode.AUTO | CONFIRM | MANUAL
    actions: StageProduct, SetOnSale, IssueCoupon, StartFlashSale, SetRoomMute, AnchorMessage, StartLuckyBag,
             SendRedPacket, SetSlowMode, SetFollowersOnly, SetShieldMode, AnnounceToRoom (chat_cues.py)
             (each has .describe() -> Text and .problems() -> [Text])
    Schedule: .items [PlannedSegment(start, end, hard, gap_before_s)] .length_s .over_target_s .gaps_and_overlaps()

Show file (`show.showfile`, `show.showfile_writer`, `show.showfile_schema`) — TOML, versioned, line-numbered errors
    load_show(path) -> Show            loads_show(text) -> Show     (raise ShowFileError(.problems), nothing else)
    save_show(show, path)  (atomic; refuses a show the loader would refuse)   dumps_show(show) -> str   load(dumps(s)) == s

Bounds (`show.limits`) — one set for the loader, the import and the editor
    MAX_SEGMENT_S  MAX_SHOW_S  MAX_PRICE_FEN  MAX_COUNT  MAX_VALID_MINUTES   printable(text) -> text without control chars

Autosave (`show.autosave`) — crash recovery, driven by the caller
    ShowAutosave(recovery_dir, clock, source=None).edited(show) / .due() / await .write() / .saved(path) /
        .discard() / await .settle()   (copies written by a worker thread, in order)
    pending_recoveries(recovery_dir) -> [Recovery]   recovery_for(recovery_dir, source) -> Recovery | None
    Recovery.show() / .discard() / .source_changed

Spreadsheet import and export (`show.spreadsheet`, `show.sheet_columns`, `show.sheets`, `show.export`)
    preview_import(path, mapping=None, header_row=None, sheet=None, limit=10, catalog=None, link_choices=None)
        -> ImportPreview (.header_row .columns [ColumnMatch(index, header, field, confidence)] .segments .show
                          .warnings .mismatches .segment_rows)   (raise SpreadsheetError(.message), nothing else)
    SheetField (column meanings, .label -> Text)     SpreadsheetError(.message)
    CatalogNames(products={id: name}, templates={id: name})   link_to_catalog(show, catalog, choices) -> CatalogLinks
        ProductMismatch(sheet_id, sheet_name, catalog_name, name_match_id, ...) settled by LinkChoice
        UnknownProduct(sheet_id, sheet_name, segment_ids): an ID the catalog does not have (CatalogLinks.unknown)
    export_xlsx(show, path, translate=...)     export_html(show, translate=...) -> str     save_html(...)
        (the .xlsx imports back to the same show; `show.cue_text` writes and reads its cue lines)

Compliance (`show.compliance`)
    WordList.load(extra=None) -> WordList     check_show(show, words) -> [Finding]
    Finding(segment_id, field, start, end, word, written, group, rule, cue_id, broad).message -> Text

Checks (`show.validation`) — what the editor's Check column says
    show_problems(show, findings=(), catalog=None) -> [SegmentProblem]   segment_problems(seg, findings, catalog)
    SegmentProblem(kind: ProblemKind, segment_id, message: Text, cue_id).blocks_run

Live timeline (`show.timeline`, `show.timeline_types`, `show.timeline_snapshot`, `show.run_state`, `show.rehearsal`)
    TimelineEngine(show, clock, executor, state_path=None, run_id=None, warning=WarningRule(),
                   catch_up_s=10.0, tz=None, listeners=())
    TimelineEngine.resume(state_path, show, clock, executor, **same options)   (goes on with the show the run
        state holds; `show`, the file's, only for a run state of an older console)
        .start() .next() .previous() .skip(id) .unskip(id) .extend(seconds) -> float .end()
        await .step()  await .confirm(cue_id)  .dismiss(cue_id)  await .fire_manually(cue_id)  await .retry(cue_id)
        .snapshot() -> TimelineSnapshot    .happened (Event of TimelineEvent)    .run_state() -> dict
        .replace_show(show)   (edits while live)
    CueExecutor protocol: async execute(cue, *, action_key) -> CueOutcome(ok, reason)
    RehearsalClock(base_clock, speed=1..10, start_at=None)  .set_speed() .pause() .resume()

Running it in a console (`show.runner`, `show.cues`; these use the live room)
    ShowRunner(files, clock, room, actor, spawn, notices): .load(path)  await .open(path) (read off the thread)
        .start(rehearse, speed) .end()
        .resume_if_running()  await .resume() (its files read off the thread; .resuming, .resuming_changed)
        .next() .previous() .skip(id) .extend(s) .confirm/.fire/.retry/.dismiss(cue_id)
        events: .show_changed .snapshot(TimelineSnapshot | None) .happened(TimelineEvent) .anchor_message(text)
    RoomCueExecutor: a cue as a typed room command under the cue's action key   cue_command(cue)

Editing (`show.editing`)
    ShowDocument(show, path=None): .show .dirty .can_undo/.can_redo .undo() .redo() .seal() .mark_saved(path)
        .set_show_field(name, v) .add_segment() .insert_segment() .remove_segment(id) .duplicate_segment(id)
        .move_segment(id, index) .set_segment_field(id, name, v) .add_cue(seg_id, action, ...)
        .remove_cue(id) .update_cue(id, **changes) .move_cue(id, seg_id, index) .replace_show(show)
        .changed (Event of DocumentChange)

Every user-visible string is a `Text` (anchor_console.domain.text) for the ui to translate."""

from anchor_console.show.autosave import Recovery, ShowAutosave, pending_recoveries, recovery_for
from anchor_console.show.catalog_links import (
    CatalogLinks, CatalogNames, LinkChoice, ProductMismatch, UnknownProduct, link_to_catalog,
)
from anchor_console.show.compliance import CheckedField, Finding, WordList, check_show
from anchor_console.show.editing import ChangeKind, DocumentChange, ShowDocument, ShowEditError
from anchor_console.show.export import export_html, export_xlsx, save_html
from anchor_console.show.model import (
    AnchorMessage, AnnounceToRoom, Cue, CueMode, FeaturedProduct, IssueCoupon, Schedule, Segment,
    SetFollowersOnly, SetOnSale, SetRoomMute, SetShieldMode, SetSlowMode, Show, ShowProblem, StageProduct,
    StartFlashSale, StartMode, Trigger, TriggerKind,
)
from anchor_console.show.rehearsal import RehearsalClock
from anchor_console.show.sheet_columns import SheetField
from anchor_console.show.sheets import SpreadsheetError
from anchor_console.show.showfile import ShowFileError, ShowFileProblem, load_show, loads_show
from anchor_console.show.showfile_writer import dumps_show, save_show
from anchor_console.show.spreadsheet import ImportPreview, preview_import
from anchor_console.show.timeline import TimelineEngine
from anchor_console.show.validation import ProblemKind, SegmentProblem, segment_problems, show_problems
from anchor_console.show.timeline_snapshot import TimelineSnapshot
from anchor_console.show.timeline_types import (
    CueExecutor, CueOutcome, CueState, EventKind, RunPhase, RunStateError, SegmentState, TimelineError,
    TimelineEvent, TimingStatus, WarningRule,
)

__all__ = [
    "AnchorMessage", "AnnounceToRoom", "CatalogLinks", "CatalogNames", "ChangeKind", "CheckedField", "Cue", "CueExecutor", "CueMode",
    "CueOutcome", "CueState", "DocumentChange", "EventKind", "FeaturedProduct", "Finding", "ImportPreview",
    "IssueCoupon", "LinkChoice", "ProblemKind", "ProductMismatch", "Recovery", "RehearsalClock", "RunPhase", "RunStateError",
    "Schedule", "Segment", "SegmentProblem", "SegmentState", "SetFollowersOnly", "SetOnSale", "SetRoomMute", "SetShieldMode", "SetSlowMode",
    "SheetField", "Show", "ShowAutosave",
    "ShowDocument", "ShowEditError", "ShowFileError", "ShowFileProblem", "ShowProblem", "SpreadsheetError",
    "StageProduct", "StartFlashSale", "StartMode", "TimelineEngine", "TimelineError", "TimelineEvent",
    "TimelineSnapshot", "TimingStatus", "Trigger", "TriggerKind", "UnknownProduct", "WarningRule", "WordList",
    "check_show", "dumps_show", "export_html", "export_xlsx", "link_to_catalog", "load_show", "loads_show",
    "pending_recoveries", "preview_import", "recovery_for", "save_html", "save_show", "segment_problems", "show_problems",
]
