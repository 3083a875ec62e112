"""The demo world a newcomer sees: a catalog of 22 products with Chinese names, SKUs, prices in
fen, stock and shipped images; coupon templates; and a live room with part of the catalog on the
shelf and one product on stage."""

from __future__ import annotations

from anchor_console.studio.services import Studio

# (id, name, category, description, [(sku name, price fen, stock)])
CATALOG: list[tuple[int, str, str, str, list[tuple[str, int, int]]]] = [
    (1001, "春季新款针织开衫", "女装", "羊毛混纺,柔软不扎,宽松版型显瘦", [("S 米白", 15900, 80), ("M 米白", 15900, 120), ("L 米白", 15900, 100), ("XL 米白", 15900, 60)]),
    (1002, "高腰阔腿牛仔裤", "女装", "垂感好,显腿长,微弹面料", [("25", 12900, 40), ("26", 12900, 60), ("27", 12900, 70), ("28", 12900, 50), ("29", 12900, 30)]),
    (1003, "法式碎花连衣裙", "女装", "雪纺双层,V领收腰", [("S", 19900, 50), ("M", 19900, 80), ("L", 19900, 40)]),
    (1004, "男士纯棉短袖T恤", "男装", "新疆长绒棉,不变形不起球", [("M", 5900, 200), ("L", 5900, 240), ("XL", 5900, 180), ("XXL", 5900, 90)]),
    (1005, "轻薄羽绒服马甲", "男装", "90白鸭绒,可收纳", [("M", 29900, 40), ("L", 29900, 50), ("XL", 29900, 30)]),
    (1006, "氨基酸洁面乳 120g", "美妆", "温和清洁,敏感肌可用", [("单支", 6900, 300), ("两支装", 12900, 150)]),
    (1007, "玻尿酸补水面膜 10片", "美妆", "一片一精华,服帖不滴液", [("1盒", 8900, 260), ("3盒", 23900, 90)]),
    (1008, "丝绒哑光口红", "美妆", "显白不拔干,持妆8小时", [("#01 正红", 12900, 120), ("#02 豆沙", 12900, 150), ("#03 枫叶", 12900, 100)]),
    (1009, "清透防晒霜 SPF50+ 50ml", "美妆", "水感质地,不假白", [("50ml", 9900, 220)]),
    (1010, "控油蓬松洗发水 500ml", "个护", "无硅油,持久蓬松", [("500ml", 4990, 400)]),
    (1011, "每日坚果 30包", "食品", "6种坚果果干,独立小包", [("原味", 8990, 300), ("混合", 8990, 260)]),
    (1012, "云南高山红茶 250g", "食品", "蜜香浓郁,耐泡", [("250g", 6800, 150)]),
    (1013, "低脂鸡胸肉 10袋", "食品", "开袋即食,高蛋白", [("奥尔良", 5990, 320), ("黑椒", 5990, 280)]),
    (1014, "手工红糖糍粑", "食品", "软糯拉丝,空气炸锅可做", [("10个装", 3990, 500)]),
    (1015, "五常稻花香大米 5kg", "食品", "当季新米,软糯香甜", [("5kg", 7990, 200)]),
    (1016, "陶瓷内胆保温杯 500ml", "家居", "12小时保温,不串味", [("白", 6900, 120), ("蓝", 6900, 100), ("粉", 6900, 110)]),
    (1017, "乳胶护颈枕", "家居", "泰国天然乳胶,透气支撑", [("标准", 15900, 60), ("加高", 16900, 40)]),
    (1018, "纯棉四件套 1.8m", "家居", "60支长绒棉,亲肤透气", [("1.8m 雾蓝", 29900, 45), ("1.8m 奶咖", 29900, 50)]),
    (1019, "蓝牙降噪耳机", "数码", "主动降噪,续航30小时", [("黑", 39900, 80), ("白", 39900, 70)]),
    (1020, "20000mAh 快充充电宝", "数码", "22.5W 快充,可上飞机", [("20000mAh", 12900, 150)]),
    (1021, "智能体脂秤", "数码", "13项身体数据,App同步", [("白", 9900, 90)]),
    (1022, "儿童保温水壶", "母婴", "防漏吸管,食品级材质", [("蓝", 7900, 100), ("粉", 7900, 100)]),
]

COUPON_TEMPLATES = [
    (1, "满199减30", "threshold", 3000, 19900, 0),
    (2, "无门槛10元券", "cash", 1000, 0, 0),
    (3, "全场9折券", "percent", 0, 0, 10),
    (4, "满99减15", "threshold", 1500, 9900, 0),
]

DEMO_SHELF = [1001, 1002, 1003, 1006, 1007, 1008, 1011, 1013, 1016, 1019]
DEMO_ROOM_TITLE = "春季上新专场 · 周三晚8点"


def seed_catalog(studio: Studio) -> None:
    store = studio.store
    if store.meta("demo_catalog") == "1":
        return
    for pid, name, category, description, skus in CATALOG:
        studio.catalog.create_product(name, [{"id": pid * 10 + i, "name": n, "price_fen": p, "stock": s}
                                             for i, (n, p, s) in enumerate(skus, start=1)],
                                      category=category, description=description, image=f"products/{pid}.png",
                                      product_id=pid)
    for tid, name, kind, amount, threshold, percent in COUPON_TEMPLATES:
        studio.coupons.create_template(name, kind, amount, threshold, percent, template_id=tid)
    with store.tx():
        store.set_meta("demo_catalog", "1")


def ensure_demo_room(studio: Studio) -> int:
    """A live demo room: the one from last time if it is still live, else a fresh one."""
    seed_catalog(studio)
    store = studio.store
    room_id = store.meta("demo_room")
    if room_id is not None and studio.rooms.get(int(room_id))["status"] != "ended":
        studio.rooms.start(int(room_id))
        return int(room_id)
    room = studio.rooms.create(DEMO_ROOM_TITLE)
    for pid in DEMO_SHELF:
        studio.shelf.add(room["id"], pid)
    studio.rooms.start(room["id"])
    studio.shelf.put_on_stage(room["id"], DEMO_SHELF[0])
    with store.tx():
        store.set_meta("demo_room", str(room["id"]))
    return room["id"]
