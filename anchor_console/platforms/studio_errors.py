"""What Studio's refusals mean to the console: each error code in the console's own (translatable)
words, and the HTTP status as the kind of PlatformError the room and the journal act on."""

from __future__ import annotations

import httpx

from anchor_console.domain import plan_rules
from anchor_console.domain.plan_rules import rule_words
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.platforms import errors as pe
from anchor_console.platforms.transport import retry_after_s

_CONFLICTS: dict[str, Text] = {
    "stage_occupied": QT_TRANSLATE_NOOP("PlatformError", "Another product is already on stage."),
    "not_on_sale": QT_TRANSLATE_NOOP("PlatformError", "This product is off sale; put it on sale first."),
    "room_not_live": QT_TRANSLATE_NOOP("PlatformError", "The room is not live yet."),
    "room_ended": QT_TRANSLATE_NOOP("PlatformError", "The room has ended."),
    "sold_out": QT_TRANSLATE_NOOP("PlatformError", "Sold out."),
    "already_listed": QT_TRANSLATE_NOOP("PlatformError", "This product is already on the shelf."),
    "coupon_unavailable": QT_TRANSLATE_NOOP("PlatformError", "This coupon batch is no longer active."),
    "coupon_exhausted": QT_TRANSLATE_NOOP("PlatformError", "All coupons of this batch have been claimed."),
    "flash_sale_running": QT_TRANSLATE_NOOP("PlatformError", "A flash sale of this product is already running."),
    "flash_sale_ended": QT_TRANSLATE_NOOP("PlatformError", "This flash sale has ended."),
    "flash_sale_not_started": QT_TRANSLATE_NOOP("PlatformError", "This flash sale has not started yet."),
    "buyer_limit_reached": QT_TRANSLATE_NOOP("PlatformError", "The buyer has reached the per-buyer limit."),
    "comment_deleted": QT_TRANSLATE_NOOP("PlatformError", "The comment has been deleted."),
    "self_removal": QT_TRANSLATE_NOOP("PlatformError", "You cannot remove your own account."),
    "plan_not_scheduled": QT_TRANSLATE_NOOP("PlatformError", "This live has started or ended; its plan can no longer "
                                                             "change."),
    "room_not_scheduled": QT_TRANSLATE_NOOP("PlatformError", "Only a planned live that has not started can be "
                                                             "reserved."),
    "seed_mismatch": QT_TRANSLATE_NOOP("PlatformError", "The revealed seed does not match the lucky bag's published "
                                                        "commitment."),
    "lucky_bag_open": QT_TRANSLATE_NOOP("PlatformError", "Entry to this lucky bag is still open."),
    "lucky_bag_closed": QT_TRANSLATE_NOOP("PlatformError", "Entry to this lucky bag has closed."),
    "red_packet_empty": QT_TRANSLATE_NOOP("PlatformError", "All of this red packet has been claimed."),
    "red_packet_expired": QT_TRANSLATE_NOOP("PlatformError", "This red packet has expired."),
    "same_money_action_elsewhere": QT_TRANSLATE_NOOP(
        "PlatformError", "Another seat of the crew did this same money action a moment ago, so it was not done again. "
                         "To do it once more, press again in a moment."),
    "go_refused": QT_TRANSLATE_NOOP("PlatformError", "The show caller presses GO themselves; ask them."),
    "no_show_caller": QT_TRANSLATE_NOOP("PlatformError", "No seat is calling the show on this room."),
    "show_called_elsewhere": QT_TRANSLATE_NOOP("PlatformError", "Another seat on this room is running the show: this "
                                                                "console's run was stopped so no cue fires twice, and "
                                                                "it follows that seat's show."),
    "seat_taken": QT_TRANSLATE_NOOP("PlatformError", "Another staff member's console holds this seat on the room. "
                                                     "Each computer needs a seat of its own (a copied settings folder "
                                                     "copies the seat too)."),
}
_INVALID: dict[str, Text] = {
    # What the console acted on is not there (any more) — removed by another seat, say: a 404 when
    # the URL names it, a 409 when the request's body does.
    "not_on_shelf": QT_TRANSLATE_NOOP("PlatformError", "This product is not on the room's shelf (any more)."),
    "product_unknown": QT_TRANSLATE_NOOP("PlatformError", "The catalog has no such product."),
    "sku_unknown": QT_TRANSLATE_NOOP("PlatformError", "The catalog has no such SKU."),
    "coupon_template_unknown": QT_TRANSLATE_NOOP("PlatformError", "There is no such coupon template (any more)."),
    "viewer_unknown": QT_TRANSLATE_NOOP("PlatformError", "There is no such viewer."),
    "price_not_lower": QT_TRANSLATE_NOOP("PlatformError", "The flash-sale price must be below the regular price."),
    "stock_insufficient": QT_TRANSLATE_NOOP("PlatformError", "There is not enough stock for this flash sale."),
    "sku_mismatch": QT_TRANSLATE_NOOP("PlatformError", "That SKU does not belong to this product."),
    "order_mismatch": QT_TRANSLATE_NOOP("PlatformError", "The shelf changed meanwhile; reload and sort again."),
    **{code: rule_words(code) for code in plan_rules.WORDS},   # a plan's rules and its cover's size
    "plan_cover_unknown": QT_TRANSLATE_NOOP("PlatformError", "The platform does not know this cover image; choose "
                                                             "it again."),
    "image_type": QT_TRANSLATE_NOOP("PlatformError", "The cover must be a PNG or JPEG image."),
    "image_empty": QT_TRANSLATE_NOOP("PlatformError", "The cover image file is empty."),
    "red_packet_too_small": QT_TRANSLATE_NOOP("PlatformError", "A red packet needs at least 1 分 per share."),
    "not_found": QT_TRANSLATE_NOOP("PlatformError", "Studio does not have this (any more): another seat removed it, "
                                                    "Studio was reset, or this Studio is older than the console."),
    "too_large": QT_TRANSLATE_NOOP("PlatformError", "This is more than Studio accepts in one request."),
    "request_timeout": QT_TRANSLATE_NOOP("PlatformError", "Studio did not receive the whole request in time; nothing "
                                                          "was applied. Try again."),
    "idempotency_key_reused": QT_TRANSLATE_NOOP("PlatformError", "Studio refused a request sent again with other "
                                                                 "terms under the first one's key; nothing more was "
                                                                 "applied."),
}
# 403s with more to say than "ask for a role that can"
_FORBIDDEN: dict[str, Text] = {
    # A token the anchor gave for some rooms only, used on another room or on what every room shares.
    "room_out_of_scope": QT_TRANSLATE_NOOP("PlatformError", "This access token is limited to certain rooms: it cannot "
                                                            "act on this room or change what all rooms share (catalog, "
                                                            "coupon templates, staff). Ask the anchor for a token that "
                                                            "can."),
    "seat_not_yours": QT_TRANSLATE_NOOP("PlatformError", "That seat belongs to another staff member; act from your "
                                                         "own seat."),
}


TOKEN_EXPIRED = QT_TRANSLATE_NOOP("PlatformError", "Sign-in failed: the access token has expired. Ask the anchor for "
                                                   "a new one and enter it in Connections.")


def _comment_log_refused(body: dict) -> Text:
    """Which lines of a replayed comment log are not comment records (Studio lists them)."""
    lines = [line for line in body.get("lines") or () if isinstance(line, dict)]
    if not lines:
        return QT_TRANSLATE_NOOP("PlatformError", "The comment log holds no comments.")
    return QT_TRANSLATE_NOOP("PlatformError", "The comment log was not replayed: {count} line(s) are not comment "
                                              "records (one JSON object a line, with t, nickname and text); the "
                                              "first is line {line}.").fill(
        count=body.get("bad_lines", len(lines)), line=lines[0].get("line", "?"))


def studio_error(response: httpx.Response) -> pe.PlatformError:
    body = pe.answer_object(response)
    if body is None:
        body, code, message = {}, "", response.text[:200]
    else:
        code, message = str(body.get("code", "")), str(body.get("message", ""))
    status = response.status_code
    detail = f"HTTP {status} {code}: {message}"
    # A code without words of the console's (a newer Studio's): its own English, framed in ours
    raw = QT_TRANSLATE_NOOP("PlatformError", "Studio refused this: {reason}").fill(reason=message or f"HTTP {status}")
    if status == 401:
        return pe.AuthFailed(detail, code=code, message=TOKEN_EXPIRED if code == "token_expired" else None)
    if status == 403:
        return pe.NotPermitted(detail, code=code, message=_FORBIDDEN.get(code))
    if status == 404:
        return pe.NotFound(_INVALID.get(code, raw), detail=detail, code=code)
    # Studio answers a refusal that depends on current state (price_not_lower…) with 409 and one
    # of the request's form with 422; older Studios sent some of the former as 422: one table.
    if status == 409:
        return pe.Conflict(_CONFLICTS.get(code) or _INVALID.get(code, raw), detail=detail, code=code)
    if code == "invalid_comment_log":
        return pe.InvalidRequest(_comment_log_refused(body), detail=detail, code=code)
    if status in (400, 405, 408, 413, 415, 422):
        return pe.InvalidRequest(_INVALID.get(code) or _CONFLICTS.get(code, raw), detail=detail, code=code)
    if status == 429:
        return pe.RateLimited(retry_after_s(response, 1.0), detail=detail, code=code)
    if status == 503:
        return pe.Unavailable(detail, code=code)
    return pe.OutcomeUnknown(detail, code=code)
