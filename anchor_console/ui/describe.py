"""Actions in words an assistant reads in the journal and in notifications."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from anchor_console.domain.money import format_fen
from anchor_console.room.journal import CONFIRMED, FAILED, PENDING, SKIPPED, UNKNOWN


def _t(text: str) -> str:
    return QCoreApplication.translate("Actions", text)


def describe(kind: str, params: dict, catalog) -> str:
    p = params
    name = catalog.product_name if catalog is not None else (lambda pid: f"#{pid}")
    if kind == "put_on_stage":
        return _t("Put “{product}” on stage").format(product=name(p["product_id"]))
    if kind == "clear_stage":
        return _t("End 讲解 (nothing on stage)")
    if kind == "add_to_shelf":
        return _t("List “{product}” in the room").format(product=name(p["product_id"]))
    if kind == "remove_from_shelf":
        return _t("Remove “{product}” from the shelf").format(product=name(p["product_id"]))
    if kind == "reorder_shelf":
        return _t("Reorder the shelf ({n} products)").format(n=len(p.get("product_ids", [])))
    if kind == "set_on_sale":
        return (_t("Put “{product}” on sale") if p["on_sale"] else _t("Take “{product}” off sale")).format(
            product=name(p["product_id"]))
    if kind == "set_price":
        sku = catalog.sku_name(p["sku_id"]) if catalog is not None else p["sku_id"]
        return _t("Change the price of {sku} to {price}").format(sku=sku, price=format_fen(p["price_fen"]))
    if kind == "issue_coupon":
        template = catalog.template_name(p["template_id"]) if catalog is not None else p["template_id"]
        return _t("Issue {quantity} × “{coupon}” coupons, valid {minutes} min").format(
            quantity=p["quantity"], coupon=template, minutes=p["valid_minutes"])
    if kind == "stop_coupon":
        return _t("Stop coupon batch #{issue}").format(issue=p["issue_id"])
    if kind == "launch_flash_sale":
        s = p["spec"]
        return _t("Flash sale: “{product}” at {price}, {stock} pieces, {limit} per buyer").format(
            product=name(s["product_id"]), price=format_fen(s["sale_price_fen"]), stock=s["stock"],
            limit=s["per_buyer_limit"])
    if kind == "stop_flash_sale":
        return _t("Stop flash sale #{sale}").format(sale=p["sale_id"])
    if kind == "set_room_mute":
        return _t("Mute the whole room") if p["muted"] else _t("Let the room comment again")
    if kind == "post_comment":
        return _t("Post as staff: {text}").format(text=p["text"][:60])
    if kind == "pin_comment":
        return (_t("Pin comment #{comment}") if p.get("pinned", True) else _t("Unpin comment #{comment}")).format(
            comment=p["comment_id"])
    if kind == "hide_comment":
        return _t("Hide comment #{comment}").format(comment=p["comment_id"])
    if kind == "delete_comment":
        return _t("Delete comment #{comment}").format(comment=p["comment_id"])
    if kind == "mute_viewer":
        return _t("Mute viewer {user} for {minutes} min").format(user=p["user_id"], minutes=max(1, p["seconds"] // 60))
    if kind == "unmute_viewer":
        return _t("Unmute viewer {user}").format(user=p["user_id"])
    if kind == "ban_viewer":
        return _t("Ban viewer {user}").format(user=p["user_id"])
    if kind == "unban_viewer":
        return _t("Unban viewer {user}").format(user=p["user_id"])
    if kind == "start_room":
        return _t("Start the live room")
    if kind == "end_room":
        return _t("End the live room")
    return kind


def status_text(status: str) -> str:
    return {
        PENDING: _t("pending"),
        CONFIRMED: _t("confirmed"),
        FAILED: _t("failed"),
        UNKNOWN: _t("outcome unknown"),
        SKIPPED: _t("not supported"),
    }.get(status, status)


STATUS_MARK = {PENDING: "…", CONFIRMED: "✓", FAILED: "✗", UNKNOWN: "?", SKIPPED: "–"}
