"""Live plans (直播预告): plan a room ahead and change its plan, upload the plan's cover image,
list planned rooms; viewers reserve a reminder and read their reminders; and the public share
page of a planned room (`/watch/{room}`, what a poster's QR code opens), with its cover."""

from __future__ import annotations

import datetime
import html
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import Field

from anchor_console.studio.routes import schemas
from anchor_console.studio.routes.context import Caller, Change, caller_for, change_for, require, studio_of
from anchor_console.studio.routes.inputs import Body, CleanStr, Id
from anchor_console.studio.routes.schemas import ok
from anchor_console.domain.plan_rules import ANCHOR_MAX, DESCRIPTION_MAX, TITLE_MAX, TITLE_MIN
from anchor_console.studio.services.plans import read_image
from anchor_console.studio.store import MAX_INT, Principal

router = APIRouter(tags=["plans"])
# The public page and its cover: no script, nothing from elsewhere (a plan's texts are escaped;
# this holds if one ever is not), inline style attributes only; no type sniffing of the cover.
SHARE_HEADERS = {"Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
                 "X-Content-Type-Options": "nosniff"}

Time = Annotated[float, Field(ge=0, le=10**11, allow_inf_nan=False, description="epoch seconds")]
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


class PlanIn(Body):
    """A plan's form; the rules between its fields and the clock (a start in the future, an end after
    it, at most 24 hours) are the service's, each refused with its own code."""

    title: Annotated[CleanStr, Field(min_length=TITLE_MIN, max_length=TITLE_MAX)]
    starts_at: Time
    ends_at: Time
    anchor_name: Annotated[CleanStr, Field(max_length=ANCHOR_MAX)] = ""
    description: Annotated[CleanStr, Field(max_length=DESCRIPTION_MAX)] = ""
    cover_media_id: Annotated[CleanStr, Field(max_length=64, description="from POST /api/v1/media")] | None = None


def _fields(body: PlanIn) -> dict:
    return {"anchor_name": body.anchor_name, "description": body.description, "cover_media_id": body.cover_media_id}


@router.get("/api/v1/plans", responses=ok(schemas.RoomList))
async def list_plans(caller: Caller = Depends(caller_for("room.read"))):
    """Planned rooms that have not ended, soonest first, each with its plan and subscriber count."""
    return {"items": [r for r in caller.studio.plans.list_planned() if caller.who.may_enter(r["id"])]}


@router.post("/api/v1/plans", status_code=201, responses=ok(schemas.Room, 201))
async def create_plan(body: PlanIn, change: Change = Depends(change_for("room.manage"))):
    return await change.apply(body, lambda studio: studio.plans.create(
        body.title, body.starts_at, body.ends_at, **_fields(body)), 201)


@router.put("/api/v1/rooms/{room_id}/plan", responses=ok(schemas.Room))
async def edit_plan(room_id: Id, body: PlanIn, change: Change = Depends(change_for("room.manage"))):
    return await change.apply(body, lambda studio: studio.plans.edit(
        room_id, body.title, body.starts_at, body.ends_at, **_fields(body)))


@router.post("/api/v1/media", status_code=201, responses=ok(schemas.Media, 201))
async def upload_media(request: Request, who: Principal = Depends(require("room.manage"))):
    """An image for a plan (PNG or JPEG, of at most domain.plan_rules.COVER_MAX_BYTES, as the body): its media id."""
    data = getattr(request.state, "checked_body", None)
    image = data[0] if data else read_image(await request.body())[0]
    return JSONResponse(studio_of(request).plans.upload(image), status_code=201)


@router.post("/api/v1/rooms/{room_id}/reservations", responses=ok(schemas.Reservation))
async def reserve(room_id: Id, change: Change = Depends(change_for("plan.reserve"))):
    """Remind me when this planned live starts (预约)."""
    return await change.apply(None, lambda studio: studio.plans.reserve(room_id, [change.who.viewer_id]))


@router.delete("/api/v1/rooms/{room_id}/reservations", responses=ok(schemas.Reservation))
async def cancel_reservation(room_id: Id, change: Change = Depends(change_for("plan.reserve"))):
    return await change.apply(None, lambda studio: studio.plans.cancel(room_id, change.who.viewer_id))


@router.get("/api/v1/notifications", responses=ok(schemas.NotificationList))
async def notifications(after_id: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
                        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                        caller: Caller = Depends(caller_for("notification.read"))):
    """The caller's reminders (a planned live they reserved has started), oldest first."""
    return caller.studio.plans.notifications(caller.who.viewer_id, after_id, limit)


# ---------------------------------------------------------------------------------- the public page

@router.get("/watch/{room_id}", response_class=HTMLResponse, include_in_schema=False)
async def watch_page(room_id: Id, request: Request):
    """The share link of a planned room: a small page anyone may open (no token)."""
    return HTMLResponse(share_page(studio_of(request).plans.public_view(room_id)), headers=SHARE_HEADERS)


@router.get("/watch/{room_id}/cover", include_in_schema=False)
async def watch_cover(room_id: Id, request: Request):
    data, mime = studio_of(request).plans.cover(room_id)
    return Response(data, media_type=mime, headers={"Cache-Control": "public, max-age=60", **SHARE_HEADERS})


def share_page(room: dict) -> str:
    """The landing page: every text from the plan escaped (a title is the anchor's to write)."""
    plan = room["plan"]
    e = html.escape

    def when(ts: float) -> str:
        return datetime.datetime.fromtimestamp(ts, BEIJING).strftime("%Y-%m-%d %H:%M")

    status = {"scheduled": "即将开播 Upcoming", "live": "直播中 Live now", "ended": "已结束 Ended"}[room["status"]]
    cover = f'<img src="{e(plan["cover_url"])}" alt="" style="max-width:100%">' if plan["cover_url"] else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{e(room['title'])}</title></head>\n<body style=\"font-family:sans-serif;max-width:640px;margin:auto\">\n"
        f"{cover}\n<h1>{e(room['title'])}</h1>\n<p>{e(status)}</p>\n"
        f"<p><time datetime=\"{e(datetime.datetime.fromtimestamp(plan['starts_at'], BEIJING).isoformat())}\">"
        f"{e(when(plan['starts_at']))} – {e(when(plan['ends_at']))}</time> (北京时间 Beijing time)</p>\n"
        + (f"<p>主播 Anchor: {e(plan['anchor_name'])}</p>\n" if plan["anchor_name"] else "")
        + (f"<p>{e(plan['description'])}</p>\n" if plan["description"] else "")
        + f"<p><span id=\"subscribers\">{int(plan['subscribers'])}</span> 人已预约 reserved</p>\n</body></html>\n")
