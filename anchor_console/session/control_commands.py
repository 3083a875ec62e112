"""What the local control API can ask the console to do, and the answers it gets (Qt-free).

Each named command (`COMMANDS`: "stage", "next-segment", "go", "issue-coupon", "flash-sale/fire",
…) becomes the console's own typed command or operation — through `Actions` (the buttons'
interlocks: one in flight per gate), the armed flash sale (`FlashSaleArming`: FIRE needs an armed
sale), the show runner and the giveaways desk — and answers with what came of it: confirmed,
failed or unknown (with the reason in English and as a translatable `Text`), done, or refused and
why.

Money commands (`MONEY`) obey the console's confirmation policy: when the settings ask for a
confirmation before money actions, a money command's first press is answered 428 and awaits a
second press (control_confirm: the same command again within a few seconds, or its `confirm_id`);
no box opens on the screen for an API press, and nothing in one request skips the second press
("confirm": true, which once did, is ignored). With the policy off, no confirmation is needed.

Double presses coalesce: an identical command (same name, same arguments) that arrives while
the first is in flight, or within `COALESCE_S` after it finished or after the last such repeat,
shares the first one's answer (a refusal is not kept: the next press is judged afresh) — a Stream
Deck key pressed 200 times in a second makes one journal entry and one platform call, however
long the presses take to arrive; the same command again needs a pause of `COALESCE_S`.

A money command may carry an Idempotency-Key (a script's name for the action): a request under a
key already used is that action — it joins it, or gets its answer — however late the retry comes
in this run of the console (the last `KEPT_KEYS` keys); the same key with other arguments is
refused. It is also the room's action key, as `api:<command>:<key>` (red packets and lucky bags
through the giveaways desk, coupons and FIRE through `Actions.launch`), so the journal keeps it
across a restart."""

from __future__ import annotations

import asyncio
import contextvars
import dataclasses
import json
import logging
import time
from typing import Any, Awaitable, Callable

from anchor_console.domain.events import Event
from anchor_console.domain.models import (
    ANNOUNCEMENT_COLORS, MAX_ANNOUNCEMENT, MAX_COUPON_QUANTITY, MAX_COUPON_VALID_MIN, MAX_FOLLOW_MIN,
    SLOW_MODE_RANGE_S, FlashSaleState, slow_mode_ok,
)
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, joined
from anchor_console.domain.models import FlashSaleSpec
from anchor_console.room.commands import (
    Announce, ClearStage, Command, DrawLuckyBag, IssueCoupon, LaunchFlashSale, PutOnStage, SendRedPacket,
    SetFollowersOnly, SetRoomMute, SetShieldMode, SetSlowMode, StartLuckyBag, StopFlashSale,
)
from anchor_console.room.journal import CONFIRMED, FAILED, SKIPPED, UNKNOWN, JournalUnwritable
from anchor_console.session.control_args import (
    ONE_OF, BadRequest, bool_arg, flash_sale_spec, int_arg, lucky_bag_setup, plain, red_packet_spec, str_arg,
)
from anchor_console.room.live_room import NOT_CONNECTED
from anchor_console.session.control_answers import (
    AWAITING, DONE, INVALID, REFUSED, Answer, from_outcome, refused,
)
from anchor_console.session.control_confirm import (
    AWAITING_CONFIRM, CONFIRM_EXPIRED, CONFIRM_UNKNOWN, GAP_S, WINDOW_S, Awaiting, Confirmations,
)
from anchor_console.session.flash_sale import NO_SALE_RUNNING
from anchor_console.show.timeline_types import CueState, RunPhase, TimelineError

log = logging.getLogger("anchor_console.session.control_commands")

COALESCE_S = {True: 2.0, False: 0.3}      # money commands / the others: how long a press is "the same press"
KEPT_KEYS = 1000                          # Idempotency-Keys remembered (this run of the console)
# The room's action key of the press running in this task (`api:<command>:<Idempotency-Key>`), for the
# commands whose path takes one (giveaways): under it the room joins or returns the same action.
ACTION_KEY: contextvars.ContextVar[str | None] = contextvars.ContextVar("control_action_key", default=None)
MONEY = frozenset({"issue-coupon", "flash-sale/fire", "red-packet", "lucky-bag/start"})

NOTHING_ARMED = QT_TRANSLATE_NOOP("ControlApi", "No flash sale is armed: arm one first, then FIRE.")
IN_FLIGHT = QT_TRANSLATE_NOOP("ControlApi", "The same kind of action is still in flight; press again when it is done.")
NO_SHOW = QT_TRANSLATE_NOOP("ControlApi", "No show is running.")
NOTHING_WAITING = QT_TRANSLATE_NOOP("ControlApi", "No cue is waiting for GO.")
GO_ASKED = QT_TRANSLATE_NOOP("ControlApi", "GO was asked of the seat that calls the show.")
STOOD_DOWN = QT_TRANSLATE_NOOP(
    "ControlApi", "The show's run on this seat ended before GO sent the cue (another seat calls the show), so "
                  "nothing was sent from here.")
NOT_SENT = {CueState.DISMISSED: QT_TRANSLATE_NOOP("ControlApi", "The cue was dismissed, so GO sent nothing."),
            CueState.MISSED: QT_TRANSLATE_NOOP("ControlApi", "The cue's segment was left before GO sent it, so "
                                                             "nothing was sent.")}
KEY_REUSED = QT_TRANSLATE_NOOP(
    "ControlApi", "This Idempotency-Key was used for another command or other arguments, so nothing was sent. Use a "
                  "new key for a new action.")


# ---------------------------------------------------------------------------------- the commands

Handler = Callable[["ControlCommands", dict], Awaitable[Answer]]
Check = Callable[["ControlCommands", dict], Any]
COMMANDS: dict[str, tuple[Handler, str]] = {}    # name -> (handler, what it does, for the API's description)
# name -> what a money command's first press judges before it awaits a second one: a refusal
# (an Answer) or BadRequest, so a press that could not be sent is not confirmed first
CHECKS: dict[str, Check] = {}
# name -> the action kind whose crew role the command needs (session.may), as the panel's button does
KINDS: dict[str, str] = {}


def command(name: str, summary: str, *, check: Check | None = None, kind: str | None = None):
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = (fn, summary)
        if check is not None:
            CHECKS[name] = check
        if kind is not None:
            KINDS[name] = kind
        return fn
    return register


class ControlCommands:
    """Runs the API's commands on one console session, with its interlocks and coalescing."""

    def __init__(self, session, *, now: Callable[[], float] = time.monotonic) -> None:
        self.session = session
        self._now = now
        self._recent: dict[tuple, tuple[asyncio.Task, float | None]] = {}   # key -> (answer, finished at)
        self.last: Answer | None = None
        # What a form on screen holds now, for a command sent without arguments ("issue-coupon",
        # "flash-sale/arm"): installed by the ui (the Promotions panel); None when it holds nothing.
        self.forms: dict[str, Callable[[], dict | None]] = {}
        self.answered = Event("control.answered")    # (Answer): every command's answer, for the state stream
        self.confirmations = Confirmations(lambda: self._now(), self._ran_out)   # tests set _now
        # Idempotency-Key -> (the press's identity, its answer): a script's retry is the same action
        self._idempotent: dict[str, tuple[tuple, asyncio.Task]] = {}

    @staticmethod
    def names() -> list[str]:
        return sorted(COMMANDS)

    async def run(self, name: str, body: dict | None = None, *, idempotency_key: str | None = None) -> Answer:
        """Run `name` with `body` (KeyError for an unknown command); bad arguments answer "invalid".
        `idempotency_key` (a money command's Idempotency-Key header): the same key is the same action."""
        handler, _ = COMMANDS[name]
        allowed, why = self.session.may(KINDS[name]) if name in KINDS else (True, None)
        if not allowed:   # the seat's crew role may not (its panel's button is off): nothing is journalled
            return self._answered(Answer(name, REFUSED, why, at=time.time(), http=403))
        pressed = self._arguments(name, body)
        if isinstance(pressed, Answer):
            return self._answered(pressed)
        body, key, named = pressed
        idem = idempotency_key if name in MONEY else None
        earlier = self._idempotent.get(idem) if idem is not None else None
        if earlier is not None:   # a retry (its answer lost on the way): the same action, never another
            if earlier[0] != key:
                return self._answered(Answer(name, INVALID, KEY_REUSED, at=time.time()))
            return dataclasses.replace(await asyncio.shield(earlier[1]), coalesced=True)
        self._forget_old()
        kept = self._recent.get(key)
        if kept is not None:
            if kept[1] is not None:   # each repeat keeps the window open: a key held or mashed fires once
                self._recent[key] = (kept[0], self._now())
            answer = await asyncio.shield(kept[0])
            return dataclasses.replace(answer, coalesced=True)
        if name in MONEY and self.session.settings.confirm_money_actions:
            first = self._first_press(name, key, body, named)
            if first is not None:
                return self._answered(first)
        # The press runs as the session's own task: a caller that hangs up does not cancel it.
        task = self.session.tasks.spawn(self._press(key, handler, body, idem), name=f"control:{name}")
        if task is None:   # closing
            return refused(name, NOT_CONNECTED)
        self._recent[key] = (task, None)
        if idem is not None:
            self._idempotent[idem] = (key, task)
            while len(self._idempotent) > KEPT_KEYS:
                self._idempotent.pop(next(iter(self._idempotent)))
        return await asyncio.shield(task)

    def _arguments(self, name: str, body: dict | None) -> tuple[dict, tuple, Awaiting | None] | Answer:
        """A press's arguments, its identity (for coalescing) and the first press a confirm_id names."""
        try:
            body = plain(dict(body or {}))
        except BadRequest as exc:
            return Answer(name, INVALID, exc.why, at=time.time())
        body.pop("confirm", None)   # it once skipped the confirmation; nothing in a request does now
        confirm_id = body.pop("confirm_id", None)
        if confirm_id is not None and name in MONEY and self.session.settings.confirm_money_actions:
            # the press a 428 named: its arguments, unless the request sends others
            named = self.confirmations.named(name, str(confirm_id), self._key(name, body) if body else None)
            if named is None:
                return refused(name, CONFIRM_UNKNOWN.fill(seconds=int(WINDOW_S)))
            return dict(named.body), named.key, named
        if not body and name in self.forms:
            body = self.forms[name]() or {}
        return body, self._key(name, body), None

    @staticmethod
    def _key(name: str, body: dict) -> tuple:
        return name, json.dumps(body, sort_keys=True, default=str)

    def _first_press(self, name: str, key: tuple, body: dict, named: Awaiting | None) -> Answer | None:
        """A money command while the console asks before money: None when this press is the
        confirming one (send it), else what to answer — why it could not be sent anyway, or that
        it awaits its second press."""
        if named is not None and not self.confirmations.waiting(named):   # used up or run out
            return refused(name, CONFIRM_UNKNOWN.fill(seconds=int(WINDOW_S)))
        if named is None:
            try:
                why = CHECKS[name](self, body) if name in CHECKS else None
            except BadRequest as exc:
                return Answer(name, INVALID, exc.why, at=time.time())
            if isinstance(why, Answer):
                return why
        return self.confirmations.press(name, key, body, by_id=named is not None, first_answer=self._awaiting)

    @staticmethod
    def _awaiting(name: str, confirm_id: str) -> Answer:
        return Answer(name, AWAITING, AWAITING_CONFIRM.fill(seconds=int(WINDOW_S), confirm_id=confirm_id),
                      result={"confirm_id": confirm_id, "confirm_within_s": WINDOW_S, "press_again_after_s": GAP_S},
                      at=time.time())

    def _ran_out(self, awaiting: Awaiting) -> None:
        """A money command's first press was not confirmed in time: said (the key's colour follows)."""
        self._answered(refused(awaiting.name, CONFIRM_EXPIRED.fill(seconds=int(WINDOW_S))))

    async def _press(self, key: tuple, handler: Handler, body: dict, idem: str | None = None) -> Answer:
        # the room's action key (this task's own context): a retry under the same key is that action
        ACTION_KEY.set(f"api:{key[0]}:{idem}" if idem is not None else None)
        try:
            answer = await handler(self, body)
        except BadRequest as exc:   # the arguments do not make a command: said, not coalesced
            self._forget(key, idem)
            return self._answered(Answer(key[0], INVALID, exc.why, at=time.time()))
        except BaseException:
            self._forget(key, idem)
            raise
        if answer.status == REFUSED:   # nothing happened: the next press is a press of its own
            self._forget(key, idem)
        else:
            self._recent[key] = (self._recent[key][0], self._now())
        return self._answered(answer)

    def _forget(self, key: tuple, idem: str | None) -> None:
        self._recent.pop(key, None)
        if idem is not None:
            self._idempotent.pop(idem, None)

    def _forget_old(self) -> None:
        now = self._now()
        for key, (_, finished) in list(self._recent.items()):
            if finished is not None and now - finished > COALESCE_S[key[0] in MONEY]:
                del self._recent[key]

    def record(self, answer: Answer) -> Answer:
        """An answer the HTTP layer gave an authorized request (no such command, a body too large or
        not JSON): the last action too, as every command's answer is, so a key's colour follows."""
        return self._answered(answer)

    def _answered(self, answer: Answer) -> Answer:
        self.last = answer
        self.answered.emit(answer)
        if answer.status != CONFIRMED and answer.reason is not None:
            log.info("control API %s: %s (%s)", answer.command, answer.status, answer.reason.english())
        return answer

    # ------------------------------------------------------------------ helpers

    @property
    def room(self):
        return self.session.room

    async def action(self, name: str, command: Command, *, gate: str | None = None,
                     connection_id: str | None = None) -> Answer:
        """One typed command through the buttons' interlocks; its outcome."""
        if self.room is None:
            return refused(name, NOT_CONNECTED)
        task = self.session.actions.launch(command, gate=gate, connection_id=connection_id, origin="api",
                                           confirmed=True, action_key=ACTION_KEY.get() if command.money else None)
        if task is None:
            return refused(name, IN_FLIGHT)
        try:
            return from_outcome(name, await asyncio.shield(task))
        except JournalUnwritable as exc:   # the window says it too (the session's notice)
            return refused(name, exc.message) if exc.nothing_sent else Answer(name, UNKNOWN, exc.message,
                                                                                at=time.time())

    def shelf(self) -> list:
        return list(self.room.state.shelf) if self.room is not None else []


# ---------------------------------------------------------------------------------- stage and room

@command("stage", "Put a product on stage (讲解): {\"n\": 1-based shelf position} or {\"product_id\": …}",
         kind=PutOnStage.kind)
async def _stage(c: ControlCommands, body: dict) -> Answer:
    if c.room is None:
        return refused("stage", NOT_CONNECTED)
    if "product_id" in body:
        product_id = str_arg(body, "product_id")
    else:
        n = int_arg(body, "n", low=1)
        shelf = c.shelf()
        if n > len(shelf):
            return refused("stage", QT_TRANSLATE_NOOP("ControlApi", "The shelf has {count} products; there is no "
                                                                    "product {n}.").fill(count=len(shelf), n=n))
        product_id = shelf[n - 1].product_id
    if c.room.state.shelf_item(product_id) is None:
        return refused("stage", QT_TRANSLATE_NOOP("ControlApi", "Product {id} is not on the shelf.").fill(id=product_id))
    return await c.action("stage", PutOnStage(product_id), gate=f"product:{product_id}")   # the shelf row's gate


@command("clear-stage", "End 讲解: nothing on stage", kind=ClearStage.kind)
async def _clear_stage(c: ControlCommands, body: dict) -> Answer:
    return await c.action("clear-stage", ClearStage(), gate="stage")


@command("room-mute", "Mute the whole room's comments, or let it comment again: {\"muted\": true|false}",
         kind=SetRoomMute.kind)
async def _room_mute(c: ControlCommands, body: dict) -> Answer:
    return await c.action("room-mute", SetRoomMute(bool_arg(body.get("muted", True))))


@command("slow-mode", "Slow mode: {\"seconds\": 0 (off) or 3-120 between a viewer's comments}", kind=SetSlowMode.kind)
async def _slow_mode(c: ControlCommands, body: dict) -> Answer:
    seconds = int_arg(body, "seconds", low=0)
    if not slow_mode_ok(seconds):
        raise BadRequest(QT_TRANSLATE_NOOP("ControlApi", "'seconds' must be 0 (off) or {low} to {high}").fill(
            low=SLOW_MODE_RANGE_S[0], high=SLOW_MODE_RANGE_S[1]))
    return await c.action("slow-mode", SetSlowMode(seconds))


@command("followers-only", "Followers-only chat: {\"minutes\": null or \"off\", 0 (any follower) or minutes followed}",
         kind=SetFollowersOnly.kind)
async def _followers_only(c: ControlCommands, body: dict) -> Answer:
    off = body.get("minutes") is None or str(body["minutes"]).strip().lower() in ("", "off", "null")
    minutes = None if off else int_arg(body, "minutes", low=0)
    if minutes is not None and minutes > MAX_FOLLOW_MIN:
        raise BadRequest(QT_TRANSLATE_NOOP("ControlApi", "'minutes' may be at most {most} ({days} days)").fill(
            most=MAX_FOLLOW_MIN, days=MAX_FOLLOW_MIN // 1440))
    return await c.action("followers-only", SetFollowersOnly(minutes))


@command("shield-mode", "Shield mode on or off: {\"active\": true|false}", kind=SetShieldMode.kind)
async def _shield_mode(c: ControlCommands, body: dict) -> Answer:
    return await c.action("shield-mode", SetShieldMode(bool_arg(body.get("active", True))))


@command("announce", f"A highlighted announcement: {{\"text\", \"color\": {'|'.join(ANNOUNCEMENT_COLORS)}}}",
         kind=Announce.kind)
async def _announce(c: ControlCommands, body: dict) -> Answer:
    text, color = str_arg(body, "text", longest=MAX_ANNOUNCEMENT), str(body.get("color") or "primary")
    if color not in ANNOUNCEMENT_COLORS:
        raise BadRequest(ONE_OF.fill(name="color", values=", ".join(ANNOUNCEMENT_COLORS)))
    problem = c.session.actions.listed_words_problem(text)
    if problem is not None:   # as the window holds them back; a button cannot be asked "send anyway?"
        return refused("announce", problem)
    return await c.action("announce", Announce(text, color))


# ---------------------------------------------------------------------------------- the show

def _segment_answer(c: ControlCommands, name: str, step: Callable[[], None]) -> Answer:
    show = c.session.show
    if show.engine is None or not show.running:
        return refused(name, NO_SHOW)
    try:
        step()
    except TimelineError as exc:
        return refused(name, exc.message)
    snap = show.engine.snapshot()
    show.snapshot.emit(snap)
    return Answer(name, DONE, result={"segment": snap.current.title if snap.current else None}, at=time.time())


@command("next-segment", "Move the running show to its next segment")
async def _next_segment(c: ControlCommands, body: dict) -> Answer:
    return _segment_answer(c, "next-segment", lambda: c.session.show.engine.next())


@command("previous-segment", "Move the running show back to its previous segment")
async def _previous_segment(c: ControlCommands, body: dict) -> Answer:
    return _segment_answer(c, "previous-segment", lambda: c.session.show.engine.previous())


@command("go", "GO: fire the oldest cue waiting for confirmation (on a seat following another's show: ask that "
                "seat)")
async def _go(c: ControlCommands, body: dict) -> Answer:
    show = c.session.show
    if show.engine is None or not show.running:
        return refused("go", NO_SHOW)
    awaiting = show.engine.snapshot().awaiting
    if not awaiting:
        return refused("go", NOTHING_WAITING)
    cue = awaiting[0]
    result = {"cue_id": cue.cue_id, "cue": cue.description.english()}
    follow = c.session.crew.show
    if follow.following:   # as the GO button: another seat calls the show, so GO asks that seat
        asked, why = await follow.request_go(cue.cue_id)
        return Answer("go", DONE, GO_ASKED, result={**result, "asked_caller": True}, at=time.time()) if asked \
            else refused("go", why or NO_SHOW)
    state, reason = await _pressed_go(show, cue.cue_id)
    if state is None:
        return refused("go", STOOD_DOWN)
    status = {CueState.SUCCEEDED: DONE, CueState.FAILED: FAILED, CueState.UNKNOWN: UNKNOWN}.get(state)
    return Answer("go", status or REFUSED, reason if status else NOT_SENT.get(state), result=result, at=time.time())


async def _pressed_go(show, cue_id: str) -> tuple[CueState | None, Text | None]:
    """GO through the show runner, as the button presses it — it waits for this seat's claim of
    the show call, sends nothing once the run stood down, and a press while one is out joins it —
    then the cue's state once it settles (its reason), or None when the run ended first."""
    engine = show.engine
    settled = asyncio.get_running_loop().create_future()

    def look(snapshot=None) -> None:
        if settled.done():
            return
        if show.engine is not engine or engine.phase is not RunPhase.LIVE:
            settled.set_result((None, None))
            return
        # The runner's emission carries the engine's snapshot: built once, not again per GO waiting.
        view = next((v for v in (snapshot or engine.snapshot()).cues if v.cue_id == cue_id), None)
        if view is not None and view.state not in (CueState.AWAITING, CueState.FIRING, CueState.PENDING):
            settled.set_result((view.state, view.reason))

    unfollow = show.snapshot.connect(look)   # the runner says every step of it
    try:
        show.confirm(cue_id)
        return await settled
    finally:
        unfollow()


# ---------------------------------------------------------------------------------- money and promotions

def _coupon_of(c: ControlCommands, body: dict) -> IssueCoupon | Answer:
    coupon = IssueCoupon(str_arg(body, "template_id"), int_arg(body, "quantity", low=1, high=MAX_COUPON_QUANTITY),
                         int_arg(body, "valid_minutes", 30, low=1, high=MAX_COUPON_VALID_MIN))
    if c.room is None:
        return refused("issue-coupon", NOT_CONNECTED)
    templates = c.session.catalog.templates   # empty until the catalog loads: then the platform judges
    if templates and coupon.template_id not in templates:
        # The panel only offers the room's templates; a key could send a name or a stale id, and
        # the platform's refusal of it would read "may or may not have been applied".
        return refused("issue-coupon", QT_TRANSLATE_NOOP(
            "ControlApi", "There is no coupon template {id}; the templates are {ids}.").fill(
            id=coupon.template_id, ids=", ".join(f"{t.id} ({t.name})" for t in templates.values())))
    return coupon


@command("issue-coupon", "Issue coupons (money): {\"template_id\", \"quantity\", \"valid_minutes\"}; without "
                        "them, what the Promotions panel's coupon form holds", check=_coupon_of,
         kind=IssueCoupon.kind)
async def _issue_coupon(c: ControlCommands, body: dict) -> Answer:
    coupon = _coupon_of(c, body)
    if isinstance(coupon, Answer):
        return coupon
    return await c.action("issue-coupon", coupon)   # the Promotions panel's gate: one issue in flight


@command("flash-sale/arm", "Arm a flash sale: {\"product_id\", \"sku_id\", \"sale_price_fen\", \"stock\", "
                           "\"per_buyer_limit\", \"countdown_s\", \"duration_s\"}; without them, what the "
                           "Promotions panel's flash-sale form holds",
         kind=LaunchFlashSale.kind)   # the panel's ARM is gated as FIRE
async def _arm(c: ControlCommands, body: dict) -> Answer:
    spec = flash_sale_spec(body)   # the body is judged before anything of the session is reached
    problems = c.session.flash_sale.arm(spec)
    if problems:
        return refused("flash-sale/arm", problems[0] if len(problems) == 1 else joined(problems, " "))
    return Answer("flash-sale/arm", DONE, result={"armed": dataclasses.asdict(c.session.flash_sale.armed)},
                  at=time.time())


def _armed_of(c: ControlCommands, body: dict) -> FlashSaleSpec | Answer:
    armed = c.session.flash_sale.armed
    return refused("flash-sale/fire", NOTHING_ARMED) if armed is None else armed


@command("flash-sale/fire", "FIRE the armed flash sale (money; refused when nothing is armed)", check=_armed_of,
         kind=LaunchFlashSale.kind)
async def _fire(c: ControlCommands, body: dict) -> Answer:
    armed = _armed_of(c, body)
    if isinstance(armed, Answer):
        return armed
    return await c.action("flash-sale/fire", LaunchFlashSale(armed), gate=LaunchFlashSale.kind)


@command("flash-sale/disarm", "Disarm the armed flash sale")
async def _disarm(c: ControlCommands, body: dict) -> Answer:
    c.session.flash_sale.disarm()
    return Answer("flash-sale/disarm", DONE, at=time.time())


@command("flash-sale/stop", "Stop a running flash sale: {\"sale_id\"} or the one running", kind=StopFlashSale.kind)
async def _stop_sale(c: ControlCommands, body: dict) -> Answer:
    if c.room is None:
        return refused("flash-sale/stop", NOT_CONNECTED)
    wanted = str(body["sale_id"]) if body.get("sale_id") else None
    for connection_id, state in c.room.states.items():
        for sale in state.flash_sales.values():
            if (sale.id == wanted if wanted else sale.state in (FlashSaleState.COUNTDOWN, FlashSaleState.LIVE)):
                return await c.action("flash-sale/stop", StopFlashSale(sale.id), gate=f"stop-sale:{sale.id}",
                                      connection_id=connection_id)
    return refused("flash-sale/stop", NO_SALE_RUNNING)


# ---------------------------------------------------------------------------------- giveaways

def _giveaway_answer(name: str, result) -> Answer:
    if result.outcome is not None:
        answer = from_outcome(name, result.outcome)
    else:
        answer = Answer(name, DONE if result.ok else REFUSED, result.reason, at=time.time())
    if result.bag is not None:
        answer = dataclasses.replace(answer, result={**answer.result, "bag": result.bag.local_id})
    return answer


def _giveaway_of(name: str, read: Callable[[dict], Any]) -> Callable[[ControlCommands, dict], Any]:
    """A giveaway command's check: its body read (BadRequest where it makes none), or the refusal
    when there is no room to give it in."""
    def check(c: ControlCommands, body: dict):
        what = read(body)
        return refused(name, NOT_CONNECTED) if c.room is None else what
    return check


_bag_of = _giveaway_of("lucky-bag/start", lucky_bag_setup)
_packet_of = _giveaway_of("red-packet", red_packet_spec)


@command("lucky-bag/start", "Open a lucky bag (money): {\"prize\", \"winners\", \"rule\", \"keyword\", "
                            "\"countdown_s\"}", check=_bag_of,
         kind=StartLuckyBag.kind)
async def _lucky_bag_start(c: ControlCommands, body: dict) -> Answer:
    return await _give("lucky-bag/start", _bag_of(c, body), c.session.giveaways.start_lucky_bag)


async def _give(name: str, what, send) -> Answer:
    """A giveaway read from the body (or the refusal instead), sent under the request's action key."""
    if isinstance(what, Answer):
        return what
    return _giveaway_answer(name, await send(what, origin="api", action_key=ACTION_KEY.get()))


@command("lucky-bag/draw", "Draw an open lucky bag now: {\"bag\": its id} or the one open", kind=DrawLuckyBag.kind)
async def _lucky_bag_draw(c: ControlCommands, body: dict) -> Answer:
    bags = c.session.giveaways.open_bags()
    wanted = str(body.get("bag") or "")
    bag = next((b for b in bags if wanted in (b.local_id, b.bag_id)), None) if wanted else \
        (bags[0] if len(bags) == 1 else None)
    if bag is None and wanted and bags:   # a key set up for an earlier bag: say which are open now
        return refused("lucky-bag/draw", QT_TRANSLATE_NOOP(
            "ControlApi", "Lucky bag {bag} is not open; the open ones are {open}.").fill(
            bag=wanted, open=", ".join(f"{b.local_id} ({b.setup.prize})" for b in bags)))
    if bag is None:
        return refused("lucky-bag/draw", QT_TRANSLATE_NOOP(
            "ControlApi", "Say which lucky bag to draw ({count} open).").fill(count=len(bags)) if len(bags) > 1
            else QT_TRANSLATE_NOOP("ControlApi", "No lucky bag is open."))
    try:
        drawn = await c.session.giveaways.draw(bag.local_id)
    except Exception as exc:   # a PlatformError: the desk tries again on its next tick
        reason = getattr(exc, "message", None)
        return Answer("lucky-bag/draw", UNKNOWN, reason if isinstance(reason, Text) else None, at=time.time())
    return Answer("lucky-bag/draw", DONE, result={"bag": drawn.local_id, "winners": len(drawn.winners),
                                                  "verified": drawn.verified}, at=time.time())


@command("red-packet", "Send a red packet (money): {\"total_fen\", \"count\", \"split\", \"claim_window_s\", "
                       "\"message\"}", check=_packet_of,
         kind=SendRedPacket.kind)
async def _red_packet(c: ControlCommands, body: dict) -> Answer:
    return await _give("red-packet", _packet_of(c, body), c.session.giveaways.send_red_packet)


__all__ = ["AWAITING", "Answer", "BadRequest", "COMMANDS", "ControlCommands", "MONEY", "SKIPPED"]
