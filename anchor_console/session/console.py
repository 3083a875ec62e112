"""A running console without its window: the services a show needs, started and stopped in order.

`ConsoleSession` owns the owned tasks, the token store, the action journal, the HTTP client, the
bundled Studio (when no connection is configured), the live room, the catalog, the operator's
actions, the comment desk, the giveaways desk (lucky bags, red packets), the show runner, the
local control API (`control_api`: off unless the settings turn it on) and, on a Studio room, this
console's seat among the crew's (`crew`: presence, shared log, moderation lease, show-caller
follow; `may` says what the seat's role may do).
It runs on asyncio and announces what happens as
events (`room_changed`, `status`, `notices`); the window subscribes and sends commands, and a
headless rehearsal or a test drives the very same object.

Construction opens the journal (the window shows it at once); start-up: HTTP client → comment
desk → connect (bundled Studio or the configured
connections, each built by its kind: `platform_kinds`) → follow the room; the platforms'
daily allowances are watched (`quota_watch`). Shutdown, the reverse, every step bounded: owned tasks (room
streams, desk, show ticks, actions; the control API first, stopped gracefully) → comment store → Studio → HTTP client → journal."""

from __future__ import annotations

import asyncio
import getpass
import inspect
import logging
from typing import Callable

import httpx

from anchor_console.domain.clock import Clock, SystemClock
from anchor_console.domain.events import Event, Subscription
from anchor_console.domain.notice import Level, Notice
from anchor_console.domain.text import QT_TRANSLATE_NOOP, os_error_words, Text, TextError
from anchor_console.moderation.desk import CommentDesk, RulesMode
from anchor_console.platforms.errors import PlatformError
from anchor_console.platforms.studio import StudioPlatform
from anchor_console.platforms.transport import Endpoint, Sleep
from anchor_console.room.live_room import Binding, LiveRoom
from anchor_console.room.room_state import Aspect
from anchor_console.session.actions import Actions
from anchor_console.session.bundled_studio import StudioInfo, StudioProcess, StudioStartError
from anchor_console.session.catalog import Catalog
from anchor_console.session.connect_state import CONNECTING, NO_USABLE_CONNECTION, RECONNECT, ConnectState, Phase
from anchor_console.session.control_api import ControlApi
from anchor_console.session.damaged_files import open_giveaway_store, open_journal
from anchor_console.session.flash_sale import FlashSaleArming
from anchor_console.session.live_plans import LivePlans
from anchor_console.session.giveaways import Giveaways
from anchor_console.session.paths import Paths
from anchor_console.session.platform_clock import PlatformClock
from anchor_console.session.platform_links import LinksFile, PlatformLinks
from anchor_console.session.platform_kinds import (
    KINDS, WECHAT_APPID, BuildContext, all_credential_keys, build_platform, credential_key, kind_of,
    missing_credential, same_room_as, shelf_first,
)
from anchor_console.session.quota_watch import QuotaWatch
from anchor_console.session.rehearsal_room import RehearsalRoom
from anchor_console.session.seats import CrewSeats
from anchor_console.session.show_record import ShowRecorder
from anchor_console.session.settings import ConnectionSettings, Settings, save_settings
from anchor_console.session.staff_words import StaffWords
from anchor_console.session.chat_relay import ChatRelayWatch
from anchor_console.session.stream_video import StreamVideo
from anchor_console.session.tasks import Tasks
from anchor_console.session.tokens import KEYRING_WAIT, TokenStore, said_if_slow
from anchor_console.session.unsaved_secrets import UnsavedSecrets
from anchor_console.show.runner import RunFiles, ShowRunner

def rules_mode_of(settings: Settings) -> RulesMode:
    try:
        return RulesMode(settings.rules_mode)
    except ValueError:
        return RulesMode.ACT


log = logging.getLogger("anchor_console.session")
BUNDLED_ID = "bundled-studio"
NO_KEYRING = QT_TRANSLATE_NOOP(
    "Console", "No system keyring is available, so access tokens will not be remembered after you close the console. "
               "Install and unlock a keyring (GNOME Keyring, KWallet, macOS Keychain or Windows Credential Manager) to "
               "keep them.")
NO_KEYRING_SIGN_IN = QT_TRANSLATE_NOOP(
    "Console", "No system keyring is available, so sign-ins (YouTube, Twitch, TikTok Shop) will not be remembered "
               "after you close the console: sign in again next time. Install and unlock a keyring (GNOME Keyring, "
               "KWallet, macOS Keychain or Windows Credential Manager) to keep them.")
NO_KEYRING_WECHAT = QT_TRANSLATE_NOOP(
    "Console", "No system keyring is available, so access tokens and WeChat AppSecrets will not be remembered after "
               "you close the console: enter the AppSecrets again next time. Install and unlock a keyring (GNOME "
               "Keyring, KWallet, macOS Keychain or Windows Credential Manager) to keep them.")

KEYRING_LOCKED = QT_TRANSLATE_NOOP(
    "Console", "The saved secret of “{name}” could not be read: the system keyring may be locked. Unlock it, then "
               "press Reconnect.")
KEYRING_GONE = QT_TRANSLATE_NOOP(
    "Console", "The saved secret of “{name}” could not be read: the system keyring is not answering. Enter it "
               "again in Connections to connect until the console closes.")


def _start_failure(exc: Exception) -> Text | str:
    """Why the bundled Studio did not start: its words for the user, or the system's."""
    return exc.message if isinstance(exc, StudioStartError) else str(exc)


def _failure_words(exc: Exception) -> Text:
    """Why connecting failed, for the header: the error's words, else the system's, else its name."""
    if isinstance(exc, TextError):
        return exc.message
    return Text("", "{why}", {"why": os_error_words(exc)})


OPEN_ELSEWHERE_S = 24 * 3600   # money actions of another room left open this recently are said at connect


class ConsoleSession:
    def __init__(self, settings: Settings, paths: Paths, *, clock: Clock | None = None,
                 tokens: TokenStore | None = None, settings_warning: Text | None = None,
                 studio_display_name: str = "Studio (demo)",
                 http_transport: httpx.AsyncBaseTransport | None = None, sleep: Sleep = asyncio.sleep) -> None:
        self.settings = settings
        self.paths = paths
        self.clock = clock or SystemClock()
        # Words in the operator's language where the session speaks for itself (the control API's
        # answers and a Stream Deck's GO key): the ui's translation once it is up, English without one.
        self.translate: Callable[[Text], str] = Text.english
        # Every wait of the session and its engines (retries, ticks, heartbeats): tests pass a sleep
        # of their own, so a back-off of seconds takes none. The platforms' adapters get it too (BuildContext).
        self.sleep = sleep
        self.tokens = tokens or TokenStore()
        self.tokens.unavailable.connect(self._keyring_lost)
        self.unsaved_secrets = UnsavedSecrets(self)   # secrets the keyring refused: said, and tried again
        self.settings_warning = settings_warning
        self.studio_display_name = studio_display_name
        self.tasks = Tasks()
        paths.create()
        self.journal, journal_kept = open_journal(paths.journal_file, self.clock, console_id=settings.console_id)
        self.http: httpx.AsyncClient | None = None
        self._http_transport = http_transport    # tests: WeChat's documented answers (httpx.MockTransport)
        self._quota_books: dict = {}             # per connection, kept across reconnects
        self._ledgers: dict = {}                 # per connection, WeChat's notes of creates sent: likewise
        self.studio: StudioProcess | None = None
        self.studio_info: StudioInfo | None = None
        self.room: LiveRoom | None = None
        self.catalog = Catalog()
        self.room_changed = Event("session.room_changed")   # (LiveRoom | None)
        # Where connecting stands while there is no room (the header's line): (ConnectState)
        self.connect_state: ConnectState = CONNECTING
        self.connect_state_changed = Event("session.connect_state_changed")
        self.status = Event("session.status")               # (Text, milliseconds; 0 = until replaced)
        self.notices = Event("session.notices")             # (Notice)
        self.resolved = Event("session.resolved")           # (key prefix): those notices' problems are over
        self.staff_words = StaffWords(paths.show_words_file)
        self.actions = Actions(self.tasks, lambda: self.room, confirm_money=lambda: self.settings.confirm_money_actions,
                               notices=self.notices, staff_words=self.staff_words, clock=self.clock)
        self.flash_sale = FlashSaleArming(self.actions, lambda: self.room)
        self.rehearsal = RehearsalRoom(self)
        self.live_plans = LivePlans(self, paths.live_plans_file)   # 直播预告: plans, subscribers, go live
        self.desk = CommentDesk(clock=self.clock, sessions_dir=paths.sessions, word_lists_file=paths.word_lists_file,
                                spawn=self.tasks.spawn, actor=lambda: self.operator, sleep=sleep,
                                trusted_file=paths.trusted_viewers_file)
        self.desk.trusted.save_failed.connect(lambda why: self.notify(why, Level.WARNING, key="save:trusted"))
        self.desk.rules_mode = rules_mode_of(settings)
        giveaway_store, giveaways_kept = open_giveaway_store(paths.giveaways_file)
        self.damaged_files = [kept for kept in (journal_kept, giveaways_kept) if kept is not None]   # said at start
        self.platform_clock = PlatformClock(self.clock, lambda: self.room)   # times left, as the platform counts
        self.giveaways = Giveaways(giveaway_store, self.clock, lambda: self.room,
                                   actor=lambda: self.operator, exempt_keywords=self.desk.exempt_entry_keywords,
                                   notices=self.notices, sleep=sleep, crew=lambda: self.crew,
                                   times=self.platform_clock)
        self.show = ShowRunner(files=RunFiles(paths.live_run_file, paths.live_run_meta_file, paths.rehearsal_run_file),
                               clock=self.clock, room=lambda: self.room, actor=lambda: self.operator,
                               spawn=self.tasks.spawn, notices=self.notices,
                               start_lucky_bag=self.giveaways.start_lucky_bag, sleep=sleep)
        # Seats in sync: presence, the shared log, the moderation lease, show-caller follow (seats.py).
        self.crew = CrewSeats(journal=self.journal, clock=self.clock, seat_id=settings.console_id,
                              spawn=self.tasks.spawn, cancel=self.tasks.cancel, sleep=sleep, notices=self.notices,
                              times=self.platform_clock)
        self.crew.moderation.attach_desk(self.desk)
        self.crew.show.attach_runner(self.show)
        self.crew.show.followers_go = settings.followers_go
        self.staff_name: str | None = None
        self._closing = False
        self._resumed_show = False
        self._room_heard = Subscription()
        self.platform_links = PlatformLinks(LinksFile(paths.platform_links_file), self.notices, self.resolved)
        self.quota = QuotaWatch(self.clock, self.notices.emit, self.resolved.emit, sleep=sleep)
        self.video = StreamVideo(self.notices, self.resolved)   # the room's video on the platform (Tencent Cloud Live)
        self.relay = ChatRelayWatch(self.notices)   # changes viewers' chat service (Tencent Cloud IM) did not carry out
        self.recorder = ShowRecorder(paths.show_records, self.clock, console_id=settings.console_id)
        self.recorder.follow(self)   # each show's figures, second by second, for the data screen and the review
        self.tasks.failed.connect(lambda _name, exc: self.report_unexpected(exc))
        self.journal.trouble.connect(self._journal_trouble)
        self.control_api = ControlApi(self)   # off unless the settings turn it on (Settings → Control API)

    @property
    def on_bundled_studio(self) -> bool:
        """The room is on the Studio this console started, which stops when the console quits."""
        return self.room is not None and any(b.connection_id == BUNDLED_ID for b in self.room.bindings)

    def seats_on_bundled_studio(self) -> list:
        """The other crew seats on the bundled Studio's room (SeatInfo): they lose it when this console quits."""
        on_it = self.room is not None and self.room.primary.connection_id == BUNDLED_ID
        return self.crew.seats_elsewhere() if on_it else []

    @property
    def operator(self) -> str:
        """Who acts, in the journal: the name set in the settings, else the staff member the
        platform's token belongs to, else the computer's user."""
        if self.settings.operator_name:
            return self.settings.operator_name
        if self.staff_name:
            return self.staff_name
        try:
            return getpass.getuser()
        except Exception:  # no user name on some sandboxes
            return "operator"

    def notify(self, text: Text, level: Level = Level.ERROR, timeout_ms: int = 0, key: str | None = None) -> None:
        self.notices.emit(Notice(text, level, timeout_ms, key=key))

    def _comment_store_trouble(self, text: Text | None) -> None:
        if text is not None:
            self.notify(text, Level.WARNING, key="comment-store")
        else:
            self.notify(QT_TRANSLATE_NOOP("Console", "The comments are being saved again."), Level.INFO, 8000,
                        key="comment-store")

    def _journal_trouble(self, why: Text | None) -> None:
        if why is None:
            self.notify(QT_TRANSLATE_NOOP("Console", "The action journal is written again."), Level.INFO, 8000,
                        key="journal-unwritable")
            return
        self.notify(QT_TRANSLATE_NOOP(
            "Console", "The action journal cannot be written ({why}): no action is sent, and the rules delete "
                       "nothing, until it can be.").fill(why=why), key="journal-unwritable")

    def report_unexpected(self, exc: BaseException) -> None:
        if isinstance(exc, TextError):   # it says what went wrong in words already (a journal that cannot be written)
            self.notify(exc.message)
            return
        self.notify(QT_TRANSLATE_NOOP("Console", "Something went wrong ({error}). The console keeps running; the "
                                                 "details are in the log file.").fill(error=type(exc).__name__))

    # ------------------------------------------------------------------ life cycle

    async def start(self) -> None:
        """Start connecting (in the background: the console is usable at once)."""
        self.http = httpx.AsyncClient(limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
                                      timeout=httpx.Timeout(10.0, connect=3.0), transport=self._http_transport)
        if self.settings_warning is not None:
            self.notify(self.settings_warning)
        for warning in (self.desk.lists_warning, self.desk.trusted.warning):
            if warning is not None:
                self.notify(warning, Level.WARNING)
        for kept in self.damaged_files:
            self.notify(kept)
        if self.platform_links.file.warning is not None:
            self.notices.emit(self.platform_links.file.warning)
        if self.live_plans.store.warning is not None:
            self.notify(self.live_plans.store.warning, Level.WARNING)
        if not self.tokens.persistent and not self.settings.uses_bundled_studio:
            self._say_keyring_missing()
        self.tasks.spawn(self.desk.run(), name="comment-desk")
        self.desk.store_trouble.connect(self._comment_store_trouble)
        self.tasks.spawn(self.recorder.run(self.sleep), name="show-record", key="show-record")
        self.tasks.spawn(self.connect(), name="connect", key="connect")
        self.tasks.spawn(self.quota.follow(lambda: self.room), name="quota-watch", key="quota-watch")
        self.tasks.spawn(self.giveaways.run(), name="giveaways", key="giveaways")
        if self.settings.control_api_enabled:   # in the background: its token's keyring may wait for an unlock
            self.tasks.spawn(self._start_control_api(), name="control-api-start", key="control-api-start")

    async def _start_control_api(self) -> None:
        problem = await self.control_api.apply()
        if problem is not None:
            self.notify(problem, Level.WARNING, key="control-api")

    def _say_keyring_missing(self) -> None:
        """Without a keyring, secrets typed now are forgotten when the console closes."""
        kinds = [KINDS[c.kind] for c in self.settings.connections if c.enabled and c.kind in KINDS]
        signed_in = any(k.sign_in is not None for k in kinds)
        wechat = any(k.appid_pattern == WECHAT_APPID for k in kinds)
        self.notify(NO_KEYRING_SIGN_IN if signed_in else NO_KEYRING_WECHAT if wechat else NO_KEYRING, key="keyring")

    def _keyring_lost(self) -> None:
        """The keyring worked, then failed (its service went away): secrets last for this session only now."""
        if not self.settings.uses_bundled_studio:
            self._say_keyring_missing()
            self.unsaved_secrets.say()   # the secrets it refused before: the same notice, with the way out

    async def read_secret(self, key: str) -> str | None:
        """The secret kept under `key`, waiting for the keyring as long as it takes: past a few
        seconds (an unlock prompt not answered yet) the console says what it waits for."""
        return await said_if_slow(self.tokens.read(key), self.sleep,
                                  lambda: self.notify(KEYRING_WAIT, Level.INFO, key="keyring-wait"),
                                  lambda: self.resolved.emit("keyring-wait"))

    def platform_context(self) -> BuildContext:
        """What every adapter of this session shares (also used by Test connection)."""
        return BuildContext(self.http, self.clock, self.paths.data / "wechat_sent", self._quota_books,
                            keep_secret=self._keep_secret, sleep=self.sleep, ledgers=self._ledgers)

    def _keep_secret(self, connection_id: str, secret: str) -> None:
        """An adapter renewed its credential (Twitch: a single-use refresh token): into the keyring."""
        conn = next((c for c in self.settings.connections if c.id == connection_id), None)
        if conn is not None:
            self.tokens.remember(credential_key(conn), secret)

    async def shutdown(self) -> None:
        """Close in order; a step that fails (a full disk under a rehearsal's last run-state write) is
        logged and the rest still runs — comments buffered, the journal, Studio and the client closed."""
        if self._closing:   # once: what it closes is closed (a second crew goodbye would use the closed client)
            return
        self._closing = True
        for name, step in self._shutdown_steps():
            try:
                done = step()
                if inspect.isawaitable(done):
                    await done
            except Exception:
                log.exception("shutting down: %s failed; the rest goes on", name)
        log.info("session closed")

    def _shutdown_steps(self) -> list[tuple[str, Callable[[], object]]]:
        return [
            ("control API", self.control_api.stop),
            # mid-rehearsal: the platform's clock back at real time, a dry run's room ended
            ("rehearsal", self.show.stop_rehearsing), ("rehearsal room", self.rehearsal.close),
            ("crew", self._leave_crew),   # the other seats show this one as gone at once
            ("word lists", lambda: self.desk.list_edits.finish(5.0)),   # an Apply pressed just before quitting is kept
            ("trusted viewers", self.desk.trusted.aclose),   # a viewer trusted just before quitting is kept
            ("tasks", self._stop_tasks),
            ("adapters", lambda: self._close_adapters(self.rehearsal.live or self.room)),
            ("recorder", self.recorder.close), ("crew seat", self.crew.close), ("comment desk", self.desk.close),
            ("giveaways", self.giveaways.store.close),
            ("Studio", lambda: self.studio.stop() if self.studio is not None else None),
            ("HTTP client", self._close_http), ("journal", self.journal.close),
        ]

    async def _leave_crew(self) -> None:
        try:
            await asyncio.wait_for(self.crew.leave(), 2.0)
        except asyncio.TimeoutError:
            log.warning("leaving the room's crew took over 2 s")

    async def _stop_tasks(self) -> None:
        stuck = await self.tasks.shutdown(timeout=3.0)
        if stuck:
            log.warning("tasks that would not stop: %s", stuck)

    async def _close_http(self) -> None:
        if self.http is not None:
            try:  # closing pooled connections never holds the exit up
                await asyncio.wait_for(self.http.aclose(), 3.0)
            except asyncio.TimeoutError:
                log.warning("the HTTP client did not close within 3 s")

    async def _close_adapters(self, room: LiveRoom | None) -> None:
        """The room's adapters let go of what they hold open (a Twitch chat socket and its tasks)."""
        if room is None:
            return
        try:
            await asyncio.wait_for(room.aclose(), 5.0)
        except asyncio.TimeoutError:
            log.warning("the room's adapters did not close within 5 s")

    def set_rules_mode(self, mode: RulesMode) -> None:
        """This seat's part in automatic moderation (kept for the next start)."""
        self.desk.rules_mode = mode   # at once, saved or not: two seats must not both act
        self.settings.rules_mode = mode.value
        try:
            save_settings(self.settings, self.paths.settings_file)
        except OSError as exc:
            why = os_error_words(exc)
            self.notify(QT_TRANSLATE_NOOP("Console", "The rules mode is set for now, but it could not be saved for the "
                                                     "next start ({error}).").fill(error=why),
                        Level.WARNING, key="save:rules_mode")

    def may(self, kind: str) -> tuple[bool, Text | None]:
        """May this seat's role do `kind` (an action's kind)? (False, why) to disable it with the reason."""
        return self.crew.may(kind)

    def apply_settings(self, settings: Settings) -> None:
        """Save and reconnect (after the Connections dialog); an OSError from saving changes nothing."""
        save_settings(settings, self.paths.settings_file)
        self.settings = settings
        self.reconnect()

    def apply_connections(self, settings: Settings, removed: set[str]) -> asyncio.Task | None:
        """Save the connections and reconnect, then forget the secrets no connection uses any more:
        those of the connections `removed`, and a connection's old one when its platform changed.
        Only after the save: one that fails (OSError, raised) loses no secret. The forgetting runs as
        a task (returned): a keyring waiting for its unlock prompt holds up nothing. Secrets the keyring
        refused are said by the connections' names, with "Try the keyring again"."""
        before = {c.id: c for c in self.settings.connections}
        self.apply_settings(settings)
        self.unsaved_secrets.say()
        stale = {key for conn_id in removed for key in all_credential_keys(conn_id)}
        stale.update(credential_key(before[c.id]) for c in settings.connections if c.id in before)
        stale -= {credential_key(c) for c in settings.connections}
        return self.tasks.spawn(self._forget(sorted(stale)), name="forget-secrets") if stale else None

    async def _forget(self, keys: list[str]) -> None:
        for key in keys:
            await self.tokens.forget(key)

    def reconnect(self) -> None:
        """Connect again, as the settings say (after Save, or when the keyring was unlocked)."""
        self.tasks.spawn(self.connect(), name="reconnect", key="connect")

    # ------------------------------------------------------------------ connecting

    def switch_room(self, room: LiveRoom) -> None:
        """Follow `room` (a new connection, or a rehearsal room and back) instead of the current one."""
        self.room = room
        self.tasks.spawn(room.follow(), name=f"room:{room.room_key}", key="room")
        self._set_room(room)

    def _connecting(self, state: ConnectState) -> None:
        self.connect_state = state
        self.connect_state_changed.emit(state)

    async def connect(self) -> None:
        self.resolved.emit("connect:")  # what was said about the last connection is stale now
        self._connecting(CONNECTING)
        try:
            await self._connect()
        except Exception as exc:   # the header must not say "Connecting…" for ever (the notice says what)
            self._connecting(ConnectState(Phase.FAILED, _failure_words(exc)))
            raise

    async def _connect(self) -> None:
        if self.rehearsal.active:
            await self.rehearsal.leave()
        if self.room is not None:
            old, self.room = self.room, None
            self.tasks.cancel("room")
            self._set_room(None)
            await self._close_adapters(old)
        if self.settings.uses_bundled_studio:
            room = await self._connect_bundled()
        else:
            if self.studio is not None:
                self.tasks.cancel("watch-studio")
                await self.studio.stop()
                self.studio = None
            room = await self._connect_configured()
            if room is None:
                self._connecting(ConnectState(Phase.NOTHING_TO_CONNECT, NO_USABLE_CONNECTION))
        if room is None:
            return
        self.switch_room(room)
        self.tasks.spawn(self._learn_staff_name(room), name="staff-name", key="staff-name")
        outcomes = await room.reconcile()
        if outcomes:
            self.status.emit(QT_TRANSLATE_NOOP("Console", "Reconciled {n} action(s) left open by the last session.")
                             .fill(n=len(outcomes)), 10000)
        # Not this room's to resend: another room's (a rehearsal room is never connected again, and
        # after a day an open action is history, not news)
        since = self.clock.now() - OPEN_ELSEWHERE_S
        elsewhere = [e for e in self.journal.unresolved() if e.room_key != room.room_key
                     and not e.room_key.endswith(":rehearsal") and e.created_at >= since]
        if elsewhere:
            self.notify(QT_TRANSLATE_NOOP(
                "Console", "{n} money action(s) of another room are still without an answer. They are not sent "
                           "again here: check them on their platform (the journal lists them), or connect to that "
                           "room again to resend them.").fill(n=len(elsewhere)), Level.WARNING, key="open-elsewhere")

    def _say_no_secret(self, conn: ConnectionSettings) -> None:
        """None to connect with: the keyring has none (enter one), or it would not say (unlock it)."""
        key = f"connect:token:{conn.id}"
        if not self.tokens.unreadable(credential_key(conn)):
            self.notify(missing_credential(conn), key=key)
        elif self.tokens.persistent:
            self.notices.emit(Notice(KEYRING_LOCKED.fill(name=conn.name), Level.ERROR, key=key,
                                     buttons=((RECONNECT, self.reconnect),)))
        else:
            self.notify(KEYRING_GONE.fill(name=conn.name), key=key)

    async def _learn_staff_name(self, room: LiveRoom) -> None:
        try:
            self.staff_name = await room.primary.platform.staff_name()
        except PlatformError as exc:  # the room works without it; the journal says the computer's user
            log.info("staff name not known: %s", exc.detail)
            return
        room.actor = self.operator

    def _set_room(self, room: LiveRoom | None) -> None:
        self.desk.set_room(room)
        self.crew.set_room(room)
        self.giveaways.set_room(room)
        self.video.set_room(room)
        self.relay.set_room(room)
        self.flash_sale.disarm()
        self._room_heard.follow(room.changed if room is not None else None, self._room_changed)
        if room is None:
            self.catalog.clear()
        else:
            self.tasks.spawn(self._load_catalog(room), name="catalog", key="catalog")
            self.tasks.spawn(self.platform_clock.read(room), name="platform-clock", key="platform-clock")
        self.room_changed.emit(room)
        if room is not None and not self._resumed_show:
            # A show that was running when the console stopped resumes once a room is there (its
            # files, the show file on a network disk perhaps, read off the ui thread).
            self._resumed_show = True
            self.tasks.spawn(self.show.resume(), name="show-resume", key="show-resume")

    async def _load_catalog(self, room: LiveRoom) -> None:
        failures = 0
        # Until it loads: a Studio away when the room was connected (restarting, no network yet)
        # would otherwise leave nothing to list and no coupon template to issue once it is back.
        while (error := await self.catalog.refresh(room)) is not None and error.retryable:
            failures += 1
            await self.sleep(min(15.0, 2.0 ** failures))
        if len(room.bindings) > 1:   # other platforms: link their products to the catalog's
            await self.platform_links.refresh(room, list(self.catalog.products.values()),
                                              list(self.catalog.templates.values()))

    def _room_changed(self, connection_id: str, aspect: Aspect, event) -> None:
        if aspect in (Aspect.SHELF, Aspect.ROOM, Aspect.FLASH_SALES, Aspect.RESYNC):
            self.flash_sale.check()  # the armed sale may have become impossible

    async def _connect_bundled(self) -> LiveRoom | None:
        self.status.emit(QT_TRANSLATE_NOOP("Console", "Starting the bundled Studio…"), 0)
        if self.studio is None:
            self.studio = StudioProcess(db_path=self.paths.bundled_studio_db, demo=True,
                                        audience=self.settings.bundled_studio_audience, log_path=self.paths.studio_log)
        try:
            info = await self.studio.start()
        except (StudioStartError, OSError) as exc:
            log.error("bundled studio did not start: %s", exc)
            self.notify(QT_TRANSLATE_NOOP("Console", "The bundled Studio could not start ({error}). Its log is in "
                                                     "{path}.").fill(error=_start_failure(exc), path=str(self.paths.studio_log)),
                        key="connect:studio")
            self.status.emit(QT_TRANSLATE_NOOP("Console", "Not connected"), 0)
            self._connecting(ConnectState(Phase.FAILED, _failure_words(exc)))
            return None
        self.studio_info = info
        if (kept := self.studio.take_kept_aside()) is not None:
            self.notify(kept, Level.WARNING, key="studio-kept-aside")
        endpoint = Endpoint(info.url, info.tokens["assistant"])
        self.tokens.set_session_only(BUNDLED_ID, info.tokens["assistant"])
        platform = StudioPlatform(BUNDLED_ID, endpoint, self.http, display_name=self.studio_display_name,
                                  sleep=self.sleep, clock=self.clock)
        self.tasks.spawn(self._watch_studio(endpoint), name="watch-bundled-studio", key="watch-studio")
        self.status.emit(QT_TRANSLATE_NOOP("Console", "Connected to the bundled Studio"), 5000)
        return LiveRoom(f"{BUNDLED_ID}:{info.room_id}", [Binding(platform, info.room_id)], self.journal,
                        actor=self.operator, sleep=self.sleep)

    async def _watch_studio(self, endpoint: Endpoint) -> None:
        """If the bundled Studio dies, say so and start it again on the same port and database;
        the room's event streams resume from their last event id."""
        failures = 0
        studio = self.studio
        while not self._closing:
            code = await studio.wait()
            if self._closing:
                return
            failures += 1
            log.warning("bundled studio exited with %s; restarting", code)
            self.status.emit(QT_TRANSLATE_NOOP("Console", "The bundled Studio stopped; restarting it…"), 0)
            await self.sleep(min(10.0, 0.5 * failures))
            try:
                info = await studio.start()
            except (StudioStartError, OSError) as exc:
                self.notify(QT_TRANSLATE_NOOP("Console", "The bundled Studio could not restart ({error}).").fill(
                    error=_start_failure(exc)), key="connect:studio")
                continue
            endpoint.base_url, endpoint.token = info.url, info.tokens["assistant"]
            self.studio_info = info
            if (kept := studio.take_kept_aside()) is not None:
                self.notify(kept, Level.WARNING, key="studio-kept-aside")
            self.resolved.emit("connect:studio")
            self.status.emit(QT_TRANSLATE_NOOP("Console", "The bundled Studio is back"), 5000)

    async def _connect_configured(self) -> LiveRoom | None:
        """One binding per enabled connection, whatever its platform, in `shelf_first` order: the first
        that can list products is the primary (its shelf is the one the console shows)."""
        bindings = []
        context = self.platform_context()
        kept: list[ConnectionSettings] = []
        for conn in shelf_first([c for c in self.settings.connections if c.enabled]):
            twin = same_room_as(conn, kept)
            if twin is not None:
                self.notify(QT_TRANSLATE_NOOP("Console", "“{name}” reaches the same room as “{other}”; it is left out, "
                                                         "so that no action is sent there twice.").fill(
                    name=conn.name, other=twin.name), key=f"connect:twin:{conn.id}")
                continue
            kept.append(conn)
            if kind_of(conn) is None:
                self.notify(QT_TRANSLATE_NOOP("Console", "“{name}” is of a kind this version of the console does not "
                                                         "know ({kind}); it is left out.").fill(
                    name=conn.name, kind=conn.kind), key=f"connect:kind:{conn.id}")
                continue
            secret = await self.read_secret(credential_key(conn)) or ""
            if not secret:
                self._say_no_secret(conn)
            bindings.append(Binding(build_platform(conn, secret, context), conn.room_id))
        if not bindings:
            return None
        key = "+".join(f"{b.connection_id}:{b.room_id}" for b in bindings)
        return LiveRoom(key, bindings, self.journal, actor=self.operator, sleep=self.sleep)
