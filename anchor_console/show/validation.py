"""What is wrong with a show as prep staff wrote it, segment by segment: the editor's Check column,
its summary line, the warning after a save and the question before "Run this show" all read it
from here (the editor only shows it).

A segment is checked for advertising-law words (the compliance findings, passed in: the editor
keeps them cached as you type), a cue due after the segment's end (or "N before the end" of a
segment shorter than N), an empty title, a length of 0:00, a cue whose terms are not valid ("issue 0
coupons", no product chosen), and a product — featured, or acted on by a cue — that the room's
catalog does not have, or that is not linked to the catalog at all.

Each problem is typed (`ProblemKind`) and said in translatable words. `blocks_run`: the console
refuses to start the show live with it (`Show.problems()` says the same); the others are for a human
to look at — a draft may be saved with any of them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Iterable

from anchor_console.domain.clock import format_clock
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.show.catalog_links import CatalogNames
from anchor_console.show.compliance import Finding
from anchor_console.show.model import (
    Cue, Segment, SetOnSale, Show, StageProduct, StartFlashSale, StartMode, TriggerKind,
)

_PRODUCT_CUES = (StageProduct, SetOnSale, StartFlashSale)


class ProblemKind(enum.Enum):
    LISTED_WORDS = "listed_words"          # advertising-law words (or the staff's own) in what is said or shown
    CUE_AFTER_END = "cue_after_end"        # "25:00 after the start" in a 10:00 segment
    CUE_BEFORE_START = "cue_before_start"  # "5:00 before the end" in a 3:00 segment: it would fire at the start
    CUE_TERMS = "cue_terms"                # the cue itself is not valid (0 coupons, no product chosen…)
    EMPTY_TITLE = "empty_title"
    ZERO_LENGTH = "zero_length"
    UNKNOWN_PRODUCT = "unknown_product"    # an ID the room's catalog does not have
    UNLINKED_PRODUCT = "unlinked_product"  # no ID at all (a sheet's name not found in the catalog)
    NO_START_TIME = "no_start_time"        # a fixed-time segment with no time, or the show's start not set


BLOCKING = frozenset({ProblemKind.CUE_AFTER_END, ProblemKind.CUE_TERMS, ProblemKind.NO_START_TIME})


@dataclass(frozen=True, slots=True)
class SegmentProblem:
    """One thing to fix in a segment ("" for the show as a whole: a listed word in its title, no planned start)."""

    kind: ProblemKind
    segment_id: str
    message: Text
    cue_id: str = ""

    @property
    def blocks_run(self) -> bool:
        return self.kind in BLOCKING


def _cue_timing(seg: Segment, cue: Cue) -> SegmentProblem | None:
    trigger = cue.trigger
    if trigger.kind is TriggerKind.OFFSET and trigger.seconds > seg.duration_s:
        return SegmentProblem(ProblemKind.CUE_AFTER_END, seg.id, QT_TRANSLATE_NOOP(
            "Show", "Cue “{cue}” is due {time} after the start, past the segment's end at {length}").fill(
            cue=cue.action.describe(), time=format_clock(trigger.seconds), length=format_clock(seg.duration_s)),
            cue.id)
    if trigger.kind is TriggerKind.END and trigger.seconds > seg.duration_s:
        return SegmentProblem(ProblemKind.CUE_BEFORE_START, seg.id, QT_TRANSLATE_NOOP(
            "Show", "Cue “{cue}” is due {time} before the end of a segment only {length} long: it fires at the "
                    "start").fill(cue=cue.action.describe(), time=format_clock(trigger.seconds),
                                  length=format_clock(seg.duration_s)), cue.id)
    return None


def _product_problems(seg: Segment, catalog: CatalogNames | None) -> list[SegmentProblem]:
    """Products the catalog does not have (when there is a catalog to ask), each said once a
    segment, and products not linked to it at all."""
    out: list[SegmentProblem] = []
    said: set[str] = set()
    known = catalog.products if catalog is not None and catalog.products else None

    def unknown(product_id: str, cue_id: str = "") -> None:
        if known is not None and product_id and product_id not in known and product_id not in said:
            said.add(product_id)
            out.append(SegmentProblem(ProblemKind.UNKNOWN_PRODUCT, seg.id, QT_TRANSLATE_NOOP(
                "Show", "Product #{id} is not in the catalog").fill(id=product_id), cue_id))

    for p in seg.products:
        if not p.id:
            out.append(SegmentProblem(ProblemKind.UNLINKED_PRODUCT, seg.id, QT_TRANSLATE_NOOP(
                "Show", "Product “{name}” is not linked to the catalog").fill(name=p.name)))
        unknown(p.id)
    for cue in seg.cues:
        if isinstance(cue.action, _PRODUCT_CUES):
            unknown(cue.action.product_id, cue.id)
    return out


def segment_problems(seg: Segment, *, findings: Iterable[Finding] = (),
                     catalog: CatalogNames | None = None) -> list[SegmentProblem]:
    """Every problem of one segment, in the order the editor lists them. `findings`: the segment's
    compliance findings; `catalog`: what the room's catalog has (None or empty: not asked)."""
    out = [SegmentProblem(ProblemKind.LISTED_WORDS, seg.id, QT_TRANSLATE_NOOP("Show", "{field}: {problem}").fill(
        field=f.field.label, problem=f.message), f.cue_id) for f in findings]
    if not seg.title.strip():
        out.append(SegmentProblem(ProblemKind.EMPTY_TITLE, seg.id,
                                  QT_TRANSLATE_NOOP("Show", "The segment has no title")))
    if seg.duration_s <= 0:
        out.append(SegmentProblem(ProblemKind.ZERO_LENGTH, seg.id,
                                  QT_TRANSLATE_NOOP("Show", "The segment's length is 0:00")))
    for cue in seg.cues:
        timing = _cue_timing(seg, cue)
        if timing is not None:
            out.append(timing)
        out += [SegmentProblem(ProblemKind.CUE_TERMS, seg.id, QT_TRANSLATE_NOOP("Show", "Cue “{cue}”: {problem}").fill(
            cue=cue.action.describe(), problem=p), cue.id) for p in cue.action.problems()]
    return out + _product_problems(seg, catalog)


def show_problems(show: Show, *, findings: Iterable[Finding] = (),
                  catalog: CatalogNames | None = None) -> list[SegmentProblem]:
    """Every problem of the show in script order: listed words in its title and hard starts with no
    planned start first, then each segment's (a fixed-time segment with no time, `segment_problems`). `findings`: `check_show`'s for this show."""
    by_segment: dict[str, list[Finding]] = {}
    for f in findings:
        by_segment.setdefault(f.segment_id, []).append(f)
    out = [SegmentProblem(ProblemKind.LISTED_WORDS, "", QT_TRANSLATE_NOOP("Show", "{field}: {problem}").fill(
        field=f.field.label, problem=f.message)) for f in by_segment.get("", ())]
    if any(seg.is_hard for seg in show.segments) and show.start is None:
        out.append(SegmentProblem(ProblemKind.NO_START_TIME, "", QT_TRANSLATE_NOOP(
            "Show", "The show has hard starts but no planned start time")))
    for seg in show.segments:
        if seg.start_mode is StartMode.HARD and seg.hard_start is None:
            out.append(SegmentProblem(ProblemKind.NO_START_TIME, seg.id, QT_TRANSLATE_NOOP(
                "Show", "“{title}” has a hard start but no time").fill(title=seg.title)))
        out += segment_problems(seg, findings=by_segment.get(seg.id, ()), catalog=catalog)
    return out
