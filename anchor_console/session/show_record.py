"""The show recorder (no Qt): while a show runs (live or rehearsed) it writes the room's figures
once a second, every order, and what happened — stage changes, cues fired, skipped or failed,
segment starts and ends, moderation actions, coupons, flash sales, red packets and lucky bags —
to the show's record
(`show_record_file`), and keeps the live figures the data screen shows (`live_figures`).

It hears the room (`room.changed`: stats, orders, stage, coupons, flash sales), the show runner
(`happened`, `show_changed`) and the comment desk (its mod log and question board). The time axis
is the run's clock (a rehearsal's runs faster), in seconds since the show started.

Crash-safe: the record is committed once a second (at most the last second is lost); a restarted
console that resumes the run (same run id) appends to the same file. The `run()` task samples the
room each second for platforms that push no stats; tests call `tick()` instead of sleeping.

Use from the session (see the report of #15 for the lines)::

    recorder = ShowRecorder(paths.show_records, clock)
    recorder.follow(session)                  # the room, the runner and the desk
    tasks.spawn(recorder.run(), name="show-record", key="show-record")
    ...
    recorder.close()

Events: `started` (ShowRecordFile), `ended` (Path of the record: open the review), and
`live.second` on the `LiveFigures` object."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from pathlib import Path
from typing import Any, Callable

from anchor_console.domain.clock import Clock
from anchor_console.domain.events import Event, Subscription, unsubscribe_all
from anchor_console.domain.models import RoomEvent, RoomStats
from anchor_console.domain.text import text_to_dict
from anchor_console.room.live_room import LiveRoom
from anchor_console.room.room_state import Aspect
from anchor_console.session.live_figures import LiveFigures
from anchor_console.session.show_record_file import (
    FIGURES, FLASH, SALE, RecordedEvent, RecordedOrder, ShowRecordFile,
)
from anchor_console.show.showfile_writer import dumps_show
from anchor_console.show.timeline_types import EventKind, TimelineEvent

log = logging.getLogger("anchor_console.session.show_record")
QUESTIONS_KEPT = 30
RULE_MARK = ":"          # rule actors look like "list:diversion"; people's names do not
ACTED_KEPT = 200_000     # rule actions remembered for matching a reversal (older ones: looked up)


def figures_of(stats: RoomStats) -> tuple[int, ...]:
    return tuple(int(getattr(stats, f)) for f in FIGURES)


class ShowRecorder:
    def __init__(self, folder: Path, clock: Clock, *, console_id: str = "") -> None:
        self.folder = Path(folder)
        self.clock = clock
        self.console_id = console_id
        self.record: ShowRecordFile | None = None
        self.live = LiveFigures()
        self.started = Event("record.started")   # (ShowRecordFile)
        self.ended = Event("record.ended")       # (Path): the show ended; its review can open
        self.room: LiveRoom | None = None
        self.runner = None
        self.desk = None
        self._axis: Clock = clock
        self._t0 = 0.0
        self._run_id = ""
        self._pending: tuple[int, RoomStats] | None = None
        self._last_t = -1
        self._sales: dict[str, int] = {}
        self._flash: dict[str, int] = {}
        self._stage: str | None = None
        self._segment = ""
        self._questions_at = 0.0
        self._acted: dict[str, str] = {}   # comment id / "user:" + viewer id → the rule that acted on it
        self._unhear: list[Callable[[], None]] = []
        self._room_heard = Subscription()

    # ------------------------------------------------------------------ wiring

    def follow(self, session: Any) -> Callable[[], None]:
        """Hear a `ConsoleSession`'s room (whichever it switches to), show runner and comment desk."""
        self.attach(runner=session.show, desk=session.desk)
        self.set_room(session.room)
        undo = session.room_changed.connect(self.set_room)
        self._unhear.append(undo)
        return self.detach

    def attach(self, *, runner: Any, desk: Any = None) -> None:
        """Hear a show runner (`happened`, `show_changed`) and, optionally, a comment desk."""
        self.runner = runner
        self._unhear.append(runner.happened.connect(self._on_show_event))
        self._unhear.append(runner.show_changed.connect(self._maybe_resume))
        if desk is not None:
            self.attach_desk(desk)
        self._maybe_resume()

    def attach_desk(self, desk: Any) -> None:
        """Hear a comment desk: its mod log's actions, its question board at the end."""
        self.desk = desk
        self._unhear.append(desk.modlog.added.connect(self._on_moderation))

    def set_room(self, room: LiveRoom | None) -> None:
        self.room = room
        self._room_heard.follow(room.changed if room is not None else None, self._on_room_changed)
        if room is not None:
            self._stage = room.state.stage_product_id

    def detach(self) -> None:
        unsubscribe_all(self._unhear)
        self.set_room(None)

    # ------------------------------------------------------------------ a show's record

    @property
    def recording(self) -> bool:
        return self.record is not None

    def now_t(self) -> float:
        """Seconds since the show started, by the run's clock."""
        return self._axis.now() - self._t0

    def path_for(self, run_id: str, started_at: float) -> Path:
        existing = sorted(self.folder.glob(f"*-{run_id}.sqlite"))
        if existing:
            return existing[0]
        return self.folder / f"{time.strftime('%Y%m%d-%H%M%S', time.localtime(started_at))}-{run_id}.sqlite"

    def begin(self, *, run_id: str, started_at: float, axis: Clock, show=None, show_path: Path | None = None,
              rehearsal: bool = False) -> ShowRecordFile:
        """Start (or, for a run already recorded, go on with) the record of run `run_id`."""
        self.finish_quietly()
        self.folder.mkdir(parents=True, exist_ok=True)
        record = ShowRecordFile(self.path_for(run_id, started_at))
        self.record, self._axis, self._t0, self._run_id = record, axis, started_at, run_id
        self._last_t, self._pending = -1, None
        self._acted.clear()
        last = record.last_second()
        resumed = last is not None
        if resumed:
            self._last_t = last[0]
            self._sales = {k: v[-1][1] for k, v in record.counts(SALE).items()}
            self._flash = {k: v[-1][1] for k, v in record.counts(FLASH).items()}
        else:
            self._sales, self._flash = {}, {}
        if record.meta("started_at") is None:
            room = self.room
            lacking = sorted({f for b in room.bindings for f in FIGURES if f not in b.platform.figures}) if room else []
            record.set_meta(run_id=run_id, started_at=started_at, wall_started_at=self.clock.now(),
                            title=show.title if show is not None else "", rehearsal=rehearsal,
                            show_text=dumps_show(show) if show is not None else "",
                            show_path=str(show_path or ""), room_key=room.room_key if room else "",
                            platforms=[b.platform.display_name for b in room.bindings] if room else [],
                            figures_lacking=lacking, console_id=self.console_id, notes="",
                            baseline=list(figures_of(room.stats())) if room else [0] * len(FIGURES),
                            stage_at_start=self._stage or "", shelf_at_start=self._shelf())
        record.write_event(RecordedEvent(self.now_t(), "record_resumed" if resumed else "record_started"))
        record.commit()
        self.live.reset(self.record, stage=self._stage)
        self.started.emit(record)
        return record

    def _maybe_resume(self) -> None:
        """A run the runner resumed after a restart (or was running when we attached) goes on in its file."""
        runner = self.runner
        engine = getattr(runner, "engine", None)
        if engine is None or not runner.running or engine.started_at is None or engine.run_id == self._run_id:
            return
        self.begin(run_id=engine.run_id, started_at=engine.started_at, axis=engine.clock, show=runner.show,
                   show_path=runner.show_path, rehearsal=runner.rehearsing)

    def finish(self) -> Path | None:
        """The show ended: last second written, questions kept, file closed; `ended` is emitted."""
        record = self.record
        if record is None:
            return None
        self._flush(final=True)
        self._save_questions()
        record.set_meta(ended_at=self._axis.now(), length_s=self.now_t(), shelf_at_end=self._shelf())
        path = record.path
        record.close()
        self.record, self._run_id = None, ""
        self.ended.emit(path)
        return path

    def finish_quietly(self) -> None:
        if self.record is not None:
            self._flush(final=True)
            self._save_questions()
            self.record.close()
            self.record, self._run_id = None, ""

    def close(self) -> None:
        """The console closes: what is recorded is kept (a resumed run goes on in the same file)."""
        self.finish_quietly()
        self.detach()

    # ------------------------------------------------------------------ sampling

    def tick(self) -> None:
        """Once a second (the `run()` task; tests call it): sample the room, commit the last second."""
        if self.record is None:
            return
        if self.room is not None and self.room.state.loaded:
            self.sample(self.room.stats())
        else:
            self._flush()

    async def run(self, sleep=asyncio.sleep) -> None:
        while True:
            try:
                self.tick()
            except Exception:  # the record must never take the console down
                log.exception("recording a second failed")
            await sleep(1.0)

    def sample(self, stats: RoomStats) -> None:
        """The room's figures now: they become this second's row (the last sample of a second wins)."""
        if self.record is None:
            return
        t = int(self.now_t())
        if self._pending is not None and self._pending[0] != t:
            self._flush()
        self._pending = (t, stats)   # written (and committed) when the next second begins

    def _flush(self, final: bool = False) -> None:
        record = self.record
        if record is None:
            return
        if self._pending is not None:
            t, stats = self._pending
            self._pending = None
            if t >= self._last_t:
                figures = figures_of(stats)
                record.write_second(t, figures)
                self._write_counts(t, stats)
                self._last_t = t
                self.live.add_second(t, figures)
        now = self._axis.now()
        if now - self._questions_at >= 60 or final:
            self._questions_at = now
            self._save_questions()
        record.commit()

    def _write_counts(self, t: int, stats: RoomStats) -> None:
        for kind, seen, current in ((SALE, self._sales, stats.sales), (FLASH, self._flash, stats.flash_sale_sold)):
            changed = {k: v for k, v in current.items() if seen.get(k) != v}
            if changed:
                self.record.write_counts(t, kind, changed)
                seen.update(changed)

    def _shelf(self) -> list[dict]:
        """The primary shelf as the review needs it: names, stock and units sold."""
        room = self.room
        if room is None:
            return []
        return [{"id": it.product_id, "name": it.product.name, "stock": it.product.stock, "sold": it.sold,
                 "price_fen": it.product.price_fen} for it in room.state.shelf]

    def _save_questions(self) -> None:
        desk = self.desk
        if desk is None or self.record is None:
            return
        top = desk.questions.top(QUESTIONS_KEPT, include_answered=True)
        self.record.set_meta(questions=[{"text": g.text, "count": g.count, "answered": g.answered,
                                         "product_id": g.product_id or ""} for g in top])

    def _event(self, kind: str, **fields: Any) -> None:
        if self.record is None:
            return
        at = fields.pop("t", None)
        e = RecordedEvent(self.now_t() if at is None else at, kind, **fields)
        self.record.write_event(e)
        self.live.event(e)

    # ------------------------------------------------------------------ what it hears

    def _on_show_event(self, event: TimelineEvent) -> None:
        kind = event.kind
        if kind is EventKind.SHOW_STARTED:
            engine = self.runner.engine
            self.begin(run_id=engine.run_id, started_at=engine.started_at or event.at, axis=engine.clock,
                       show=self.runner.show, show_path=self.runner.show_path, rehearsal=self.runner.rehearsing)
        if self.record is None:
            return
        t = event.at - self._t0
        reason = text_to_dict(event.reason) if event.reason is not None else None   # translated when shown
        if kind is EventKind.SEGMENT_CHANGED:
            if event.previous_segment_id:
                self._event("segment_end", t=t, segment_id=event.previous_segment_id)
            if event.segment_id:
                self._segment = event.segment_id
                self._event("segment_start", t=t, segment_id=event.segment_id)
        elif kind.value.startswith("cue_"):
            self._event(kind.value, t=t, segment_id=event.segment_id, cue_id=event.cue_id,
                        detail={"reason": reason} if reason else None)
        elif kind in (EventKind.OVERRUN_STARTED, EventKind.HARD_START_REACHED, EventKind.SHOW_STARTED):
            self._event(kind.value, t=t, segment_id=event.segment_id)
        elif kind is EventKind.SHOW_ENDED:
            if self._segment:
                self._event("segment_end", t=t, segment_id=self._segment)
                self._segment = ""
            self._event("show_ended", t=t)
            self.finish()

    def _on_room_changed(self, connection_id: str, aspect: Aspect, event: RoomEvent | None) -> None:
        room = self.room
        if room is None or self.record is None:
            if room is not None:
                self._stage = room.state.stage_product_id
            return
        primary = connection_id == room.primary.connection_id
        if aspect is Aspect.STATS:   # any platform's: the series is the room's, over all of them
            self.sample(room.stats())
        elif aspect is Aspect.ORDER and event is not None:   # in the catalog's ids, like the series
            order = event.data["order"]
            self._on_order(dataclasses.replace(order, product_id=room.ours_for_product(connection_id,
                                                                                       order.product_id)))
        elif aspect in (Aspect.SHELF, Aspect.ROOM) and primary:
            stage = room.state.stage_product_id
            if stage != self._stage:
                self._event("stage", product_id=stage or "", detail={"previous": self._stage or ""})
                self._stage = stage
                self.live.set_stage(stage, self.now_t())
        elif aspect is Aspect.COUPONS and event is not None:
            c = event.data["coupon"]
            kind = "coupon_issued" if event.type == "coupon.issued" else "coupon_updated"
            self._event(kind, detail={"id": c.id, "name": c.name, "quantity": c.quantity, "claimed": c.claimed,
                                      "state": c.state.value, "connection": connection_id})
        elif aspect is Aspect.FLASH_SALES and event is not None:
            s = event.data["flash_sale"]
            self._on_flash_sale(s, connection_id)
        elif aspect is Aspect.GIVEAWAYS and event is not None:
            self._on_giveaway(event.data, connection_id)

    def _on_giveaway(self, data: dict, connection_id: str) -> None:
        """A red packet sent, claimed or ended; a lucky bag started, closed or drawn (entries are
        only counted: the bag's closing holds its entrants)."""
        if "red_packet" in data:
            p = data["red_packet"]
            self._event("red_packet", detail={
                "id": p.id, "state": p.state, "total_fen": p.spec.total_fen, "count": p.spec.count,
                "split": p.spec.split.value, "claimed_count": p.claimed_count, "claimed_fen": p.claimed_fen,
                "message": p.spec.message, "connection": connection_id})
        elif "lucky_bag" in data:
            b = data["lucky_bag"]
            self._event("lucky_bag", product_id=b.setup.prize_product_id, detail={
                "id": b.id, "state": b.state.value, "prize": b.setup.prize, "winners_wanted": b.setup.winners,
                "rule": b.setup.rule.value, "entrants": b.entrant_count,
                "winners": [{"user_id": w.user_id, "nickname": w.nickname} for w in b.winners],
                "connection": connection_id})

    def _on_flash_sale(self, s, connection_id: str) -> None:
        """Only the changes of state are events (a sale's every unit sold is in the series)."""
        key = (connection_id, s.id)
        last = self.live.flash_states.get(key)
        if last == s.state.value:
            return
        self.live.flash_states[key] = s.state.value
        self._event("flash_sale", product_id=s.product_id,
                    detail={"id": s.id, "state": s.state.value, "stock": s.stock, "sold": s.sold,
                            "reason": s.ended_reason, "sku_id": s.sku_id, "price_fen": s.sale_price_fen,
                            "connection": connection_id})

    def _on_order(self, order) -> None:
        o = RecordedOrder(order.id, self.now_t(), order.product_id, order.quantity, order.amount_fen,
                          order.viewer_id, order.coupon_claim_id is not None, order.flash_sale_id)
        self.record.write_order(o)
        self.live.order(o)

    def _on_moderation(self, entry) -> None:
        if self.record is None or entry.dry_run:
            return
        action = entry.action.name.lower()
        undoes = None
        if action == "show":    # an approval or an unmute reverses what a rule did: a false positive
            undoes = (self._acted.pop(entry.comment_id, None) or self._acted.pop("user:" + entry.user_id, None)
                      or self.record.rule_that_acted(entry.comment_id, entry.user_id, RULE_MARK))
        elif RULE_MARK in entry.actor:
            self._acted[entry.comment_id] = entry.actor
            if action in ("mute", "ban"):
                self._acted["user:" + entry.user_id] = entry.actor
            if len(self._acted) > ACTED_KEPT:
                del self._acted[next(iter(self._acted))]
        self.record.write_moderation(self.now_t(), entry.actor, action, entry.result, entry.comment_id,
                                     entry.user_id, undoes)


def record_summary(path: Path) -> dict:
    """What the list of past shows shows about one record (its meta, its last figures)."""
    record = ShowRecordFile(path, writable=False)
    try:
        meta = record.all_meta()
        last = record.last_second()
        meta["totals"] = dict(zip(FIGURES, last[1:])) if last else {}
        meta["length_s"] = record.length_s()   # as the review counts it, for a show that never ended too
        meta["path"] = str(path)
        return meta
    finally:
        record.close()


__all__ = ["ShowRecorder", "figures_of", "record_summary"]
