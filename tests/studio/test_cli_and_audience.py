"""`anchor-console studio` on the command line, the demo world, and the simulated audience."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import httpx
import pytest

from support.studio import make_room
from support.viewers import join
from support.studio import ROOT, wait_until


def test_prints_exactly_one_json_line_and_binds_loopback(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "anchor_console", "studio", "--port", "0", "--db",
                             str(tmp_path / "s.sqlite"), "--exit-with-stdin"], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        info = json.loads(proc.stdout.readline())
        assert set(info) == {"url", "room_id", "tokens", "wechat", "tiktok", "twitch", "youtube"}
        assert set(info["tiktok"]) == {"app_key", "app_secret", "service_id", "redirect_uri", "shop"}
        assert set(info["twitch"]) == {"client_id", "broadcaster_id", "broadcaster_login", "sign_in_as", "user_id"}
        assert set(info["tokens"]) == {"anchor", "assistant", "moderator"}
        wechat = info["wechat"]   # the WeChat emulator's accounts, and the room as each WeChat adapter names it
        assert set(wechat) == {"appid", "secret", "live_room_id", "anchor_wechat", "shop"}
        assert set(wechat["shop"]) == {"appid", "secret", "live_export_id"} and wechat["live_room_id"] == info["room_id"]
        assert info["url"].startswith("http://127.0.0.1:")
        assert httpx.get(info["url"] + "/api/v1/health").json()["ok"] is True
        proc.stdin.close()  # the parent goes away
        assert proc.wait(10) == 0
        assert proc.stdout.read() == b""  # nothing else was printed on stdout
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_secrets_file_keeps_tokens_and_emulator_secrets_out_of_the_output(tmp_path):
    """A team's Studio (docker compose) has its output logged: --secrets-file takes the tokens and
    the emulators' secrets out of it, into a file only its owner can read."""
    secrets = tmp_path / "secrets.json"
    secrets.write_text("old")
    secrets.chmod(0o644)
    proc = subprocess.Popen([sys.executable, "-m", "anchor_console", "studio", "--port", "0", "--db",
                             str(tmp_path / "s.sqlite"), "--exit-with-stdin", "--secrets-file", str(secrets)],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        line = proc.stdout.readline()
        info = json.loads(line)
        assert set(info) == {"url", "room_id", "secrets_file"} and info["secrets_file"] == str(secrets)
        kept = json.loads(secrets.read_text())
        assert set(kept["tokens"]) == {"anchor", "assistant", "moderator"} and kept["wechat"]["secret"]
        assert all(token.encode() not in line for token in kept["tokens"].values())
        assert secrets.stat().st_mode & 0o777 == 0o600
        assert httpx.get(info["url"] + "/api/v1/health", headers={"Authorization": "Bearer " + kept["tokens"][
            "anchor"]}).json()["ok"] is True
        proc.stdin.close()
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()


def test_a_port_in_use_is_a_clear_error(studio, tmp_path):
    r = subprocess.run([sys.executable, "-m", "anchor_console", "studio", "--port", str(studio.port), "--db",
                        str(tmp_path / "s.sqlite")], cwd=ROOT, capture_output=True, timeout=30)
    assert r.returncode == 2 and "cannot bind" in json.loads(r.stdout)["error"]


def test_demo_world(studio, api):
    products = api.get("/api/v1/products").json()["items"]
    assert len(products) >= 20
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in p["name"]) for p in products)  # Chinese names
    assert all(s["price_fen"] > 0 and s["stock"] > 0 for p in products for s in p["skus"])
    assert len(api.get("/api/v1/coupon-templates").json()["items"]) >= 3
    for p in products:
        image = httpx.get(studio.url + p["image_url"])
        assert image.status_code == 200 and image.content[:8] == b"\x89PNG\r\n\x1a\n"
    room = api.get(f"/api/v1/rooms/{studio.room_id}").json()
    assert room["status"] == "live" and room["stage_product_id"] is not None
    roles = {s["role"] for s in api.get("/api/v1/staff").json()["items"]}
    assert roles == {"anchor", "assistant", "moderator"}


def comments_since(api, rid, after):
    return api.get(f"/api/v1/rooms/{rid}/comments", params={"after_id": after, "limit": 1000}).json()["items"]


def test_audience_on_off_and_rate(studio, api):
    rid = make_room(studio)
    url = f"/api/v1/rooms/{rid}/audience"
    assert api.get(url).json()["enabled"] is False
    s = api.put(url, json={"enabled": True, "comments_per_s": 200, "viewers": 200}).json()
    assert s["enabled"] and s["comments_per_s"] == 200
    start = time.monotonic()
    time.sleep(3.0)
    got = len(comments_since(api, rid, 0))
    elapsed = time.monotonic() - start
    assert 200 * elapsed * 0.5 < got < 200 * elapsed * 1.5, got
    api.put(url, json={"enabled": False})
    time.sleep(0.3)
    last = comments_since(api, rid, 0)[-1]["id"] if got else 0
    time.sleep(1.0)
    assert comments_since(api, rid, last) == []
    stats = api.get(f"/api/v1/rooms/{rid}/stats").json()
    assert stats["online"] > 100 and stats["entries"] > 100 and stats["comments"] >= got


def test_orders_follow_the_stage_and_promotions_cause_bursts(studio, api):
    rid = make_room(studio, products=(1001, 1002, 1003, 1006, 1007))
    api.put(f"/api/v1/rooms/{rid}/audience", json={"enabled": True, "comments_per_s": 20, "viewers": 600})
    try:
        api.put(f"/api/v1/rooms/{rid}/stage", json={"product_id": 1006})
        wait_until(lambda: api.get(f"/api/v1/rooms/{rid}/stats").json()["orders"] >= 10, timeout=20)
        sales = api.get(f"/api/v1/rooms/{rid}/stats").json()["sales"]
        assert max(sales, key=sales.get) == "1006"  # the product on stage sells most
        batch = api.post(f"/api/v1/rooms/{rid}/coupons", json={"template_id": 2, "quantity": 50,
                                                                "valid_minutes": 10}).json()
        wait_until(lambda: api.get(f"/api/v1/rooms/{rid}/coupons/{batch['id']}").json()["claimed"] >= 30,
                   timeout=20)
        sale = api.post(f"/api/v1/rooms/{rid}/flash-sales", json={
            "product_id": 1007, "sku_id": 10071, "sale_price_fen": 5900, "stock": 20, "countdown_s": 0,
            "duration_s": 120}).json()
        api.post(f"/api/v1/rooms/{rid}/flash-sales/{sale['id']}/start")
        wait_until(lambda: api.get(f"/api/v1/rooms/{rid}/flash-sales/{sale['id']}").json()["state"] == "ended",
                   timeout=20)
        done = api.get(f"/api/v1/rooms/{rid}/flash-sales/{sale['id']}").json()
        assert (done["sold"], done["ended_reason"]) == (20, "sold_out")
    finally:
        api.put(f"/api/v1/rooms/{rid}/audience", json={"enabled": False})


def test_audience_respects_mutes_and_bans(studio, api):
    rid = make_room(studio)
    api.put(f"/api/v1/rooms/{rid}/mute-all", json={"muted": True})
    api.put(f"/api/v1/rooms/{rid}/audience", json={"enabled": True, "comments_per_s": 300, "viewers": 100})
    try:
        time.sleep(1.0)
        assert comments_since(api, rid, 0) == []
    finally:
        api.put(f"/api/v1/rooms/{rid}/audience", json={"enabled": False})


def test_replay_a_comment_log_at_20x(studio, api):
    rid = make_room(studio)
    lines = [json.dumps({"t": i * 0.1, "nickname": f"回放{i % 7}", "text": f"回放评论{i}"}, ensure_ascii=False)
             for i in range(300)]  # 30 s of comments
    r = api.post(f"/api/v1/rooms/{rid}/audience/replay", params={"speed": 20},
                 content="\n".join(lines).encode())
    assert r.status_code == 200 and r.json()["comments"] == 300 and r.json()["duration_s"] == pytest.approx(1.495, 0.01)
    wait_until(lambda: len(comments_since(api, rid, 0)) >= 300, timeout=10)
    texts = [c["text"] for c in comments_since(api, rid, 0)]
    assert texts == [f"回放评论{i}" for i in range(300)]
    bad = api.post(f"/api/v1/rooms/{rid}/audience/replay", content=b'{"t": 0, "text": "ok"}\n{broken\n')
    assert bad.status_code == 422 and "Line 2" in bad.json()["message"]


def test_staff_can_read_what_each_simulated_comment_was_meant_as(studio, api):
    """The audience's ground truth (comment id → kind), for measuring moderation: staff who control
    the audience may read it; moderators and viewers may not, and no comment carries it."""
    from anchor_console.studio.comment_corpus import KINDS

    rid = make_room(studio)
    api.put(f"/api/v1/rooms/{rid}/audience", json={"enabled": True, "comments_per_s": 400, "viewers": 500})
    try:
        wait_until(lambda: len(comments_since(api, rid, 0)) >= 400, timeout=20)
    finally:
        api.put(f"/api/v1/rooms/{rid}/audience", json={"enabled": False})
    time.sleep(0.3)
    truth: dict[int, str] = {}
    after = 0
    while True:
        page = api.get(f"/api/v1/rooms/{rid}/audience/ground-truth", params={"after_id": after, "limit": 100}).json()
        if not page["items"]:
            break
        truth.update((item["id"], item["kind"]) for item in page["items"])
        after = page["next_after_id"]
    comments = {}
    after = 0
    while batch := comments_since(api, rid, after):
        comments.update((c["id"], c) for c in batch)
        after = batch[-1]["id"]
    assert set(truth) == set(comments)            # every simulated comment, and only those
    assert set(truth.values()) <= set(KINDS) and {"question", "intent", "spam"} <= set(truth.values())
    spam = [comments[i]["text"] for i, k in truth.items() if k == "spam"]
    assert any(ch.isdigit() for text in spam for ch in text)   # 引流 carries numbers, ids, links
    assert all("kind" not in c for c in comments.values())   # the comment API never says
    # Staff who post too, and their comments, are not in it.
    with studio.client("anchor") as anchor:
        staff = anchor.post(f"/api/v1/rooms/{rid}/comments", json={"text": "主播说话"}).json()
        assert anchor.get(f"/api/v1/rooms/{rid}/audience/ground-truth",
                          params={"after_id": max(truth)}).json()["items"] == []
    assert staff["id"] not in truth
    with studio.client("moderator") as moderator:
        assert moderator.get(f"/api/v1/rooms/{rid}/audience/ground-truth").status_code == 403
    viewer = join(studio)
    r = httpx.get(f"{studio.url}/api/v1/rooms/{rid}/audience/ground-truth", headers=viewer["headers"], timeout=10)
    assert r.status_code == 403
    assert api.get("/api/v1/rooms/999999/audience/ground-truth").status_code == 404
