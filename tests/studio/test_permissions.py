"""The permission matrix, cell by cell: for every action in
anchor_console.studio.permissions.PERMISSIONS and every role, a representative request is
refused with 403 exactly when the matrix says so."""

from __future__ import annotations

import time

import httpx
import pytest

from anchor_console.studio.permissions import PERMISSIONS, Role
from support.studio import make_room
from support.viewers import join


@pytest.fixture(scope="module")
def world(studio):
    rid = make_room(studio)
    viewer = join(studio, "权限测试观众")
    with studio.client("anchor") as anchor:
        comment = anchor.post(f"/api/v1/rooms/{rid}/comments", json={"text": "staff"}).json()
        issue = anchor.post(f"/api/v1/rooms/{rid}/coupons", json={"template_id": 2, "quantity": 100,
                                                                   "valid_minutes": 60}).json()
        sale = anchor.post(f"/api/v1/rooms/{rid}/flash-sales", json={
            "product_id": 1002, "sku_id": 10022, "sale_price_fen": 9900, "stock": 50, "per_buyer_limit": 10,
            "duration_s": 3600}).json()
        anchor.post(f"/api/v1/rooms/{rid}/flash-sales/{sale['id']}/start")
        start = time.time() + 3600
        planned = anchor.post("/api/v1/plans", json={"title": "权限测试预告", "starts_at": start,
                                                     "ends_at": start + 3600}).json()
        bag = anchor.post(f"/api/v1/rooms/{rid}/lucky-bags", json={
            "prize": "perm", "winners": 1, "rule": "follow", "countdown_s": 3600, "commitment": "0" * 64}).json()
    tokens = dict(studio.tokens)
    tokens["viewer"] = viewer["token"]
    return {"rid": rid, "planned": planned["id"], "viewer": viewer, "comment": comment["id"], "issue": issue["id"],
            "sale": sale["id"], "bag": bag["id"], "tokens": tokens}


def requests_for(action: str, w: dict) -> tuple[str, str, dict | None]:
    rid, v = w["rid"], f"v{w['viewer']['viewer_id']}"
    return {
        "room.read": ("GET", f"/api/v1/rooms/{rid}", None),
        "room.manage": ("POST", "/api/v1/rooms", {"title": "perm"}),
        "catalog.read": ("GET", "/api/v1/products", None),
        "catalog.write": ("PATCH", "/api/v1/products/1005", {"description": "perm"}),
        "shelf.write": ("PUT", f"/api/v1/rooms/{rid}/stage", {"product_id": 1001}),
        "coupon.read": ("GET", f"/api/v1/rooms/{rid}/coupons", None),
        "coupon.write": ("POST", f"/api/v1/rooms/{rid}/coupons", {"template_id": 2, "quantity": 1, "valid_minutes": 1}),
        "coupon.claim": ("POST", f"/api/v1/rooms/{rid}/coupons/{w['issue']}/claim", None),
        "flash_sale.read": ("GET", f"/api/v1/rooms/{rid}/flash-sales", None),
        "flash_sale.manage": ("POST", f"/api/v1/rooms/{rid}/flash-sales/{w['sale']}/start", None),
        "order.create": ("POST", f"/api/v1/rooms/{rid}/orders", {"sku_id": 10011}),
        "order.read": ("GET", f"/api/v1/rooms/{rid}/orders", None),
        "comment.read": ("GET", f"/api/v1/rooms/{rid}/comments", None),
        "comment.post": ("POST", f"/api/v1/rooms/{rid}/comments", {"text": "perm"}),
        "comment.moderate": ("PUT", f"/api/v1/rooms/{rid}/comments/{w['comment']}/hidden", {"hidden": False}),
        "viewer.read": ("GET", f"/api/v1/rooms/{rid}/viewers/{v}", None),
        "viewer.moderate": ("DELETE", f"/api/v1/rooms/{rid}/viewers/{v}/mute", None),
        "room.mute_all": ("PUT", f"/api/v1/rooms/{rid}/mute-all", {"muted": False}),
        "room.chat_modes": ("PUT", f"/api/v1/rooms/{rid}/chat-modes", {"shield": False}),
        "staff.read": ("GET", "/api/v1/staff", None),
        "staff.manage": ("POST", "/api/v1/staff", {"name": "perm", "role": "moderator"}),
        "stats.read": ("GET", f"/api/v1/rooms/{rid}/stats", None),
        "events.read": ("GET", f"/api/v1/rooms/{rid}/events", None),
        "audience.control": ("GET", f"/api/v1/rooms/{rid}/audience", None),
        "studio.clock": ("PUT", "/api/v1/studio/clock", {"speed": 1}),
        "plan.reserve": ("POST", f"/api/v1/rooms/{w['planned']}/reservations", None),
        "notification.read": ("GET", "/api/v1/notifications", None),
        "giveaway.read": ("GET", f"/api/v1/rooms/{rid}/lucky-bags", None),
        "giveaway.manage": ("POST", f"/api/v1/rooms/{rid}/lucky-bags/{w['bag']}/close", None),
        "giveaway.join": ("POST", f"/api/v1/rooms/{rid}/follow", None),
        "crew.seat": ("GET", f"/api/v1/rooms/{rid}/seats", None),
        "word_lists.read": ("GET", "/api/v1/word-lists", None),
        "word_lists.write": ("PUT", "/api/v1/word-lists", {"lists": {}}),
    }[action]


CELLS = [(action, role) for action in sorted(PERMISSIONS) for role in Role]


def test_every_action_has_a_representative_request(world):
    for action in PERMISSIONS:
        requests_for(action, world)


@pytest.mark.parametrize("action,role", CELLS, ids=[f"{a}-{r.value}" for a, r in CELLS])
def test_cell(studio, world, action, role):
    method, path, body = requests_for(action, world)
    headers = {"Authorization": f"Bearer {world['tokens'][role.value]}"}
    with httpx.Client(base_url=studio.url, timeout=10) as c:
        if path.endswith("/events"):
            with c.stream(method, path, headers=headers) as r:
                status = r.status_code
        else:
            r = c.request(method, path, json=body, headers=headers)
            status = r.status_code
    if role in PERMISSIONS[action]:
        assert status != 403, f"{role.value} should be allowed {action}: {r.text if status != 200 else ''}"
        assert status < 500
    else:
        assert status == 403, f"{role.value} must not be allowed {action} (got {status})"
        assert r.json()["code"] in ("forbidden",) if not path.endswith("/events") else True


def test_no_token_is_401_and_a_bad_token_is_401(studio, world):
    r = httpx.get(f"{studio.url}/api/v1/rooms/{world['rid']}")
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    r = httpx.get(f"{studio.url}/api/v1/rooms/{world['rid']}", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401 and "token" in r.json()["message"]


def test_the_two_rules_the_issue_names(studio, world):
    def status(role, method, path, body=None):
        return httpx.request(method, f"{studio.url}{path}", json=body,
                             headers={"Authorization": f"Bearer {world['tokens'][role]}"}).status_code

    rid = world["rid"]
    assert status("moderator", "POST", f"/api/v1/rooms/{rid}/flash-sales",
                  {"product_id": 1001, "sku_id": 10011, "sale_price_fen": 100, "stock": 1}) == 403
    # A viewer can only comment, claim, buy, take part in giveaways (follow, enter, grab a red
    # packet), reserve a planned live and read their reminders.
    allowed = {a for a, roles in PERMISSIONS.items() if Role.VIEWER in roles}
    assert allowed == {"comment.post", "coupon.claim", "order.create", "giveaway.join", "plan.reserve",
                       "notification.read"}
