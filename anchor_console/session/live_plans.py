"""Live plans (直播预告) as the console sees them, with no Qt: each platform's planned rooms (title,
times, anchor, cover, subscribers) joined with what only this console keeps for a plan — the
products to list before going live and the run-of-show file — in a small local file keyed by
connection and room (`PlanExtras`, `PlanStore`).

`LivePlans` checks a plan against the target platform's rules before anything is sent
(`validate`: WeChat mini-program live's are stricter than Studio's), creates and edits plans
(uploading a cover image first), reads subscriber counts (`refresh`), and goes live from a plan in
one step the window confirms first (`go_live`): the plan's products are listed (those already on
the shelf are skipped), its show file is loaded into the runner and the room is started — each
through the typed commands and the action journal, so a retry never acts twice. A show file that
cannot be read stops it before anything is done. `changed` announces the plan list."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from anchor_console.domain import plan_rules
from anchor_console.domain.capabilities import Capability
from anchor_console.domain.events import Event
from anchor_console.domain.json_file import UnreadableJson, read_json_object
from anchor_console.domain.kept_files import move_aside
from anchor_console.domain.models import PlannedLive, RoomPlan, RoomStatus
from anchor_console.domain.notice import Level, Notice
from anchor_console.domain.text import QT_TRANSLATE_NOOP, joined, os_error_words, Text
from anchor_console.platforms.base import Platform
from anchor_console.platforms.errors import PlatformError
from anchor_console.platforms.wechat_live_rules import broken_plan_rules, plan_rule_words
from anchor_console.room.commands import AddToShelf, StartRoom
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.session.settings import save_settings
from anchor_console.domain.atomic_file import write_atomically
from anchor_console.show.model import Show
from anchor_console.show.showfile import ShowFileError, load_show

if TYPE_CHECKING:
    from anchor_console.session.console import ConsoleSession

log = logging.getLogger("anchor_console.session.live_plans")

WECHAT_KIND = "wechat_miniprogram"

WECHAT_RULE = QT_TRANSLATE_NOOP("LivePlans", "WeChat: {rule}.")
WECHAT_NEEDS_COVER = QT_TRANSLATE_NOOP("LivePlans", "WeChat: a cover image is required.")
WECHAT_NEEDS_ANCHOR = QT_TRANSLATE_NOOP(
    "LivePlans", "WeChat: the anchor's WeChat ID is required (it must be real-name verified).")
UNKNOWN_PRODUCT = QT_TRANSLATE_NOOP("LivePlans", "Product {id} is not in the catalog.")
SHOW_FILE_BROKEN = QT_TRANSLATE_NOOP("LivePlans", "The run-of-show file “{file}” cannot be used: {problem}")
NO_CONNECTION = QT_TRANSLATE_NOOP("LivePlans", "The connection this plan belongs to is not connected.")
NO_PLANS_HERE = QT_TRANSLATE_NOOP("LivePlans", "{platform} cannot plan lives from the console.")
SHOW_RUNNING = QT_TRANSLATE_NOOP("LivePlans", "End the running show before going live from a plan.")
IN_REHEARSAL = QT_TRANSLATE_NOOP("LivePlans", "Leave the rehearsal room before going live from a plan.")
NOT_PLANNED_YET = QT_TRANSLATE_NOOP("LivePlans", "This plan has no room on the platform yet.")
NOT_CONFIRMED = QT_TRANSLATE_NOOP("LivePlans", "The platform did not confirm it; see the journal.")
ROOM_NOT_REMEMBERED = QT_TRANSLATE_NOOP(
    "LivePlans", "The console follows the plan's room now, but the settings could not be saved ({why}): the next "
                 "start may follow the room from before.")
COVER_UNREADABLE = QT_TRANSLATE_NOOP("LivePlans", "The cover image cannot be read: {reason}")
CHANGED_ELSEWHERE = QT_TRANSLATE_NOOP(
    "LivePlans", "This plan was changed on another console or on the platform since you opened it; open it again "
                 "to see the change, then make yours.")
# What another console (or the platform's own page) may change of a plan: a form opened before must not undo it.
SHARED_FIELDS = ("title", "starts_at", "ends_at", "anchor_name", "description", "cover_image")


class PlanRejected(Exception):
    """The plan was not sent or the platform refused it; `problems` says why, in the operator's words."""

    def __init__(self, problems: list[Text]) -> None:
        super().__init__("; ".join(p.english() for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True, slots=True)
class PlanExtras:
    """What the console keeps for a plan beyond the platform's fields."""

    product_ids: tuple[str, ...] = ()
    show_file: str = ""


@dataclass(frozen=True, slots=True)
class LivePlan:
    """One plan in the console's list."""

    connection_id: str
    platform_name: str
    room_id: str
    plan: RoomPlan
    status: RoomStatus = RoomStatus.SCHEDULED
    subscribers: int | None = None      # None: the platform does not report reservations
    cover_url: str = ""
    extras: PlanExtras = field(default_factory=PlanExtras)
    reminders_sent: int | None = None   # subscribers the platform reminded when it went live

    @property
    def key(self) -> str:
        return f"{self.connection_id}:{self.room_id}"


@dataclass(frozen=True, slots=True)
class GoLiveSummary:
    """What going live from a plan did (and, when `started` is False, why not)."""

    plan: LivePlan
    listed: tuple[str, ...] = ()                     # products listed now
    already_listed: tuple[str, ...] = ()             # on the shelf before: skipped
    not_listed: tuple[tuple[str, Text], ...] = ()    # product id, why
    show_title: str = ""                             # the show loaded into the runner ("" none)
    started: bool = False
    problems: tuple[Text, ...] = ()                  # why it stopped, or why the room did not start
    reminded: int | None = None                      # subscribers the platform reminded (None: not reported)

    def describe(self) -> Text:
        parts = [QT_TRANSLATE_NOOP("LivePlans", "Listed {n} product(s); {skipped} already on the shelf.").fill(
            n=len(self.listed), skipped=len(self.already_listed))]
        not_listed = QT_TRANSLATE_NOOP("LivePlans", "Product {id} was not listed: {why}")
        parts += [not_listed.fill(id=pid, why=why) for pid, why in self.not_listed]
        if self.show_title:
            parts.append(QT_TRANSLATE_NOOP("LivePlans", "Loaded the show “{title}”.").fill(title=self.show_title))
        parts.append(QT_TRANSLATE_NOOP("LivePlans", "The room is live.") if self.started
                     else QT_TRANSLATE_NOOP("LivePlans", "The room was not started."))
        if self.reminded is not None:
            parts.append(QT_TRANSLATE_NOOP("LivePlans", "{n} subscriber(s) were reminded.").fill(n=self.reminded))
        parts += list(self.problems)
        return joined(parts, " ")


EXTRAS_NOT_SAVED = QT_TRANSLATE_NOOP(
    "LivePlans", "The live is planned, but its products and show file could not be written to {file} ({why}); "
                 "they are kept until the console closes and written with the next change.")


class PlanStore:
    """The console's extras of every plan, in one JSON file written atomically; an unreadable file
    is set aside (never overwritten) and the list starts empty."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.warning: Text | None = None
        self._extras: dict[str, PlanExtras] = {}
        try:
            raw = read_json_object(self.path) if self.path.exists() else {}
            for key, e in (raw.get("plans") or {}).items():
                self._extras[str(key)] = PlanExtras(tuple(str(p) for p in e.get("product_ids") or ()),
                                                    str(e.get("show_file") or ""))
        except (UnreadableJson, ValueError, AttributeError, TypeError) as exc:
            self._extras.clear()
            aside = move_aside(self.path)
            log.warning("live plans file unreadable (%r), kept as %s", exc.__cause__ or exc, aside)
            self.warning = QT_TRANSLATE_NOOP(
                "LivePlans",
                "The live plans file could not be read; it was kept as {path} and the products and show files of plans start empty.",  # noqa: E501
            ).fill(path=str(aside))

    def get(self, key: str) -> PlanExtras:
        return self._extras.get(key, PlanExtras())

    def put(self, key: str, extras: PlanExtras) -> Text | None:
        """Keep a plan's extras; why they could not be written to disk, if not (they are kept for
        this session all the same, and written with the next change)."""
        self._extras[key] = extras
        data = {"version": 1, "plans": {k: {"product_ids": list(e.product_ids), "show_file": e.show_file}
                                        for k, e in self._extras.items()}}
        try:
            write_atomically(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
        except OSError as exc:   # a full disk, a file held by a sync tool: the plan itself is made
            return EXTRAS_NOT_SAVED.fill(file=str(self.path), why=os_error_words(exc))
        return None


def plan_problems(plan: RoomPlan, now: float, *, wechat: bool) -> list[Text]:
    """Every rule the plan breaks (Studio's, domain/plan_rules.py; WeChat mini-program live's too
    where `wechat`)."""
    problems = [b.words for b in plan_rules.broken_rules(plan.title.strip(), plan.starts_at, plan.ends_at,
                                                         plan.anchor_name, plan.description, now)]
    if wechat:
        problems += [WECHAT_RULE.fill(rule=plan_rule_words(r)) for r in broken_plan_rules(plan, now)]
        if not plan.cover_image:
            problems.append(WECHAT_NEEDS_COVER)
        if not plan.anchor_account.strip():
            problems.append(WECHAT_NEEDS_ANCHOR)
    return problems


def read_show_file(path: str) -> tuple[Show | None, list[Text]]:
    """The run-of-show file's show, or why it cannot be used. Reads the file: in a worker thread
    (`asyncio.to_thread`), as a show on a network disk would freeze the window."""
    try:
        return load_show(Path(path)), []
    except ShowFileError as exc:
        return None, [SHOW_FILE_BROKEN.fill(file=Path(path).name, problem=p.describe()) for p in exc.problems[:5]]


class LivePlans:
    def __init__(self, session: ConsoleSession, path: Path) -> None:
        self.session = session
        self.store = PlanStore(path)
        self.plans: dict[str, LivePlan] = {}
        self.changed = Event("live_plans.changed")     # (tuple[LivePlan, ...]): the list, soonest first

    # ------------------------------------------------------------------ connections

    def _bindings(self) -> list[Binding]:
        """The live room's connections (not a rehearsal room's: plans are for real shows)."""
        room = self.session.rehearsal.live if self.session.rehearsal.active else self.session.room
        return list(room.bindings) if room is not None else []

    def platforms(self) -> list[Platform]:
        """Connected platforms that can plan lives (the ui offers plans only for these)."""
        return [b.platform for b in self._bindings() if b.platform.supports(Capability.LIVE_PLANS)]

    def platform(self, connection_id: str) -> Platform | None:
        return next((b.platform for b in self._bindings() if b.connection_id == connection_id), None)

    def _planning_platform(self, connection_id: str) -> Platform:
        platform = self.platform(connection_id)
        if platform is None:
            raise PlanRejected([NO_CONNECTION])
        if not platform.supports(Capability.LIVE_PLANS):
            raise PlanRejected([platform.unsupported_reason(Capability.LIVE_PLANS)
                                or NO_PLANS_HERE.fill(platform=platform.display_name)])
        return platform

    @staticmethod
    def is_wechat(platform: Platform) -> bool:
        return platform.kind == WECHAT_KIND or getattr(platform, "profile", "") == WECHAT_KIND

    # ------------------------------------------------------------------ checking and saving plans

    def validate(self, plan: RoomPlan, connection_id: str, *, product_ids: tuple[str, ...] = ()) -> list[Text]:
        """Everything wrong with the plan for that connection, before anything is sent — but its
        run-of-show file, which is read (`checked`, or `read_show_file` in a worker)."""
        platform = self.platform(connection_id)
        if platform is None:
            return [NO_CONNECTION]
        problems = plan_problems(plan, self.session.clock.now(), wechat=self.is_wechat(platform))
        catalog = self.session.catalog.products
        if catalog:
            problems += [UNKNOWN_PRODUCT.fill(id=pid) for pid in product_ids if pid not in catalog]
        return problems

    async def checked(self, plan: RoomPlan, connection_id: str, *, product_ids: tuple[str, ...] = (),
                      show_file: str = "") -> list[Text]:
        """`validate`, and the run-of-show file read and parsed off the loop's thread."""
        problems = self.validate(plan, connection_id, product_ids=product_ids)
        if show_file:
            problems += (await asyncio.to_thread(read_show_file, show_file))[1]
        return problems

    async def _upload_cover(self, platform: Platform, cover_file: str | None) -> str | None:
        if not cover_file:
            return None
        try:
            data = await asyncio.to_thread(Path(cover_file).read_bytes)   # (a large photo, a network disk)
        except OSError as exc:
            raise PlanRejected([COVER_UNREADABLE.fill(reason=os_error_words(exc))]) from None
        try:
            return await platform.upload_image(data, Path(cover_file).name, key=f"cover:{uuid.uuid4().hex}")
        except PlatformError as exc:
            raise PlanRejected([exc.message]) from None

    async def create(self, connection_id: str, plan: RoomPlan, *, cover_file: str | None = None,
                     product_ids: tuple[str, ...] = (), show_file: str = "", key: str | None = None) -> LivePlan:
        """Plan a live on that connection (the cover file uploaded first); PlanRejected says why not.
        `key`: the same key again (a retry after no answer) never plans a second live."""
        platform = self._planning_platform(connection_id)
        cover = await self._upload_cover(platform, cover_file)
        if cover is not None:
            plan = dataclasses.replace(plan, cover_image=cover, share_image=plan.share_image or cover,
                                       feeds_image=plan.feeds_image or cover)
        problems = await self.checked(plan, connection_id, product_ids=product_ids, show_file=show_file)
        if problems:
            raise PlanRejected(problems)
        try:
            room = await platform.schedule_room(plan, key=key or f"plan:{uuid.uuid4().hex}")
        except PlatformError as exc:
            raise PlanRejected([exc.message]) from None
        self._keep(f"{connection_id}:{room.id}", PlanExtras(tuple(product_ids), show_file))
        return await self._after_change(connection_id, room.id, plan)

    async def edit(self, live_plan: LivePlan, plan: RoomPlan, *, cover_file: str | None = None,
                   product_ids: tuple[str, ...] | None = None, show_file: str | None = None) -> LivePlan:
        """A changed plan (its room not started yet); None keeps the products or show file as they are."""
        platform = self._planning_platform(live_plan.connection_id)
        cover = await self._upload_cover(platform, cover_file)
        if cover is not None:
            plan = dataclasses.replace(plan, cover_image=cover, share_image=cover, feeds_image=cover)
        extras = PlanExtras(tuple(product_ids) if product_ids is not None else live_plan.extras.product_ids,
                            show_file if show_file is not None else live_plan.extras.show_file)
        problems = await self.checked(plan, live_plan.connection_id, product_ids=extras.product_ids,
                                      show_file=extras.show_file)
        if problems:
            raise PlanRejected(problems)
        await self._unchanged_since_opened(live_plan)
        try:
            await platform.edit_room(live_plan.room_id, plan, key=f"edit:{uuid.uuid4().hex}")
        except PlatformError as exc:
            raise PlanRejected([exc.message]) from None
        self._keep(live_plan.key, extras)
        return await self._after_change(live_plan.connection_id, live_plan.room_id, plan)

    def _keep(self, key: str, extras: PlanExtras) -> None:
        """The plan's products and show file kept; said if they could not be written to disk."""
        if (problem := self.store.put(key, extras)) is not None:
            self.session.notices.emit(Notice(problem, Level.WARNING))

    async def _unchanged_since_opened(self, live_plan: LivePlan) -> None:
        """The platform sets a plan whole: a form opened before another console's change would send
        that change back undone. Refused (PlanRejected) if the plan as the platform has it now differs
        from the one the form was opened with; the list is read again, so opening it again shows it."""
        try:
            await self.refresh()
        except PlatformError as exc:   # not readable now: the platform's own answer to the change decides
            log.info("plans not re-read before a change: %s", exc.detail)
        now = self.plans.get(live_plan.key)
        if now is not None and any(getattr(now.plan, f) != getattr(live_plan.plan, f) for f in SHARED_FIELDS):
            raise PlanRejected([CHANGED_ELSEWHERE])

    async def _after_change(self, connection_id: str, room_id: str, plan: RoomPlan) -> LivePlan:
        try:
            await self.refresh()
        except PlatformError as exc:   # saved on the platform; the list catches up on the next refresh
            log.info("plans not re-read after a change: %s", exc.detail)
        key = f"{connection_id}:{room_id}"
        platform = self.platform(connection_id)
        return self.plans.get(key) or LivePlan(connection_id, platform.display_name if platform else connection_id,
                                               room_id, plan, extras=self.store.get(key))

    # ------------------------------------------------------------------ reading the platforms

    async def refresh(self) -> tuple[LivePlan, ...]:
        """Every connected platform's plans with their subscriber counts (announced on `changed`).
        A platform that cannot be read keeps its plans from the last time; its error is raised
        after the others are read."""
        plans: dict[str, LivePlan] = {}
        failure: PlatformError | None = None
        for platform in self.platforms():
            try:
                found = await platform.list_plans()
            except PlatformError as exc:
                failure = failure or exc
                plans.update({k: p for k, p in self.plans.items() if p.connection_id == platform.connection_id})
                continue
            for planned in found:
                live_plan = self._from_platform(platform, planned)
                plans[live_plan.key] = live_plan
        self.plans = plans
        listing = self.listing()
        self.changed.emit(listing)
        if failure is not None:
            raise failure
        return listing

    def _from_platform(self, platform: Platform, planned: PlannedLive) -> LivePlan:
        key = f"{platform.connection_id}:{planned.room.id}"
        return LivePlan(platform.connection_id, platform.display_name, planned.room.id, planned.plan,
                        status=planned.room.status, subscribers=planned.subscribers, cover_url=planned.cover_url,
                        extras=self.store.get(key), reminders_sent=planned.reminders_sent)

    def listing(self) -> tuple[LivePlan, ...]:
        return tuple(sorted(self.plans.values(), key=lambda p: (p.plan.starts_at, p.key)))

    async def share_link(self, live_plan: LivePlan) -> str:
        """The room's link for the poster's QR code and "copy link" ("" where the platform has none)."""
        platform = self._planning_platform(live_plan.connection_id)
        try:
            link = await platform.share_link(live_plan.room_id)
        except PlatformError as exc:
            raise PlanRejected([exc.message]) from None
        return str(link.get("url") or link.get("page_path") or "")

    # ------------------------------------------------------------------ going live

    async def go_live(self, live_plan: LivePlan) -> GoLiveSummary:
        """List the plan's products, load its show and start its room (the ui confirms first)."""
        session = self.session
        show, broken = None, []
        if live_plan.extras.show_file:   # read first: what is checked after it is as it is then
            show, broken = await asyncio.to_thread(read_show_file, live_plan.extras.show_file)
        platform = self.platform(live_plan.connection_id)
        stop = [NO_CONNECTION] if platform is None else [NOT_PLANNED_YET] if not live_plan.room_id else []
        stop += [IN_REHEARSAL] if session.rehearsal.active else []
        stop += [SHOW_RUNNING] if session.show.running or session.show.resuming else []
        stop += broken
        if stop:
            return GoLiveSummary(live_plan, problems=tuple(stop))
        room, remembered = self._room_of(live_plan)
        listed, already, not_listed = await self._list_products(room, live_plan, platform)
        if show is not None:
            session.show.set_show(show, Path(live_plan.extras.show_file))
        outcome = await room.perform(StartRoom(), origin=f"plan:{live_plan.key}", connection_id=live_plan.connection_id,
                                     action_key=f"plan:{live_plan.key}:start")
        problems = () if outcome.ok else (tuple(reason for _platform, reason in outcome.reasons()) or (NOT_CONFIRMED,))
        problems += () if remembered is None else (remembered,)
        try:
            await self.refresh()
        except PlatformError as exc:
            log.info("plans not re-read after going live: %s", exc.detail)
        now = self.plans.get(live_plan.key)
        return GoLiveSummary(live_plan, tuple(listed), tuple(already), tuple(not_listed),
                             show.title if show is not None else "", outcome.ok, problems,
                             now.reminders_sent if now is not None else None)

    def _room_of(self, live_plan: LivePlan) -> tuple[LiveRoom, Text | None]:
        """The console's room for the plan: the one it follows if that is the plan's, else the same
        connections with the plan's connection on the plan's room, followed from now on — the room's
        other platforms too (a simulcast goes on) — and, for a configured connection, after a restart
        too. Why it will not be after a restart, if the settings could not be saved."""
        session = self.session
        current = session.room   # go_live found the plan's connection in it
        binding = current.binding(live_plan.connection_id)
        if binding.room_id == live_plan.room_id:
            return current, None
        # The same adapters, still open: only the plan's connection changes rooms.
        bindings = [Binding(b.platform, live_plan.room_id if b is binding else b.room_id) for b in current.bindings]
        room = LiveRoom("+".join(f"{b.connection_id}:{b.room_id}" for b in bindings), bindings,
                        session.journal, actor=session.operator, sleep=session.sleep)
        session.switch_room(room)
        conn = next((c for c in session.settings.connections if c.id == live_plan.connection_id), None)
        if conn is None:   # the bundled Studio: its demo room is chosen at each start
            return room, None
        conn.room_id = live_plan.room_id
        try:
            save_settings(session.settings, session.paths.settings_file)
        except OSError as exc:   # a full disk: the show goes on in the plan's room all the same
            log.warning("the plan's room not saved in the settings: %s", exc)
            return room, ROOM_NOT_REMEMBERED.fill(why=os_error_words(exc))
        return room, None

    async def _list_products(self, room: LiveRoom, live_plan: LivePlan, platform: Platform):
        listed: list[str] = []
        not_listed: list[tuple[str, Text]] = []
        wanted = list(dict.fromkeys(live_plan.extras.product_ids))
        if not wanted:
            return listed, [], not_listed
        try:
            on_shelf = {i.product_id for i in await platform.get_shelf(live_plan.room_id)}
        except PlatformError as exc:
            return listed, [], [(pid, exc.message) for pid in wanted]
        already = [pid for pid in wanted if pid in on_shelf]
        for pid in (p for p in wanted if p not in on_shelf):
            outcome = await room.perform(AddToShelf(pid), origin=f"plan:{live_plan.key}",
                                         connection_id=live_plan.connection_id,
                                         action_key=f"plan:{live_plan.key}:list:{pid}")
            if outcome.ok:
                listed.append(pid)
            else:
                reasons = [reason for _platform, reason in outcome.reasons()]
                not_listed.append((pid, reasons[0] if reasons else NOT_CONFIRMED))
        return listed, already, not_listed
