"""Studio's JSON for lucky bags and red packets → the domain values (`domain.giveaways`)."""

from __future__ import annotations

from typing import Any

from anchor_console.domain.giveaways import (
    BagState,
    Entrant,
    EntryRule,
    Exclusions,
    LuckyBag,
    LuckyBagSetup,
    RedPacket,
    RedPacketSpec,
    Split,
)


def _s(value: Any) -> str:
    return "" if value is None else str(value)


def parse_lucky_bag(d: dict) -> LuckyBag:
    ex = d.get("exclusions") or {}
    setup = LuckyBagSetup(prize=str(d["prize"]), winners=int(d["winners_count"]), rule=EntryRule(d["rule"]),
                          keyword=str(d.get("keyword") or ""), countdown_s=int(d["countdown_s"]),
                          prize_product_id=_s(d.get("prize_product_id")),
                          exclusions=Exclusions(**{k: bool(ex[k]) for k in ("staff", "banned", "muted", "won_today")
                                                   if k in ex}))
    return LuckyBag(id=_s(d["id"]), room_id=_s(d["room_id"]), setup=setup, commitment=str(d["commitment"]),
                    state=BagState(d["state"]), entrant_count=int(d.get("entrant_count", 0)),
                    created_at=float(d.get("created_at", 0)), ends_at=float(d.get("ends_at", 0)),
                    seed=d.get("seed") or None,
                    winners=tuple(Entrant(_s(w["user_id"]), str(w.get("nickname", ""))) for w in d.get("winners") or ()),
                    announcement_comment_id=_s(d["announcement_comment_id"])
                    if d.get("announcement_comment_id") is not None else None)


def parse_red_packet(d: dict) -> RedPacket:
    spec = RedPacketSpec(total_fen=int(d["total_fen"]), count=int(d["count"]), split=Split(d["split"]),
                         claim_window_s=max(0, int(float(d["ends_at"]) - float(d["created_at"]))),
                         message=str(d.get("message", "")))
    return RedPacket(id=_s(d["id"]), room_id=_s(d["room_id"]), spec=spec, claimed_count=int(d["claimed_count"]),
                     claimed_fen=int(d["claimed_fen"]), state=str(d["state"]), created_at=float(d["created_at"]),
                     ends_at=float(d["ends_at"]))
