"""Typed commands: one definition per action kind the console can take in a room.

Each command class declares, in its class keywords, which capability it needs, whether it moves
money (exactly-once, confirmed before it fires), how it reads in the journal and in notifications
(`wording`, a translatable `Text` filled from the command's fields; `off_wording` too, for one that
turns a setting on or off) and which platform method carries it (`call`, whose method name is also
the command's kind); its fields (it is made a frozen dataclass) say how it is written to the journal
(`params()` / `from_params`). Panels, cues, moderation and the journal all use these classes; adding
an action means adding one class here (and the platform method it calls).

    room.perform(PutOnStage("1003"))
    room.perform(IssueCoupon(template_id="2", quantity=500, valid_minutes=30), origin="cue:…")"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, dataclass_transform

from anchor_console.domain.capabilities import Capability
from anchor_console.domain.clock import format_clock
from anchor_console.domain.giveaways import EntryRule, Exclusions, LuckyBagSetup, RedPacketSpec, Split
from anchor_console.domain.money import format_money
from anchor_console.domain.text import QT_TRANSLATE_NOOP, Text
from anchor_console.domain.models import FlashSaleSpec
from anchor_console.platforms.base import Platform

C = Capability
ROOM = "<room>"   # in a `call`: the platform's id of the room goes here


class Names(Protocol):
    """How the journal names things (the catalog knows; without it, ids are shown)."""

    def product_name(self, product_id: str) -> str: ...

    def sku_name(self, sku_id: str) -> str: ...

    def template_name(self, template_id: str) -> str: ...


class Ids:
    """Names as ids, when nothing better is known."""

    def product_name(self, product_id: str) -> str:
        return f"#{product_id}"

    def sku_name(self, sku_id: str) -> str:
        return f"SKU {sku_id}"

    def template_name(self, template_id: str) -> str:
        return f"#{template_id}"


def jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


class UnknownCommand(ValueError):
    pass


@dataclass_transform(frozen_default=True)
@dataclass(frozen=True)
class Command:
    kind: ClassVar[str]
    capability: ClassVar[Capability]
    call: ClassVar[tuple[str, ...]]          # (platform method, its arguments: ROOM or field names)
    wording: ClassVar[Text]
    off_wording: ClassVar[Text | None] = None  # how it reads when the call's last value is off (False, 0)
    money: ClassVar[bool] = False
    per_connection: ClassVar[bool] = False   # acts on something that exists on one connection only
    # The fields naming what the action sets to a value (a price: its SKU): a later action of its kind
    # on the same thing, done, makes an unanswered earlier one stale — resent, it would undo the later.
    sets: ClassVar[tuple[str, ...]] = ()

    registry: ClassVar[dict[str, type["Command"]]] = {}

    def __init_subclass__(cls, *, capability: Capability | None = None, call: tuple[str, ...] = (),
                          wording: Text | None = None, off_wording: Text | None = None, money: bool = False,
                          per_connection: bool = False, **kw: Any) -> None:
        """A command class is declared by its class keywords; its kind is the platform method it
        calls (`call[0]`), and it becomes a frozen dataclass of its fields, registered by kind."""
        super().__init_subclass__(**kw)
        if call:
            if capability is None or wording is None:
                raise TypeError(f"{cls.__name__} says what it calls but not its capability and wording")
            cls.kind, cls.capability, cls.call, cls.wording = call[0], capability, call, wording
            cls.off_wording = off_wording
            cls.money, cls.per_connection = money, per_connection
            Command.registry[cls.kind] = cls
        dataclass(frozen=True)(cls)

    # journal encoding -----------------------------------------------------------------
    def params(self) -> dict:
        return jsonable(self)

    @classmethod
    def terms(cls, params: dict) -> dict:
        """What two presses of this kind compare to be the same action: its params, less what is
        new on every press (a lucky bag's commitment to a fresh seed)."""
        return params

    @staticmethod
    def terms_of(kind: str, params: dict) -> dict:
        command = Command.registry.get(kind)
        return command.terms(params) if command is not None else params

    @classmethod
    def from_params(cls, params: dict) -> "Command":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in params.items() if k in names})

    @staticmethod
    def decode(kind: str, params: dict) -> "Command":
        """The command a journal entry records."""
        try:
            return Command.registry[kind].from_params(params)
        except (KeyError, TypeError) as exc:
            raise UnknownCommand(f"cannot read a {kind!r} action from the journal: {exc}") from None

    # to the platform, and in words ------------------------------------------------------
    async def send(self, platform: Platform, room_id: str, key: str) -> Any:
        method, *arguments = self.call
        values = [room_id if a == ROOM else getattr(self, a) for a in arguments]
        return await getattr(platform, method)(*values, key=key)

    def describe(self, names: Names = Ids()) -> Text:
        turns_off = self.off_wording is not None and not getattr(self, self.call[-1])
        return (self.off_wording if turns_off else self.wording).fill(**self.words(names))

    def words(self, names: Names) -> dict[str, Any]:
        """What fills the wording: the fields, and things named rather than numbered."""
        words: dict[str, Any] = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        if "product_id" in words:
            words["product"] = names.product_name(words["product_id"])
        if "sku_id" in words:
            words["sku"] = names.sku_name(words["sku_id"])
        if "template_id" in words:
            words["coupon"] = names.template_name(words["template_id"])
        if "price_fen" in words:
            words["price"] = format_money(words["price_fen"])
        return words


# ---------------------------------------------------------------------------------- rooms

class StartRoom(Command, capability=C.ROOMS, call=("start_room", ROOM),
                wording=QT_TRANSLATE_NOOP("Actions", "Start the live room")):
    pass


class EndRoom(Command, capability=C.ROOMS, call=("end_room", ROOM),
              wording=QT_TRANSLATE_NOOP("Actions", "End the live room")):
    pass


class SetRoomMute(Command, capability=C.ROOM_MUTE, call=("set_room_mute", ROOM, "muted"),
                  wording=QT_TRANSLATE_NOOP("Actions", "Mute the whole room"),
                  off_wording=QT_TRANSLATE_NOOP("Actions", "Let the room comment again")):
    muted: bool


class SetSlowMode(Command, capability=C.SLOW_MODE, call=("set_slow_mode", ROOM, "seconds"),
                  wording=QT_TRANSLATE_NOOP("Actions", "Slow mode: {seconds} s between comments"),
                  off_wording=QT_TRANSLATE_NOOP("Actions", "Slow mode off")):
    seconds: int     # 0: off


class SetFollowersOnly(Command, capability=C.FOLLOWERS_ONLY, call=("set_followers_only", ROOM, "minutes"),
                       wording=QT_TRANSLATE_NOOP("Actions", "Followers-only chat: followed for {duration}")):
    minutes: int | None   # None: off; 0: any follower; N: followed for at least N minutes

    def describe(self, names: Names = Ids()) -> Text:
        if self.minutes is None:
            return QT_TRANSLATE_NOOP("Actions", "Followers-only chat off")
        if self.minutes == 0:
            return QT_TRANSLATE_NOOP("Actions", "Followers-only chat: any follower")
        return self.wording.fill(duration=follow_duration(self.minutes))


def follow_duration(minutes: int) -> Text:
    """How long a viewer must have followed, in the largest whole unit ("10 min", "1 h", "7 d")."""
    if minutes >= 1440 and minutes % 1440 == 0:
        return QT_TRANSLATE_NOOP("Actions", "{n} d").fill(n=minutes // 1440)
    if minutes >= 60 and minutes % 60 == 0:
        return QT_TRANSLATE_NOOP("Actions", "{n} h").fill(n=minutes // 60)
    return QT_TRANSLATE_NOOP("Actions", "{n} min").fill(n=minutes)


class SetShieldMode(Command, capability=C.SHIELD_MODE, call=("set_shield_mode", ROOM, "active"),
                    wording=QT_TRANSLATE_NOOP("Actions", "Shield mode on"),
                    off_wording=QT_TRANSLATE_NOOP("Actions", "Shield mode off")):
    active: bool


# ---------------------------------------------------------------------------------- shelf

class AddToShelf(Command, capability=C.SHELF, call=("add_to_shelf", ROOM, "product_id"),
                 wording=QT_TRANSLATE_NOOP("Actions", "List “{product}” in the room")):
    product_id: str


class RemoveFromShelf(Command, capability=C.SHELF, call=("remove_from_shelf", ROOM, "product_id"),
                      wording=QT_TRANSLATE_NOOP("Actions", "Remove “{product}” from the shelf")):
    product_id: str


class ReorderShelf(Command, capability=C.SORT, call=("reorder_shelf", ROOM, "product_id_list"),
                   wording=QT_TRANSLATE_NOOP("Actions", "Reorder the shelf ({n} products)")):
    product_ids: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "product_ids", tuple(self.product_ids))

    @property
    def product_id_list(self) -> list[str]:
        return list(self.product_ids)

    def words(self, names: Names) -> dict[str, Any]:
        return {"n": len(self.product_ids)}


class SetOnSale(Command, capability=C.SALE_TOGGLE, call=("set_on_sale", ROOM, "product_id", "on_sale"),
                wording=QT_TRANSLATE_NOOP("Actions", "Put “{product}” on sale"),
                off_wording=QT_TRANSLATE_NOOP("Actions", "Take “{product}” off sale")):
    product_id: str
    on_sale: bool


class PutOnStage(Command, capability=C.STAGE, call=("put_on_stage", ROOM, "product_id"),
                 wording=QT_TRANSLATE_NOOP("Actions", "Put “{product}” on stage")):
    product_id: str


class ClearStage(Command, capability=C.STAGE, call=("clear_stage", ROOM),
                 wording=QT_TRANSLATE_NOOP("Actions", "End 讲解 (nothing on stage)")):
    pass


class SetPrice(Command, capability=C.PRICE, call=("set_price", "sku_id", "price_fen"), money=True,
               wording=QT_TRANSLATE_NOOP("Actions", "Change the price of {sku} to {price}")):
    sets = ("sku_id",)
    sku_id: str
    price_fen: int


# ------------------------------------------------------------------------ coupons and flash sales

class IssueCoupon(
        Command, capability=C.COUPONS, money=True,
        call=("issue_coupon", ROOM, "template_id", "quantity", "valid_minutes"),
        wording=QT_TRANSLATE_NOOP("Actions", "Issue {quantity} × “{coupon}” coupons, valid {valid_minutes} min")):
    template_id: str
    quantity: int
    valid_minutes: int


class StopCoupon(Command, capability=C.COUPONS, call=("stop_coupon", ROOM, "issue_id"), per_connection=True,
                 wording=QT_TRANSLATE_NOOP("Actions", "Stop coupon batch #{issue_id}")):
    issue_id: str


class LaunchFlashSale(
        Command, capability=C.FLASH_SALES, money=True,
        call=("launch_flash_sale", ROOM, "spec"),
        wording=QT_TRANSLATE_NOOP("Actions", "Flash sale: “{product}” at {price}, stock {stock}, {limit} per buyer")):
    spec: FlashSaleSpec

    @classmethod
    def from_params(cls, params: dict) -> "LaunchFlashSale":
        return cls(FlashSaleSpec(**params["spec"]))

    def words(self, names: Names) -> dict[str, Any]:
        s = self.spec
        return {"product": names.product_name(s.product_id), "price": format_money(s.sale_price_fen),
                "stock": s.stock, "limit": s.per_buyer_limit}


class StopFlashSale(Command, capability=C.FLASH_SALES, call=("stop_flash_sale", ROOM, "sale_id"), per_connection=True,
                    wording=QT_TRANSLATE_NOOP("Actions", "Stop flash sale #{sale_id}")):
    sale_id: str


# ------------------------------------------------------------------------ lucky bags and red packets

class StartLuckyBag(
        Command, capability=C.LUCKY_BAGS, money=True, per_connection=True,
        call=("start_lucky_bag", ROOM, "setup", "commitment"),
        wording=QT_TRANSLATE_NOOP("Actions", "Lucky bag “{prize}”: {winners} winner(s), entry: {rule}, draw in {countdown}")):
    """Open a lucky bag with the commitment to its seed. The seed itself is never part of this
    command (nor of its journal entry): it stays in the console until the draw."""

    # money: a prize given away, like a red packet — confirmed first, opened exactly once
    # one bag, on one platform: its entrants and its draw live there
    setup: LuckyBagSetup
    commitment: str

    @classmethod
    def from_params(cls, params: dict) -> "StartLuckyBag":
        return cls(lucky_bag_setup(params["setup"]), params["commitment"])

    @classmethod
    def terms(cls, params: dict) -> dict:
        return {k: v for k, v in params.items() if k != "commitment"}

    def words(self, names: Names) -> dict[str, Any]:
        s = self.setup
        rule = QT_TRANSLATE_NOOP("Actions", "comment “{keyword}”").fill(keyword=s.keyword) \
            if s.rule is EntryRule.KEYWORD else s.rule.label
        return {"prize": s.prize, "winners": s.winners, "rule": rule, "countdown": format_clock(s.countdown_s)}


def lucky_bag_setup(raw: dict) -> LuckyBagSetup:
    """A set-up back from its journal (or show record) encoding."""
    fields = {f.name for f in dataclasses.fields(Exclusions)}
    return LuckyBagSetup(prize=str(raw["prize"]), winners=int(raw["winners"]), rule=EntryRule(raw["rule"]),
                         keyword=str(raw.get("keyword", "")), countdown_s=int(raw.get("countdown_s", 300)),
                         prize_product_id=str(raw.get("prize_product_id", "")),
                         exclusions=Exclusions(**{k: bool(v) for k, v in (raw.get("exclusions") or {}).items()
                                                  if k in fields}))


class DrawLuckyBag(
        Command, capability=C.LUCKY_BAGS, per_connection=True,
        call=("draw_lucky_bag", ROOM, "bag_id", "seed"),
        wording=QT_TRANSLATE_NOOP("Actions", "Draw lucky bag #{bag_id} (reveal its seed)")):
    """Reveal the seed of a closed lucky bag so the platform draws (and announces) its winners."""

    bag_id: str
    seed: str

    def words(self, names: Names) -> dict[str, Any]:
        return {"bag_id": self.bag_id}


class SendRedPacket(
        Command, capability=C.RED_PACKETS, money=True, per_connection=True,
        call=("send_red_packet", ROOM, "spec"),
        wording=QT_TRANSLATE_NOOP("Actions", "Red packet: {amount} in {count} shares ({split})")):
    # money: one packet in one place, never one per platform
    spec: RedPacketSpec

    @classmethod
    def from_params(cls, params: dict) -> "SendRedPacket":
        raw = params["spec"]
        return cls(RedPacketSpec(int(raw["total_fen"]), int(raw["count"]), Split(raw.get("split", "random")),
                                 int(raw.get("claim_window_s", 300)), str(raw.get("message", ""))))

    def words(self, names: Names) -> dict[str, Any]:
        return {"amount": format_money(self.spec.total_fen), "count": self.spec.count, "split": self.spec.split.label}


# ------------------------------------------------------------------------ comments and viewers

class PostComment(Command, capability=C.POST_AS_STAFF, call=("post_comment", ROOM, "text"),
                  wording=QT_TRANSLATE_NOOP("Actions", "Post as staff: {text}")):
    text: str

    def words(self, names: Names) -> dict[str, Any]:
        return {"text": self.text[:60]}


class Announce(Command, capability=C.ANNOUNCE, call=("announce", ROOM, "text", "color"),
               wording=QT_TRANSLATE_NOOP("Actions", "Announce: {text}")):
    text: str
    color: str = "primary"    # primary, blue, green, orange, purple (Twitch's and Studio's names)

    def words(self, names: Names) -> dict[str, Any]:
        return {"text": self.text[:60]}


class PinComment(Command, capability=C.PIN, call=("pin_comment", ROOM, "comment_id", "pinned"), per_connection=True,
                 wording=QT_TRANSLATE_NOOP("Actions", "Pin comment #{comment_id}"),
                 off_wording=QT_TRANSLATE_NOOP("Actions", "Unpin comment #{comment_id}")):
    comment_id: str
    pinned: bool = True


def said_of(nickname: str, text: str, limit: int = 24) -> str:
    """Whose comment and how it begins, for the journal: a platform's comment id (a Twitch UUID, a
    YouTube "LCC.…") means nothing to an operator."""
    text = " ".join(text.split())
    return f"{nickname}: “{text if len(text) <= limit else text[:limit] + '…'}”"


class _OnAComment(Command):
    """A moderation action on one comment; the journal says what the comment said."""
    said_wording: ClassVar[Text]
    comment_id: str
    said: str = ""     # `said_of` the comment, for the journal (not sent)

    def describe(self, names: Names = Ids()) -> Text:
        return self.said_wording.fill(said=self.said) if self.said else super().describe(names)


class HideComment(_OnAComment, capability=C.HIDE_COMMENT, call=("hide_comment", ROOM, "comment_id"),
                  per_connection=True, wording=QT_TRANSLATE_NOOP("Actions", "Hide comment #{comment_id}")):
    said_wording = QT_TRANSLATE_NOOP("Actions", "Hide {said}")


class DeleteComment(_OnAComment, capability=C.DELETE_COMMENT, call=("delete_comment", ROOM, "comment_id"),
                    per_connection=True, wording=QT_TRANSLATE_NOOP("Actions", "Delete comment #{comment_id}")):
    said_wording = QT_TRANSLATE_NOOP("Actions", "Delete {said}")


class _OnAViewer(Command):
    """A moderation action on one viewer; the journal names them as the assistant saw them: by the
    `nickname` each of these commands carries (for the journal, not sent), else — journals written
    before it, a viewer whose platform gave none — by their platform id."""
    user_id: str

    @classmethod
    def terms(cls, params: dict) -> dict:
        return {k: v for k, v in params.items() if k != "nickname"}   # what is acted on is the viewer's id

    def words(self, names: Names) -> dict[str, Any]:
        return {**super().words(names), "viewer": self.nickname or self.user_id}


class MuteViewer(_OnAViewer, capability=C.MUTE, call=("mute_viewer", ROOM, "user_id", "seconds"),
                 per_connection=True, wording=QT_TRANSLATE_NOOP("Actions", "Mute viewer {viewer} for {minutes} min")):
    seconds: int
    nickname: str = ""

    def words(self, names: Names) -> dict[str, Any]:
        return {**super().words(names), "minutes": max(1, self.seconds // 60)}


class UnmuteViewer(_OnAViewer, capability=C.MUTE, call=("unmute_viewer", ROOM, "user_id"), per_connection=True,
                   wording=QT_TRANSLATE_NOOP("Actions", "Unmute viewer {viewer}")):
    nickname: str = ""


class BanViewer(_OnAViewer, capability=C.BAN, call=("ban_viewer", ROOM, "user_id"), per_connection=True,
                wording=QT_TRANSLATE_NOOP("Actions", "Ban viewer {viewer}")):
    nickname: str = ""


class UnbanViewer(_OnAViewer, capability=C.BAN, call=("unban_viewer", ROOM, "user_id"), per_connection=True,
                  wording=QT_TRANSLATE_NOOP("Actions", "Unban viewer {viewer}")):
    nickname: str = ""
