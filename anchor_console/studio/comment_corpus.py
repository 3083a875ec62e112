"""What the simulated audience says: a realistic mix of live-room comments.

Buyer questions (尺码, 价格, 发货, 链接几号), purchase intent (想要, 已拍, 扣1), praise, chatter,
emoji, 引流 spam that pulls buyers to private WeChat/QQ (ids, phone numbers, links, "加v" written
with separators and look-alike characters), sensitive words (complaints, advertising-law words),
abuse, floods of one message from one user, and hostile strings (markup, bidi overrides,
zero-width characters, zalgo, 2,000-character messages). Questions and intent follow the product
on stage. Each draw says which kind it is: Studio keeps that as the ground truth moderation is
measured against (tests/benchmarks/bench_moderation_quality.py).

Stdlib only and cheap: thousands of comments a second cost a few percent of a core."""

from __future__ import annotations

import random
from dataclasses import dataclass

KINDS = ("question", "intent", "praise", "chatter", "emoji", "spam", "sensitive", "abuse", "flood", "hostile")
DEFAULT_WEIGHTS = {"question": 26, "intent": 20, "praise": 14, "chatter": 16, "emoji": 7, "spam": 6,
                   "sensitive": 2.5, "abuse": 1.5, "flood": 2, "hostile": 2}
# ("hostile" and "flood" are rare, as in real rooms)


@dataclass(frozen=True, slots=True)
class Draw:
    text: str
    kind: str
    repeat: int = 1        # a flood: the same user sends this text `repeat` times in a row


_SIZE_Q = ["{sku}有吗", "{sku}还有吗", "有{sku}吗", "{h}cm{w}斤穿什么码", "{h}斤穿{sku}可以吗", "偏大还是偏小",
           "码数标准吗", "{sku}码还有货吗", "微胖穿哪个码", "腰围{waist}穿多大"]
_PRICE_Q = ["多少钱", "{name}多少钱", "现在什么价", "能便宜点吗", "有优惠券吗", "叠加券后多少", "比昨天便宜吗",
            "直播间价格是多少", "买两件有优惠吗", "到手价多少", "9.9元包邮吗", "是9.9元吗。。。", "f.o.b价多少"]
_SHIP_Q = ["什么时候发货", "发什么快递", "几天能到", "包邮吗", "新疆包邮吗", "能发顺丰吗", "今天拍今天发吗",
           "偏远地区发吗", "七天无理由吗", "有运费险吗"]
_LINK_Q = ["几号链接", "链接几号", "{name}是几号", "在哪拍", "小黄车几号", "上链接啊", "怎么买", "链接在哪"]
_OTHER_Q = ["什么材质", "会起球吗", "掉色吗", "能机洗吗", "保质期多久", "孕妇能用吗", "敏感肌能用吗",
            "有{color}吗", "颜色正吗", "有赠品吗", "是正品吗", "怎么用", "能试穿吗", "主播多高多重"]
_INTENT = ["想要", "想要{sku}", "已拍", "拍了", "已拍{sku}", "扣1", "1", "111", "1111", "要了", "冲", "冲冲冲",
           "下单了", "抢到了", "已付款", "{sku}已拍", "拍了两件", "给我留一件", "蹲一个", "上车上车", "拍了拍了"]
_PRAISE = ["主播好美", "主播今天好好看", "衣服好好看", "这个颜色绝了", "主播讲得好细", "好喜欢", "太好看了吧",
           "主播声音好好听", "回购了", "上次买的很好用", "质量不错", "种草了", "绝绝子", "yyds", "爱了爱了",
           "主播辛苦了", "每天都来", "好物推荐", "good", "so gooood", "coooool", "好看。。。", "book 了"]
_CHATTER = ["来了来了", "晚上好", "刚来", "主播好", "从哪里来的", "哈哈哈哈", "今天几点下播", "第一次来",
            "点赞点赞", "关注了", "支持主播", "背景音乐叫什么", "主播在哪个城市", "今天人好多", "打卡",
            "下次什么时候播", "有抽奖吗", "福袋什么时候开", "刚下班", "在吃饭", "在Mississippi看直播", "🇨🇳加油",
            "🇨🇳M码有吗", "嗯。。。"]
_EMOJI = ["👍👍👍", "❤️❤️", "🔥🔥🔥", "😍", "🌹🌹🌹", "👏👏", "[赞][赞]", "[玫瑰]", "💯", "😂😂😂", "🙏", "✨✨"]
# Unhappy or touchy, but said to the shop: staff should see and answer these, not remove them.
_SENSITIVE = ["全网最低价吗", "这是最好的吗", "第一名的那款吗", "100%纯棉吗", "国家级认证吗", "能治病吗", "吃了能减肥吗",
              "是顶级货吗", "比别家好吗 别家都是垃圾", "你们是骗子吧", "假货吧", "退钱", "什么破玩意", "举报了"]
# Insults aimed at the anchor or other viewers, some masked, stretched or spelt out as people do.
_ABUSE = ["垃圾主播", "傻逼", "滚", "智障", "去死吧", "sb主播", "f*ck", "fuuuuck", "sh!t主播", "s**t", "b*tch",
          "f.u.c.k", "f u c k you", "shiiiit", "f_ck", "idiooot主播", "傻*逼", "sbbb主播", "fxxk主播", "shxt"]
_FLOOD = ["主播看我", "主播回一下", "抽我抽我", "666", "在吗在吗", "回复我", "为什么不理我", "上链接", "求上链接"]

# 引流: taking buyers to private channels, with the evasions people really use.
_SPAM_TEMPLATES = [
    "加{v}{sep}{wx}看更多", "{v}:{wx} 有优惠", "私聊{v}{sep}{wx}", "低价出 加{v}信 {wx}", "加我{v}{wx} 便宜一半",
    "同款更便宜 {qq_word}{qq}", "{phone} 加微同号", "加{v}{sep}{wx}领红包", "全网低价 {url}", "看主页 {v}{wx}",
    "需要的{v}我 {wx}", "工厂直发 {phone}", "兼职日结 加{v} {wx}", "去某宝搜 {shop} 更便宜", "pdd比这便宜多了",
    "淘宝搜{shop}同款半价", "代购加{qq_word} {qq}", "点我头像 私信领券", "{url} 免费领",
]
_V_FORMS = ["v", "V", "ｖ", "Ｖ", "vx", "VX", "ⓥ", "威", "薇", "微", "徽", "威信", "薇❤信", "w-e-i-x-i-n", "weixin", "wx",
            "ｗｘ", "V❤", "卫星", "vv", "+v", "+V", "➕v"]
_SEPS = ["", " ", ":", "：", "-", "_", "·", "❤", "\u200b", " - ", "~"]
_QQ_WORDS = ["qq", "QQ", "扣扣", "ｑｑ", "Q", "企鹅", "q q"]
_URLS = ["www.xx-mall.com", "t.cn/A6x8k2", "http://shop.vip/a", "haohuo点com", "xx商城.top", "weidian.com/?u=88",
         "https://bit.ly/3xYz", "ｗｗｗ．ｔａｏ．ｃｏｍ"]
_SHOPS = ["小美家", "同款工厂店", "源头好货", "品牌折扣仓"]

_HOSTILE = [
    "<b>加粗</b>免费领", "<img src=x onerror=alert(1)>", "<a href='http://evil.example'>点我领券</a>",
    "<script>alert('x')</script>", "<font color=red size=7>大字</font>", "<table><tr><td>x</td></tr></table>",
    "&lt;b&gt;&amp;nbsp;", "[url=http://x]点我[/url]", "<style>*{display:none}</style>", "<h1>看这里</h1>",
    "\u202e申退款\u202c", "正常\u202e评论反转了\u202c看看", "\u202dLTR override\u202c", "\u2067隔离\u2069",
    "加\u200bv\u200b信\u200b123456", "\u200b\u200b\u200b", "零\u200d宽\u200c字\u2060符", "\ufeffBOM开头",
    "Z\u0336\u0353\u0318a\u0361\u0325l\u0337\u031b\u0324g\u0334\u0352o\u0338\u0317\u031e\u0360 主播好",
    "H\u0335\u0321\u0320\u031b\u0357E\u0334\u0329\u0307\u0302 COMES",
    "换行\n注入\r\n测试", "tab\tseparated\tcomment", "🏳️‍🌈👨‍👩‍👧‍👦🧑🏽‍💻", "\x07bell\x1bescape",
    "%s%s%s%n", "{0}{1}{__class__}", "'; DROP TABLE comments; --", "\\u0000 null", "\u0000NUL inside",
]


class CommentCorpus:
    def __init__(self, rng: random.Random | None = None, weights: dict[str, float] | None = None) -> None:
        self.rng = rng or random.Random()
        self.set_weights(weights or DEFAULT_WEIGHTS)

    def set_weights(self, weights: dict[str, float]) -> None:
        unknown = set(weights) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown comment kinds: {sorted(unknown)}")
        self._kinds = [k for k in KINDS if weights.get(k, 0) > 0]
        total, acc = float(sum(weights.get(k, 0) for k in self._kinds)), 0.0
        self._cum = []
        for k in self._kinds:
            acc += weights[k] / total
            self._cum.append(acc)

    # ------------------------------------------------------------------ nicknames

    _NICK_A = ["小鹿", "晴天", "阿花", "橘子", "甜甜", "大白", "可乐", "小猪", "糖糖", "木木", "豆豆", "安安", "七七",
               "一只", "快乐", "爱吃", "不吃", "月亮", "星星", "咸鱼", "奶茶", "芒果", "西瓜", "小熊"]
    _NICK_B = ["乱撞", "的猫", "宝宝", "同学", "酱", "呀", "不胖", "姐姐", "妈妈", "小仙女", "爱购物", "在线", "今天买了吗",
               "_", "家的", "的日常", "2024", "88"]

    def nickname(self) -> str:
        r = self.rng.random()
        if r < 0.35:
            return f"用户{self.rng.randrange(1000, 9999)}***"
        if r < 0.45:
            return self.rng.choice(["Lucky", "Cindy", "Amy", "Tom", "Jerry", "Kiki", "Momo", "Coco"]) + \
                str(self.rng.randrange(10, 999))
        return self.rng.choice(self._NICK_A) + self.rng.choice(self._NICK_B)

    # ------------------------------------------------------------------ comments

    def draw(self, context: dict | None = None) -> Draw:
        """The next comment. `context`: product_name, sku_names, price_fen, coupon_running,
        flash_sale_running (any may be missing)."""
        ctx = context or {}
        r = self.rng.random()
        kind = self._kinds[-1]
        for k, edge in zip(self._kinds, self._cum):
            if r < edge:
                kind = k
                break
        # A running coupon or flash sale makes the room talk about buying.
        if kind in ("chatter", "praise") and (ctx.get("flash_sale_running") or ctx.get("coupon_running")):
            if self.rng.random() < 0.5:
                kind = "intent"
        return getattr(self, "_" + kind)(ctx)

    def _fill(self, template: str, ctx: dict) -> str:
        skus = ctx.get("sku_names") or ["S", "M", "L", "XL"]
        sku = self.rng.choice(skus).split(" ")[0]
        name = ctx.get("product_name") or "这个"
        short = name[:4] if len(name) > 4 else name
        return template.format(sku=sku, name=short, h=self.rng.randrange(150, 182), w=self.rng.randrange(85, 160),
                               waist=self.rng.randrange(60, 90), color=self.rng.choice(["黑色", "白色", "米色", "粉色", "蓝色"]))

    def _question(self, ctx: dict) -> Draw:
        pool = self.rng.choices([_SIZE_Q, _PRICE_Q, _SHIP_Q, _LINK_Q, _OTHER_Q], weights=[30, 25, 18, 17, 10])[0]
        text = self._fill(self.rng.choice(pool), ctx)
        if self.rng.random() < 0.3:
            text = self.rng.choice(["主播", "宝宝", "请问", "姐妹们", "主播主播"]) + text
        if self.rng.random() < 0.35 and not text.endswith(("?", "？", "吗")):
            text += self.rng.choice(["?", "？", "？？", "呀", "呢"])
        return Draw(text, "question")

    def _intent(self, ctx: dict) -> Draw:
        return Draw(self._fill(self.rng.choice(_INTENT), ctx), "intent")

    def _praise(self, ctx: dict) -> Draw:
        return Draw(self.rng.choice(_PRAISE) + self.rng.choice(["", "", "！", "~", "👍"]), "praise")

    def _chatter(self, ctx: dict) -> Draw:
        return Draw(self.rng.choice(_CHATTER), "chatter")

    def _emoji(self, ctx: dict) -> Draw:
        return Draw(self.rng.choice(_EMOJI), "emoji")

    def _sensitive(self, ctx: dict) -> Draw:
        return Draw(self.rng.choice(_SENSITIVE), "sensitive")

    def _abuse(self, ctx: dict) -> Draw:
        return Draw(self.rng.choice(_ABUSE), "abuse")

    def _flood(self, ctx: dict) -> Draw:
        return Draw(self.rng.choice(_FLOOD), "flood", repeat=self.rng.randrange(5, 16))

    def _spam(self, ctx: dict) -> Draw:
        rng = self.rng
        wx = rng.choice(["abc", "mm", "vip", "hao", "shop", "xiao"]) + str(rng.randrange(1000, 999999))
        phone = "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
        if rng.random() < 0.4:  # spaced, dotted or written in Chinese digits
            style = rng.random()
            if style < 0.4:
                phone = " ".join([phone[:3], phone[3:7], phone[7:]])
            elif style < 0.7:
                phone = ".".join(phone)
            else:
                phone = "".join("零一二三四五六七八九"[int(d)] for d in phone)
        text = rng.choice(_SPAM_TEMPLATES).format(
            v=rng.choice(_V_FORMS), sep=rng.choice(_SEPS), wx=wx, qq_word=rng.choice(_QQ_WORDS),
            qq=str(rng.randrange(10000, 9999999999)), phone=phone, url=rng.choice(_URLS), shop=rng.choice(_SHOPS))
        return Draw(text, "spam", repeat=rng.choice([1, 1, 1, 2, 3]))

    def _hostile(self, ctx: dict) -> Draw:
        if self.rng.random() < 0.15:
            unit = self.rng.choice(["哈", "啊", "好看", "😂", "A", "刷屏"])
            return Draw((unit * 2000)[:2000], "hostile")
        return Draw(self.rng.choice(_HOSTILE), "hostile")
