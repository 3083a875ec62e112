"""The figures Studio adds to a room's stats for the post-show review (followers, unique buyers,
coupon claims and uses, GMV with a coupon, sold per flash sale): counted by the change that moves
them, and an older database brought up to date with them filled from its orders."""

from __future__ import annotations

import sqlite3

from anchor_console.platforms.studio_json import parse_stats
from anchor_console.studio.services import Studio
from anchor_console.studio.store import Principal
from anchor_console.studio.permissions import Role
from support.postgres import studio_database


def live_room(studio: Studio) -> int:
    room = studio.rooms.create("r")["id"]
    studio.catalog.create_product("p", [{"id": 501, "name": "s", "price_fen": 10000, "stock": 100}], product_id=50)
    studio.shelf.add(room, 50)
    studio.coupons.create_template("满80减5", "threshold", 500, 8000, template_id=3)
    studio.rooms.start(room)
    return room


def test_stats_count_buyers_coupons_followers_and_flash_sales(tmp_path):
    studio = Studio(str(studio_database(tmp_path, "s")))
    room = live_room(studio)
    staff = Principal(Role.ASSISTANT, staff_id=1)
    a, b = (studio.accounts.join_as_viewer(n)["viewer_id"] for n in ("甲", "乙"))
    batch = studio.coupons.issue(room, 3, 10, 30, staff)["id"]
    claim = studio.coupons.claim(room, batch, a)["claim_id"]
    studio.coupons.claim(room, batch, b)
    studio.orders.create(room, a, 501, 1, claim)          # 10000 - 500
    studio.orders.create(room, a, 501, 1)                 # the same buyer again
    sale = studio.flash_sales.create(room, 50, 501, 5000, 3, 2, 0, 60, staff)["id"]
    studio.flash_sales.start(room, sale)
    studio.flash_sales.buy(room, sale, b, 2)
    studio.stats.add_likes(room, 4, 2, 1)
    s = studio.stats.of_room(room)
    assert (s["orders"], s["gmv_fen"], s["buyers"]) == (3, 9500 + 10000 + 10000, 2)
    assert (s["coupon_claims"], s["coupon_uses"], s["coupon_gmv_fen"]) == (2, 1, 9500)
    assert s["flash_sale_sold"] == {str(sale): 2} and s["followers"] == 1
    domain = parse_stats(s)
    assert domain.buyers == 2 and domain.flash_sale_sold == {str(sale): 2} and domain.coupon_gmv_fen == 9500
    studio.store.close()


def test_an_older_database_gets_the_new_figures_from_its_orders(tmp_path):
    path = tmp_path / "old.sqlite"
    studio = Studio(str(path))
    room = live_room(studio)
    viewer = studio.accounts.join_as_viewer("甲")["viewer_id"]
    studio.orders.create(room, viewer, 501, 1)
    studio.orders.create(room, viewer, 501, 1)
    studio.store.close()
    db = sqlite3.connect(path)      # as an older Studio left it: no such columns, schema version 2
    for column in ("followers", "buyers", "coupon_uses", "coupon_gmv_fen"):
        db.execute(f"ALTER TABLE room_stats DROP COLUMN {column}")
    db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    studio = Studio(str(path))
    s = studio.stats.of_room(room)
    assert (s["orders"], s["buyers"], s["coupon_uses"], s["followers"]) == (2, 1, 0, 0)
    studio.store.close()
