"""Mini-program live (小程序直播) on Studio's rooms: getliveinfo, /wxaapi/broadcast/room/*, goods/*,
role/* and the goods library with its review.

The mapping onto Studio: a live room is a Studio room (roomid = Studio's room id; 102 scheduled,
101 live, 103 ended, 107 a scheduled room whose planned end has passed); the goods library is
Studio's catalog (goods_id = product id; prices in 分, as getliveinfo's page says); a room's goods
are its shelf, the pushed product (讲解) its stage, banComment its room-wide mute. What only
WeChat has — a room's plan (anchor, cover, planned times, switches), a product's review and page
path, assistants, the live team — is kept beside Studio's tables. Products that were never
submitted through goods/add count as approved (added in the live console, thirdPartyTag 0).

Rules enforced as WeChat documents them: a room's name 3–17 Chinese characters and the anchor's
2–15 (a Latin letter counts half), start 10 minutes to 6 months ahead, 30 minutes to 24 hours long,
images that are media ids this emulator issued more than 3 days ago expired (40007; ids it never
issued — a documented example's — are taken as they are),
the anchor's WeChat account real-name verified (here: a member of the live team) — else 300036
with the verification QR code; a product name of at most 14 Chinese characters, a price in 元 with
at most two decimals; only approved goods can be imported (300025), at most ROOM_GOODS_CAP to a
room (300033); while a push (讲解) is in progress (`push_s`), another push answers 300047 and an
on/off-sale change 300049; a product off sale cannot be pushed (300052)."""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import TYPE_CHECKING

from anchor_console.studio.errors import ApiError
from anchor_console.studio.wechat.core import MINI_PROGRAM, Api, Call, Gate, WeChatConfig, image_url
from anchor_console.studio.wechat.errors import WxError, ok
from anchor_console.studio.store import EmulatorTables
from anchor_console.studio.wechat.fields import (
    dicts_field, flag_field, id_field, int_field, query_int, str_field, text_width,
)

if TYPE_CHECKING:
    from anchor_console.studio.services import Studio
    from anchor_console.studio.wechat.media import Media

B = "/wxaapi/broadcast"
BAD = 47001                 # a missing or mistyped field
ROOM_GOODS_CAP = 500
ASSISTANTS_MAX = 10
NEW_GOODS_STOCK = 999       # goods/add carries no stock (it lives in the merchant's mini-program)
LIVE_STATUS = {"live": 101, "scheduled": 102, "ended": 103}
VERIFY_QR = "https://res.wx.qq.com/op_res/9rSix1dhHfK4rR049JL0PHJ7TpOvkuZ3mE0z7Ou_Etvjf-w1J_jVX0rZqeStLfwh"
PLAYER_PLUGIN = "wx2b03c6e691cd7370"   # the live-player plugin's AppID, as in WeChat's share paths
ROLE_NAMES = {0: "超级管理员", 1: "管理员", 2: "主播", 3: "运营者"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS wx_rooms(
  room_id INTEGER PRIMARY KEY, plan TEXT NOT NULL, start_time INTEGER NOT NULL, end_time INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS wx_goods(
  goods_id INTEGER PRIMARY KEY, audit_status INTEGER NOT NULL, audit_id INTEGER NOT NULL, price_type INTEGER NOT NULL,
  price_fen INTEGER NOT NULL, price2_fen INTEGER NOT NULL, url TEXT NOT NULL, cover TEXT NOT NULL,
  third_party_appid TEXT NOT NULL, submitted_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS wx_assistants(
  room_id INTEGER NOT NULL, username TEXT NOT NULL, nickname TEXT NOT NULL, updated_at REAL NOT NULL,
  PRIMARY KEY(room_id, username));
CREATE TABLE IF NOT EXISTS wx_roles(
  username TEXT NOT NULL, role INTEGER NOT NULL, nickname TEXT NOT NULL, updated_at REAL NOT NULL,
  PRIMARY KEY(username, role));
"""

DEMO_TEAM = [("studio_admin", 0, "店铺管理员"), ("studio_anchor", 2, "小美主播"), ("studio_anchor", 3, "小美主播"),
             ("studio_ops", 3, "运营小王")]


def openid_of(account: str) -> str:
    """A stable openid for a WeChat account name (28 characters, like WeChat's)."""
    return "o" + hashlib.sha256(f"studio:{account}".encode()).hexdigest()[:27]


def masked(account: str) -> str:
    return account[:2] + "****" + account[-2:] if len(account) > 4 else account[:1] + "****"


def media_url(media_id: str) -> str:
    return f"http://mmbiz.qpic.cn/mmbiz_jpg/{media_id}/0?wx_fmt=jpeg" if media_id else ""


def to_fen(price: object) -> int | None:
    """A price in 元 with at most two decimals, as 分 (None if it is not one)."""
    if isinstance(price, bool) or not isinstance(price, (int, float)):
        return None
    fen = round(price * 100)
    return fen if abs(price * 100 - fen) < 1e-6 and fen > 0 else None


class Live(EmulatorTables):
    schema = SCHEMA

    def __init__(self, gate: Gate, studio: Studio, config: WeChatConfig, *, push_domain: str, push_key: str,
                 media: Media | None = None) -> None:
        super().__init__(studio)
        self.gate, self.config = gate, config
        self.media = media
        self.push_domain, self.push_key = push_domain, push_key
        self._pushing: dict[int, float] = {}   # room -> when the current push settles

    def seed_demo_team(self) -> None:
        if self.db.execute("SELECT 1 FROM wx_roles LIMIT 1").fetchone():
            return
        with self.store.tx():
            for username, role, nickname in DEMO_TEAM:
                self.db.execute("INSERT OR IGNORE INTO wx_roles(username, role, nickname, updated_at) VALUES (?,?,?,?)",
                                (username, role, nickname, self.now()))

    def apis(self) -> list[Api]:
        k = frozenset({MINI_PROGRAM})
        return [Api("/wxa/business/getliveinfo", "POST", k, self.getliveinfo),
                Api(f"{B}/room/create", "POST", k, self.create_room),
                Api(f"{B}/room/editroom", "POST", k, self.edit_room),
                Api(f"{B}/room/getpushurl", "GET", k, self.push_url),
                Api(f"{B}/room/getsharedcode", "GET", k, self.shared_code),
                Api(f"{B}/room/addgoods", "POST", k, self.add_goods),
                Api(f"{B}/room/updatecomment", "POST", k, self.update_comment),
                Api(f"{B}/room/addassistant", "POST", k, self.add_assistant),
                Api(f"{B}/room/modifyassistant", "POST", k, self.modify_assistant),
                Api(f"{B}/room/removeassistant", "POST", k, self.remove_assistant),
                Api(f"{B}/room/getassistantlist", "GET", k, self.assistants),
                Api(f"{B}/goods/push", "POST", k, self.push),
                Api(f"{B}/goods/onsale", "POST", k, self.on_sale),
                Api(f"{B}/goods/deleteInRoom", "POST", k, self.delete_in_room),
                Api(f"{B}/goods/sort", "POST", k, self.sort),
                Api(f"{B}/goods/add", "POST", k, self.goods_add),
                Api(f"{B}/goods/audit", "POST", k, self.goods_audit),
                Api(f"{B}/goods/getapproved", "GET", k, self.get_approved),
                Api("/wxa/business/getgoodswarehouse", "POST", k, self.goods_warehouse),
                Api(f"{B}/role/getrolelist", "GET", k, self.role_list),
                Api(f"{B}/role/addrole", "POST", k, self.add_role),
                Api(f"{B}/role/deleterole", "POST", k, self.delete_role)]

    # ------------------------------------------------------------------ rooms

    def _room(self, room_id: int):
        try:
            return self.studio.rooms.row(room_id)
        except ApiError:
            raise WxError(300022) from None

    def _open_room(self, room_id: int):
        """A room that has not ended: an ended one takes no more changes (300023)."""
        r = self._room(room_id)
        if r["status"] == "ended":
            raise WxError(300023)
        return r

    def _plan(self, room_id: int):
        return self.db.execute("SELECT * FROM wx_rooms WHERE room_id = ?", (room_id,)).fetchone()

    def room_info(self, r, base_url: str) -> dict:
        plan_row = self._plan(r["id"])
        plan = json.loads(plan_row["plan"]) if plan_row else {}
        if plan_row:
            start, end = plan_row["start_time"], plan_row["end_time"]
        else:
            start = int(r["started_at"] or r["created_at"])
            end = int(r["ended_at"] or start + 7200)
        status = LIVE_STATUS[r["status"]]
        if status == 102 and end < self.now():
            status = 107
        goods = [self._room_goods(item["product"], base_url) for item in self.studio.shelf.items(r["id"])]
        return {"name": r["title"], "roomid": r["id"], "cover_img": media_url(plan.get("coverImg", "")),
                "share_img": media_url(plan.get("shareImg", "")), "live_status": status, "start_time": start,
                "end_time": end, "anchor_name": plan.get("anchorName", ""), "goods": goods,
                "live_type": plan.get("type", 0), "close_like": plan.get("closeLike", 0),
                "close_goods": plan.get("closeGoods", 0), "close_comment": plan.get("closeComment", 0),
                "close_kf": plan.get("closeKf", 0), "close_replay": plan.get("closeReplay", 0),
                "is_feeds_public": plan.get("isFeedsPublic", 0),
                "creater_openid": openid_of(plan["createrWechat"]) if plan.get("createrWechat") else "",
                "feeds_img": media_url(plan.get("feedsImg", ""))}

    def getliveinfo(self, call: Call) -> dict:
        if "action" in call.body:
            raise WxError(BAD, "action: replays are not emulated")
        start = int_field(call.body, "start", code=BAD, default=0, low=0)
        limit = int_field(call.body, "limit", code=BAD, default=10, low=1)
        limit = min(limit, 100)
        ids = [row[0] for row in self.db.execute("SELECT id FROM rooms ORDER BY id DESC")]
        page = ids[start:start + limit]
        if not page:
            raise WxError(9410000)
        rooms = [self.room_info(self.studio.rooms.row(i), call.base_url) for i in page]
        return ok(total=len(ids), room_info=rooms)

    def _plan_fields(self, body: dict, *, creating: bool) -> dict:
        name = str_field(body, "name", code=BAD)
        if not 6 <= text_width(name) <= 34:
            raise WxError(300002)
        anchor = str_field(body, "anchorName", code=BAD)
        if not 4 <= text_width(anchor) <= 30:
            raise WxError(300034)
        start = int_field(body, "startTime", code=BAD)
        end = int_field(body, "endTime", code=BAD)
        now = self.now()
        if not (now + 600 <= start <= now + 183 * 86400 and 1800 <= end - start <= 86400):
            raise WxError(200002, "parameter startTime or endTime is invalid")
        plan = {"name": name, "anchorName": anchor, "startTime": start, "endTime": end,
                "anchorWechat": str_field(body, "anchorWechat", code=BAD),
                "coverImg": str_field(body, "coverImg", code=BAD, allow_empty=True),
                "shareImg": str_field(body, "shareImg", code=BAD, allow_empty=True),
                "feedsImg": str_field(body, "feedsImg", code=BAD, required=creating, allow_empty=True)}
        for key in ("isFeedsPublic", "closeLike", "closeGoods", "closeComment", "closeReplay", "closeShare",
                    "closeKf"):
            plan[key] = flag_field(body, key, code=BAD)
        if creating:
            plan["type"] = flag_field(body, "type", code=BAD)
            plan["subAnchorWechat"] = str_field(body, "subAnchorWechat", code=BAD, required=False)
            plan["createrWechat"] = str_field(body, "createrWechat", code=BAD, required=False)
        for image in ("coverImg", "shareImg", "feedsImg"):
            if self.media is not None and self.media.expired(plan.get(image) or ""):
                raise WxError(40007)
        for account in (plan["anchorWechat"], plan.get("subAnchorWechat")):
            if account and not self.db.execute("SELECT 1 FROM wx_roles WHERE username = ?", (account,)).fetchone():
                raise WxError(300036, qrcode_url=VERIFY_QR)
        return plan

    def create_room(self, call: Call) -> dict:
        plan = self._plan_fields(call.body, creating=True)
        with self.store.tx():
            room = self.studio.rooms.create(plan["name"])
            self.db.execute("INSERT INTO wx_rooms(room_id, plan, start_time, end_time) VALUES (?,?,?,?)",
                            (room["id"], json.dumps(plan, ensure_ascii=False), plan["startTime"], plan["endTime"]))
        return ok(roomId=room["id"])

    def edit_room(self, call: Call) -> dict:
        room_id = id_field(call.body, "id", code=BAD)
        r = self._room(room_id)
        if r["status"] != "scheduled":
            raise WxError(300023)
        plan = self._plan_fields(call.body, creating=False)
        old = self._plan(room_id)
        kept = {k: v for k, v in (json.loads(old["plan"]) if old else {}).items()
                if k in ("type", "subAnchorWechat", "createrWechat")}
        plan = {**kept, **plan}
        with self.store.tx():
            self.studio.rooms.rename(room_id, plan["name"])
            self.db.execute("INSERT INTO wx_rooms(room_id, plan, start_time, end_time) VALUES (?,?,?,?) "
                            "ON CONFLICT(room_id) DO UPDATE SET plan = excluded.plan, start_time = excluded.start_time, "
                            "end_time = excluded.end_time",
                            (room_id, json.dumps(plan, ensure_ascii=False), plan["startTime"], plan["endTime"]))
        return ok()

    def push_url(self, call: Call) -> dict:
        room_id = query_int(call.query, "roomId")
        self._room(room_id)
        # Tencent Cloud Live's anti-leech signature, as Studio's own push URL, with txTime in lower-case
        # hex as WeChat's example writes it: txSecret = MD5(key + stream + txTime).
        stream, tx_time = f"{call.appid}-{room_id}", format(int(self.now()) + 24 * 3600, "x")
        tx_secret = hashlib.md5(f"{self.push_key}{stream}{tx_time}".encode()).hexdigest()
        return ok(pushAddr=f"rtmp://{self.push_domain}/live/{stream}?txSecret={tx_secret}&txTime={tx_time}")

    def shared_code(self, call: Call) -> dict:
        room_id = query_int(call.query, "roomId")
        self._room(room_id)
        digest = hashlib.sha256(f"{call.appid}:{room_id}:{call.query.get('params', '')}".encode()).hexdigest()
        return ok(cdnUrl=f"http://mmbiz.qpic.cn/mmbiz_jpg/{digest[:48]}/0",
                  pagePath=f"plugin-private://{PLAYER_PLUGIN}/pages/live-player-plugin?room_id={room_id}",
                  posterUrl=f"http://mmbiz.qpic.cn/mmbiz_jpg/{digest[16:64]}/0")

    def update_comment(self, call: Call) -> dict:
        room_id = id_field(call.body, "roomId", code=BAD)
        if "banComment" not in call.body:
            raise WxError(BAD)
        ban = flag_field(call.body, "banComment", code=BAD)
        self._open_room(room_id)
        self.studio.moderation.set_mute_all(room_id, bool(ban))
        return ok()

    # ------------------------------------------------------------------ goods in a room

    def _audit(self, product_id: int) -> int:
        """A product's review state (0 not submitted, 1 in review, 2 approved, 3 rejected)."""
        row = self.db.execute("SELECT audit_status, submitted_at FROM wx_goods WHERE goods_id = ?",
                              (product_id,)).fetchone()
        if row is None:
            return 2
        if row["audit_status"] == 1 and self.now() >= row["submitted_at"] + self.config.review_s:
            with self.store.tx():
                self.db.execute("UPDATE wx_goods SET audit_status = 2 WHERE goods_id = ?", (product_id,))
            return 2
        return row["audit_status"]

    def _product(self, product_id: int) -> dict:
        try:
            return self.studio.catalog.product(product_id)
        except ApiError:
            raise WxError(300024) from None

    def _prices(self, product: dict) -> tuple[int, int, int]:
        """(price_type, price, price2) in 分: the SKU prices are the current ones."""
        row = self.db.execute("SELECT * FROM wx_goods WHERE goods_id = ?", (product["id"],)).fetchone()
        prices = [s["price_fen"] for s in product["skus"]] or [0]
        if row is None or row["price_type"] == 1:
            return 1, min(prices), 0
        if row["price_type"] == 2:
            return 2, min(prices), max(max(prices), row["price2_fen"])
        return 3, row["price_fen"], min(prices)

    def _room_goods(self, product: dict, base_url: str) -> dict:
        row = self.db.execute("SELECT url, cover, third_party_appid FROM wx_goods WHERE goods_id = ?",
                              (product["id"],)).fetchone()
        price_type, price, price2 = self._prices(product)
        return {"cover_img": media_url(row["cover"]) if row else image_url(product, base_url),
                "url": row["url"] if row else f"pages/goods/detail?id={product['id']}", "name": product["name"],
                "price": price, "price2": price2, "price_type": price_type, "goods_id": product["id"],
                "third_party_appid": row["third_party_appid"] if row else ""}

    def _listed(self, room_id: int, product_id: int):
        row = self.db.execute("SELECT * FROM shelf WHERE room_id = ? AND product_id = ?", (room_id, product_id)).fetchone()
        if row is None:
            raise WxError(300053)
        return row

    def add_goods(self, call: Call) -> dict:
        ids = call.body.get("ids")
        room_id = id_field(call.body, "roomId", code=BAD)
        if not isinstance(ids, list) or not ids:
            raise WxError(BAD)
        goods = [id_field({"id": i}, "id", code=BAD) for i in ids]
        self._open_room(room_id)
        for gid in goods:
            self._product(gid)
            if self._audit(gid) != 2:
                raise WxError(300025)
        listed = {row[0] for row in self.db.execute("SELECT product_id FROM shelf WHERE room_id = ?", (room_id,))}
        if len(set(goods)) != len(goods) or listed & set(goods):
            raise WxError(300027)
        if len(listed) + len(goods) > ROOM_GOODS_CAP:
            raise WxError(300033)
        with self.store.tx():
            for gid in goods:
                self.studio.shelf.add(room_id, gid)
        return ok()

    def _pushing_now(self, room_id: int) -> bool:
        return self._pushing.get(room_id, 0.0) > self.now()

    def push(self, call: Call) -> dict:
        room_id = id_field(call.body, "roomId", code=BAD)
        goods_id = id_field(call.body, "goodsId", code=BAD)
        if self._room(room_id)["status"] != "live":
            raise WxError(300023)
        self._product(goods_id)
        if not self._listed(room_id, goods_id)["on_sale"]:
            raise WxError(300052)
        if self._pushing_now(room_id):
            raise WxError(300047)
        self.studio.shelf.put_on_stage(room_id, goods_id, replace=True)
        self._pushing[room_id] = self.now() + self.config.push_s
        return ok()

    def on_sale(self, call: Call) -> dict:
        room_id = id_field(call.body, "roomId", code=BAD)
        goods_id = id_field(call.body, "goodsId", code=BAD)
        if "onSale" not in call.body:
            raise WxError(BAD)
        on = flag_field(call.body, "onSale", code=BAD)
        self._open_room(room_id)
        self._product(goods_id)
        self._listed(room_id, goods_id)
        if self._pushing_now(room_id):
            raise WxError(300049)
        self.studio.shelf.set_on_sale(room_id, goods_id, bool(on))
        return ok()

    def delete_in_room(self, call: Call) -> dict:
        room_id = id_field(call.body, "roomId", code=BAD)
        goods_id = id_field(call.body, "goodsId", code=BAD)
        self._open_room(room_id)
        self._listed(room_id, goods_id)
        self.studio.shelf.remove(room_id, goods_id)
        return ok()

    def sort(self, call: Call) -> dict:
        room_id = id_field(call.body, "roomId", code=BAD)
        goods = dicts_field(call.body, "goods", code=BAD)
        wanted = [id_field(g, "goodsId", code=BAD) for g in goods]
        if len(set(wanted)) != len(wanted):
            raise WxError(BAD)
        self._open_room(room_id)
        current = [row[0] for row in self.db.execute("SELECT product_id FROM shelf WHERE room_id = ? ORDER BY position",
                                                     (room_id,))]
        if any(g not in current for g in wanted):
            raise WxError(300053)
        self.studio.shelf.reorder(room_id, wanted + [p for p in current if p not in wanted])
        return ok()

    # ------------------------------------------------------------------ assistants and the live team

    def add_assistant(self, call: Call) -> dict:
        room_id = id_field(call.body, "roomId", code=BAD)
        users = dicts_field(call.body, "users", code=BAD)
        people = [(str_field(u, "username", code=BAD, max_len=64), str_field(u, "nickname", code=BAD, max_len=64))
                  for u in users]
        self._room(room_id)
        have = {row[0] for row in self.db.execute("SELECT username FROM wx_assistants WHERE room_id = ?", (room_id,))}
        if len(have | {p[0] for p in people}) > ASSISTANTS_MAX:
            raise WxError(200002, "assistant count exceeds limit")
        with self.store.tx():
            for username, nickname in people:
                self.db.execute("INSERT INTO wx_assistants(room_id, username, nickname, updated_at) VALUES (?,?,?,?) "
                                "ON CONFLICT(room_id, username) DO UPDATE SET nickname = excluded.nickname, "
                                "updated_at = excluded.updated_at", (room_id, username, nickname, self.now()))
        return ok()

    def modify_assistant(self, call: Call) -> dict:
        room_id = id_field(call.body, "roomId", code=BAD)
        username = str_field(call.body, "username", code=BAD, max_len=64)
        nickname = str_field(call.body, "nickname", code=BAD, max_len=64)
        self._room(room_id)
        with self.store.tx():
            if not self.db.execute("UPDATE wx_assistants SET nickname = ?, updated_at = ? WHERE room_id = ? AND "
                                   "username = ?", (nickname, self.now(), room_id, username)).rowcount:
                raise WxError(200002, "assistant not exist")
        return ok()

    def remove_assistant(self, call: Call) -> dict:
        room_id = id_field(call.body, "roomId", code=BAD)
        username = str_field(call.body, "username", code=BAD, max_len=64)
        self._room(room_id)
        with self.store.tx():
            if not self.db.execute("DELETE FROM wx_assistants WHERE room_id = ? AND username = ?",
                                   (room_id, username)).rowcount:
                raise WxError(200002, "assistant not exist")
        return ok()

    def assistants(self, call: Call) -> dict:
        room_id = query_int(call.query, "roomId")
        self._room(room_id)
        rows = self.db.execute("SELECT * FROM wx_assistants WHERE room_id = ? ORDER BY updated_at", (room_id,)).fetchall()
        people = [{"timestamp": int(r["updated_at"]), "headimg": f"http://wx.qlogo.cn/mmhead/{openid_of(r['username'])}/0",
                   "nickname": r["nickname"], "alias": r["username"], "openid": openid_of(r["username"])} for r in rows]
        return ok(list=people, count=len(people), maxCount=ASSISTANTS_MAX)

    def role_list(self, call: Call) -> dict:
        role = query_int(call.query, "role", -1)
        offset = max(0, query_int(call.query, "offset", 0))
        limit = min(max(1, query_int(call.query, "limit", 10)), 30)   # documented: at most 30 a page
        keyword = call.query.get("keyword", "")
        members: dict[str, dict] = {}
        for r in self.db.execute("SELECT * FROM wx_roles ORDER BY username, role"):
            m = members.setdefault(r["username"], {"nickname": r["nickname"], "roles": [], "updated": 0.0})
            m["roles"].append(r["role"])
            m["updated"] = max(m["updated"], r["updated_at"])
        chosen = [(u, m) for u, m in members.items() if (role == -1 or role in m["roles"])
                  and (not keyword or keyword in m["nickname"] or keyword in u)]
        page = chosen[offset:offset + limit]
        return ok(total=len(chosen), list=[
            {"headingimg": f"http://wx.qlogo.cn/mmhead/{openid_of(u)}/0", "nickname": m["nickname"],
             "openid": openid_of(u), "roleList": m["roles"], "updateTimestamp": str(int(m["updated"])),
             "username": masked(u)} for u, m in page])

    def _role_body(self, call: Call) -> tuple[str, int]:
        return (str_field(call.body, "username", code=BAD, max_len=64),
                int_field(call.body, "role", code=BAD, low=1, high=3))

    def add_role(self, call: Call) -> dict:
        username, role = self._role_body(call)
        nickname = self.db.execute("SELECT nickname FROM wx_roles WHERE username = ?", (username,)).fetchone()
        with self.store.tx():
            self.db.execute("INSERT OR IGNORE INTO wx_roles(username, role, nickname, updated_at) VALUES (?,?,?,?)",
                            (username, role, nickname[0] if nickname else username, self.now()))
        return ok()

    def delete_role(self, call: Call) -> dict:
        username, role = self._role_body(call)
        with self.store.tx():
            self.db.execute("DELETE FROM wx_roles WHERE username = ? AND role = ?", (username, role))
        return ok()

    # ------------------------------------------------------------------ the goods library

    def goods_add(self, call: Call) -> dict:
        info = call.body.get("goodsInfo")
        if not isinstance(info, dict) or not info:
            raise WxError(200002, "goodsInfo must not be empty")
        name = str_field(info, "name", code=BAD)
        if text_width(name) > 28:
            raise WxError(300002)
        cover = str_field(info, "coverImgUrl", code=BAD)
        url = str_field(info, "url", code=BAD)
        price_type = int_field(info, "priceType", code=BAD, low=1, high=3)
        price = to_fen(info.get("price"))
        price2 = to_fen(info.get("price2")) if price_type != 1 else 0
        if price is None or price2 is None:
            raise WxError(200002, "price invalid")
        if (price_type == 2 and price2 <= price) or (price_type == 3 and price2 >= price):
            raise WxError(200002, "price invalid")
        current = price2 if price_type == 3 else price
        audit_id = secrets.randbelow(900_000_000) + 100_000_000
        with self.store.tx(durable=True):
            product = self.studio.catalog.create_product(
                name, [{"name": name, "price_fen": current, "stock": NEW_GOODS_STOCK}], category="小程序直播")
            self.db.execute(
                "INSERT INTO wx_goods(goods_id, audit_status, audit_id, price_type, price_fen, price2_fen, url, cover, "
                "third_party_appid, submitted_at) VALUES (?,1,?,?,?,?,?,?,?,?)",
                (product["id"], audit_id, price_type, price, price2, url, cover,
                 str_field(info, "thirdPartyAppid", code=BAD, required=False), self.now()))
        return ok(goodsId=product["id"], auditId=audit_id)

    def goods_audit(self, call: Call) -> dict:
        goods_id = id_field(call.body, "goodsId", code=BAD)
        self._product(goods_id)
        if self._audit(goods_id) in (1, 2):
            raise WxError(200002, "goods is auditing or audited")
        audit_id = secrets.randbelow(900_000_000) + 100_000_000
        with self.store.tx():
            self.db.execute("UPDATE wx_goods SET audit_status = 1, audit_id = ?, submitted_at = ? WHERE goods_id = ?",
                            (audit_id, self.now(), goods_id))
        return ok(auditId=audit_id)

    def _library(self) -> list[tuple[dict, int]]:
        return [(p, self._audit(p["id"])) for p in self.studio.catalog.list_products()]

    def get_approved(self, call: Call) -> dict:
        status = query_int(call.query, "status", -9)
        if status not in (0, 1, 2, 3):
            raise WxError(BAD)
        offset = max(0, query_int(call.query, "offset", 0))
        limit = min(max(1, query_int(call.query, "limit", 30)), 100)
        chosen = [p for p, audit in self._library() if audit == status]
        goods = []
        for p in chosen[offset:offset + limit]:
            g = self._room_goods(p, call.base_url)
            row = self.db.execute("SELECT cover FROM wx_goods WHERE goods_id = ?", (p["id"],)).fetchone()
            goods.append({"goodsId": p["id"], "coverImgUrl": media_url(row["cover"]) if row else g["cover_img"],
                          "name": p["name"], "price": g["price"], "url": g["url"], "priceType": g["price_type"],
                          "price2": g["price2"], "thirdPartyTag": 2 if row else 0,
                          "thirdPartyAppid": g["third_party_appid"]})
        return ok(total=len(chosen), goods=goods)

    def goods_warehouse(self, call: Call) -> dict:
        ids = call.body.get("goods_ids")
        if not isinstance(ids, list) or not ids or len(ids) > 20:
            raise WxError(BAD)
        goods = []
        for raw in ids:
            gid = id_field({"id": raw}, "id", code=BAD)
            try:
                p = self.studio.catalog.product(gid)
            except ApiError:
                continue
            g = self._room_goods(p, call.base_url)
            row = self.db.execute("SELECT cover FROM wx_goods WHERE goods_id = ?", (gid,)).fetchone()
            goods.append({"goods_id": gid, "cover_img_url": media_url(row["cover"]) if row else g["cover_img"],
                          "name": p["name"], "price": g["price"], "url": g["url"], "price_type": g["price_type"],
                          "price2": g["price2"], "audit_status": self._audit(gid), "third_party_tag": 2 if row else 0})
        return ok(goods=goods, total=len(goods))
