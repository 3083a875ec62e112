"""Test connection: sign in with a connection's settings as typed (not yet saved) and try one
harmless read per thing the account might do, then say what it may do, what it may not and why
(an API not granted, with where to switch it on), and what the platform itself has no API for.

Qt-free: the Connections dialog runs `check_connection` as an owned task (cancelled when the
dialog closes or another connection is chosen) and shows `CheckReport.summary()`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Awaitable, Callable

import httpx

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.models import Room
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text, joined
from anchor_console.platforms import errors as pe
from anchor_console.platforms.base import Platform
from anchor_console.platforms.studio import StudioPlatform
from anchor_console.platforms.transport import Endpoint, RetryPolicy
from anchor_console.platforms.wechat_channels import LIVELIST, NOTICES, ORDER_LIST, beijing_day
from anchor_console.platforms.wechat_promotions import COUPON, TASK
from anchor_console.session.platform_kinds import (
    STUDIO, STUDIO_URL, TIKTOK_SHOP, WECHAT_CHANNELS, WECHAT_LIVE, BuildContext, build_platform, kind_of,
)
from anchor_console.session.settings import ConnectionSettings

log = logging.getLogger("anchor_console.session.connection_check")
C = Capability

AREA_SEP = QT_TRANSLATE_NOOP("ConnectionCheck", "; ")    # between "what the account may use" items
ITEM_SEP = QT_TRANSLATE_NOOP("ConnectionCheck", ", ")    # between capabilities
LIVE_NOT_GRANTED_HINT = QT_TRANSLATE_NOOP(
    "ConnectionCheck", "Mini-program live must be switched on for this mini-program (mp.weixin.qq.com → 功能 → 直播); "
                       "a service provider also needs permission set 52 (小程序直播).")

PERMISSION_SET = QT_TRANSLATE_NOOP("ConnectionCheck", "A service provider also needs permission set {set}.")


def listed(parts: list[Text], separator: Text) -> Text:
    """Texts in a row, with a separator that is translated too (Chinese lists take 、 and ；)."""
    template = "{sep}".join("{p%d}" % i for i in range(len(parts)))
    return Text("", template, {**{f"p{i}": p for i, p in enumerate(parts)}, "sep": separator})


@dataclass(frozen=True)
class AreaResult:
    """One thing the account might do, tried with a harmless read."""

    label: Text
    capabilities: tuple[Capability, ...]
    refusal: Text | None = None        # None: allowed


@dataclass(frozen=True)
class CheckReport:
    platform: str = ""
    failure: Text | None = None        # could not sign in or reach the platform: nothing else is known
    rooms: tuple[Room, ...] = ()
    areas: tuple[AreaResult, ...] = ()
    cannot: tuple[tuple[Capability, Text | None], ...] = ()   # what the platform has no API for, and why
    studio: bool = False

    @property
    def ok(self) -> bool:
        return self.failure is None

    def summary(self) -> Text:
        if self.failure is not None:
            return QT_TRANSLATE_NOOP("ConnectionCheck", "Could not connect: {reason}").fill(reason=self.failure)
        if self.studio:
            lines: list[Text] = [QT_TRANSLATE_NOOP("ConnectionCheck", "Connected: {n} room(s) found.").fill(
                n=len(self.rooms))]
        else:
            lines = [QT_TRANSLATE_NOOP("ConnectionCheck", "Connected to WeChat: {n} live room(s) found.").fill(
                n=len(self.rooms))]
        allowed = [a.label for a in self.areas if a.refusal is None]
        if allowed:
            lines.append(QT_TRANSLATE_NOOP("ConnectionCheck", "This account may use: {areas}.").fill(
                areas=listed(allowed, AREA_SEP)))
        for area in self.areas:
            if area.refusal is not None:
                lines.append(QT_TRANSLATE_NOOP("ConnectionCheck", "Not allowed — {area}: {reason}").fill(
                    area=area.label, reason=area.refusal))
        if self.cannot:
            lines.append(QT_TRANSLATE_NOOP("ConnectionCheck", "{platform} cannot: {what}.").fill(
                platform=self.platform, what=listed([c.label for c, _ in self.cannot], ITEM_SEP)))
            reasons: list[Text] = []
            for _cap, reason in self.cannot:
                if reason is not None and reason not in reasons:
                    reasons.append(reason)
            lines += reasons
        return joined(lines)

    def allowed(self, capability: Capability) -> bool | None:
        """Whether the check found `capability` usable (None: not tried)."""
        tried = [a for a in self.areas if capability in a.capabilities]
        return None if not tried else all(a.refusal is None for a in tried)


Probe = Callable[[], Awaitable[object]]


async def _try(label: Text, caps: tuple[Capability, ...], probe: Probe, hint: Text | None = None) -> AreaResult:
    """One area: allowed, or why not. A refused sign-in is not an area's answer: it is raised."""
    try:
        await probe()
    except pe.AuthFailed:
        raise
    except pe.NotPermitted as exc:
        reason = exc.message if hint is None else joined([exc.message, hint], " ")
        return AreaResult(label, caps, reason)
    except pe.PlatformError as exc:
        log.info("connection check: %s", exc.detail)
        return AreaResult(label, caps, exc.message)
    return AreaResult(label, caps)


def _unsupported(platform: Platform) -> tuple[tuple[Capability, Text | None], ...]:
    return tuple((c, platform.unsupported_reason(c)) for c in Capability
                 if c is not C.REHEARSAL_ROOMS and not platform.supports(c))


async def check_connection(conn: ConnectionSettings, secret: str, ctx: BuildContext) -> CheckReport:
    """Sign in and try each area; never raises a PlatformError (it becomes the report's failure)."""
    kind = kind_of(conn)
    if kind is None:
        return CheckReport(failure=QT_TRANSLATE_NOOP("ConnectionCheck", "This kind of connection is not known."))
    if kind.key == STUDIO:
        return await _check_studio(conn, secret, ctx.http)
    platform = build_platform(conn, secret, ctx)
    try:
        await platform.verify_credentials()      # e.g. the AppID, the AppSecret and this computer's address
        if kind.key == WECHAT_LIVE:
            areas, rooms = await _live_areas(platform)
        elif kind.key == TIKTOK_SHOP:
            areas, rooms = await _tiktok_areas(platform)
        elif kind.key == WECHAT_CHANNELS:
            areas, rooms = await _channels_areas(platform, ctx)
        else:
            areas, rooms = await _rooms_area(platform)
    except pe.PlatformError as exc:
        log.info("connection check failed: %s", exc.detail)
        return CheckReport(platform=conn.name, failure=exc.message)
    finally:
        await platform.aclose()
    return CheckReport(platform=conn.name, rooms=tuple(rooms), areas=tuple(areas), cannot=_unsupported(platform))


async def _rooms_area(platform: Platform) -> tuple[list[AreaResult], list[Room]]:
    """Any other platform (an OAuth one): signing in is the token above; its rooms (broadcasts) and
    the chat in them are what it is tried on."""
    rooms: list[Room] = []

    async def list_rooms() -> None:
        rooms.extend(await platform.list_rooms())

    area = await _try(QT_TRANSLATE_NOOP("ConnectionCheck", "live rooms and their comments"),
                      tuple(c for c in (C.ROOMS, C.COMMENT_STREAM) if platform.supports(c)), list_rooms)
    return [area], rooms


async def _check_studio(conn: ConnectionSettings, secret: str, http: httpx.AsyncClient) -> CheckReport:
    platform = StudioPlatform(conn.id, Endpoint(conn.url, secret), http, profile=conn.profile, display_name=conn.name,
                              retry=RetryPolicy(max_attempts=1), timeout=httpx.Timeout(5.0, connect=3.0))
    try:
        rooms = await platform.list_rooms()
    except pe.NotFound:   # an address with a path (…/api/v1), or another server on that port
        return CheckReport(platform=conn.name, studio=True, failure=QT_TRANSLATE_NOOP(
            "ConnectionCheck", "no Studio answers at {url}. The server URL is the address Studio printed, such as "
                               "{example}, with no path after it.").fill(url=conn.url, example=STUDIO_URL))
    except pe.Unavailable:   # "the action was not applied" says nothing to someone testing an address
        return CheckReport(platform=conn.name, studio=True, failure=QT_TRANSLATE_NOOP(
            "ConnectionCheck", "nothing answers at {url}. Check the address and that Studio is running "
                               "there.").fill(url=conn.url))
    except pe.PlatformError as exc:
        return CheckReport(platform=conn.name, failure=exc.message, studio=True)
    return CheckReport(platform=conn.name, rooms=tuple(rooms), cannot=_unsupported(platform), studio=True)


async def _live_areas(platform) -> tuple[list[AreaResult], list[Room]]:
    rooms: list[Room] = []

    async def list_rooms() -> None:
        rooms.extend(await platform.list_rooms())

    async def library() -> None:
        await platform.api.call("GET", "/wxaapi/broadcast/goods/getapproved", safe=True,
                                query={"offset": 0, "limit": 1, "status": 2})

    areas = [
        await _try(QT_TRANSLATE_NOOP("ConnectionCheck", "live rooms, the goods in a room, 讲解 and the room mute"),
                   (C.ROOMS, C.SHELF, C.STAGE, C.SALE_TOGGLE, C.SORT, C.ROOM_MUTE, C.LIVE_PLANS), list_rooms,
                   LIVE_NOT_GRANTED_HINT),
        await _try(QT_TRANSLATE_NOOP("ConnectionCheck", "the goods library"), (C.SHELF,), library,
                   LIVE_NOT_GRANTED_HINT),
    ]
    return areas, rooms


async def _channels_areas(platform, ctx: BuildContext) -> tuple[list[AreaResult], list[Room]]:
    api = platform.api
    now = ctx.clock.now()
    # (what, the capabilities it stands for, a harmless read, the service providers' permission set)
    reads: list[tuple[Text, tuple[Capability, ...], Probe, int | None]] = [
        (QT_TRANSLATE_NOOP("ConnectionCheck", "lives and live figures"), (C.ROOMS, C.STATS_STREAM),
         lambda: api.call("POST", LIVELIST, body={"ds": beijing_day(now)}, safe=True), 176),
        (QT_TRANSLATE_NOOP("ConnectionCheck", "live reservations"), (C.ROOMS,),
         lambda: api.call("POST", NOTICES, body={}, safe=True), None),
        (QT_TRANSLATE_NOOP("ConnectionCheck", "shop coupons"), (C.COUPONS,),
         lambda: api.call("POST", f"{COUPON}/get_list", safe=True,
                          body={"status": 2, "page": 1, "page_size": 1, "page_ctx": ""}), 132),
        (QT_TRANSLATE_NOOP("ConnectionCheck", "flash sales"), (C.FLASH_SALES,),
         lambda: api.call("POST", f"{TASK}/list/get", body={"status": 1, "page_size": 1}, safe=True), 129),
        (QT_TRANSLATE_NOOP("ConnectionCheck", "orders (to count what a flash sale sold)"), (C.FLASH_SALES,),
         lambda: api.call("POST", ORDER_LIST, safe=True, body={
             "update_time_range": {"start_time": int(now) - 3600, "end_time": int(now)}, "page_size": 1}), 131),
    ]
    areas = [await _try(label, caps, probe, PERMISSION_SET.fill(set=perm) if perm else None)
             for label, caps, probe, perm in reads]
    rooms: list[Room] = []
    if areas[0].refusal is None and areas[1].refusal is None:
        try:
            rooms = await platform.list_rooms()
        except pe.AuthFailed:
            raise
        except pe.PlatformError as exc:   # the areas say enough; the room can still be typed
            log.info("connection check: rooms not listed: %s", exc.detail)
    return areas, rooms


async def _tiktok_areas(platform) -> tuple[list[AreaResult], list[Room]]:
    """TikTok Shop: the authorized shop (the connection's room), its products, flash deals, coupons."""
    rooms: list[Room] = []

    async def shop() -> None:
        rooms.extend(await platform.list_rooms())

    deals = platform.deals
    areas = [await _try(QT_TRANSLATE_NOOP("ConnectionCheck", "the authorized shop"), (C.ROOMS,), shop)]
    if rooms:
        areas += [
            await _try(QT_TRANSLATE_NOOP("ConnectionCheck", "products"), (C.FLASH_SALES,),
                       lambda: platform.api.call("POST", "/product/202309/products/search", body={},
                                                 query={"page_size": 1}, safe=True)),
            await _try(QT_TRANSLATE_NOOP("ConnectionCheck", "flash deals"), (C.FLASH_SALES,),
                       lambda: deals.search(status="ONGOING")),
        ]
    return areas, rooms
