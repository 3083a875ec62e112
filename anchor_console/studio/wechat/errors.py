"""WeChat's answer envelope and its error codes, with the errmsg texts WeChat itself sends.

Every WeChat server API answers HTTP 200 with `{errcode, errmsg, …}`; errcode 0 is success. The
texts below are WeChat's own: the global return codes page, each API page's error table, and
answers quoted in WeChat's developer community (where WeChat sends an English text different from
the table's Chinese description, the English is what goes on the wire). They are not translated
and not meant for an operator: the adapters read the errcode.

Most error answers carry a request id (`… rid: 64f9c769-2eaacf26-025cf424`); the documented
examples of the push/on-sale codes show none, and neither do these."""

from __future__ import annotations

import os
import time

ERRMSG: dict[int, str] = {
    -1: "system error",
    # getlivelist (视频号助手): its own small codes
    1: "请求得参数错误",
    5: "查询的日期过早",
    # global return codes
    40001: "invalid credential, access_token is invalid or not latest",
    40002: "invalid grant_type",
    40004: "invalid media type",
    40005: "invalid file type",
    40006: "invalid meida size",
    40007: "invalid media_id",
    40013: "invalid appid",
    40097: "invalid args",
    40125: "invalid appsecret",
    41001: "access_token missing",
    41002: "appid missing",
    41004: "appsecret missing",
    41005: "media data missing",
    42001: "access_token expired",
    43001: "require GET method",
    43002: "require POST method",
    44002: "empty post data",
    45009: "reach max api daily quota limit",
    45011: "api minute-quota reach limit, must slower, retry next minute,",
    47001: "data format error",
    48001: "api unauthorized",
    76021: "cgi_path not found, please check",
    76022: "could not use this cgi_path，no permission",
    # mini-program live (小程序直播)
    200002: "invalid args",
    300002: "名称长度不符合规则",
    300022: "roomid is not exsit",
    300023: "the current room status does not allow this operation",
    300024: "商品不存在",
    300025: "商品审核未通过",
    300027: "导入商品失败",
    300033: "添加商品超过直播间上限",
    300034: "主播微信昵称长度不符合要求",
    300036: "anchorWechat has no realName, please open the codeUrl and scan the code for certification",
    300047: "已有商品正在推送，请稍后再试",
    300049: "商品推送过程中不允许上下架",
    300052: "已下架的商品无法推送",
    300053: "直播间未添加此商品",
    9410000: "直播间列表为空",
    # WeChat Channels shop (微信小店)
    10020051: "参数有误，请检查请求参数是否正确",
    10020052: "商品不存在",
    10020076: "限时抢购任务不存在",
    10020077: "抢购活动状态不正确",
    10021001: "优惠券状态不对",
    10021037: "优惠券不存在",
}
NO_RID = frozenset({-1, 1, 5, 300047, 300049})


class WxError(Exception):
    """An errcode answer. `errmsg` replaces the standard text where WeChat words the case itself
    ("parameter startTime or endTime is invalid"); `extra` joins the envelope (300036's qrcode_url)."""

    def __init__(self, errcode: int, errmsg: str | None = None, **extra) -> None:
        super().__init__(f"{errcode} {errmsg or ERRMSG.get(errcode, '')}")
        self.errcode = errcode
        self.errmsg = errmsg or ERRMSG.get(errcode, "invalid args")
        self.extra = extra

    def body(self) -> dict:
        text = self.errmsg if self.errcode in NO_RID else f"{self.errmsg} rid: {rid()}"
        return {"errcode": self.errcode, "errmsg": text, **self.extra}


def rid() -> str:
    """A request id in WeChat's form: three groups of eight hex digits, the first the time."""
    return f"{int(time.time()) & 0xFFFFFFFF:08x}-{os.urandom(4).hex()}-{os.urandom(4).hex()}"


def ok(**fields) -> dict:
    return {"errcode": 0, "errmsg": "ok", **fields}
