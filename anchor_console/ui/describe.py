"""Actions in words an assistant reads in the journal and in notifications."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from anchor_console.domain.money import format_fen
from anchor_console.room.journal import CONFIRMED, FAILED, PENDING, SKIPPED, UNKNOWN


def describe(kind: str, params: dict, catalog) -> str:
    p = params
    name = catalog.product_name if catalog is not None else (lambda pid: f"#{pid}")
    if kind == "put_on_stage":
        return QCoreApplication.translate("Actions", "Put “{product}” on stage").format(product=name(p["product_id"]))
    if kind == "clear_stage":
        return QCoreApplication.translate("Actions", "End 讲解 (nothing on stage)")
    if kind == "add_to_shelf":
        return QCoreApplication.translate("Actions", "List “{product}” in the room").format(product=name(p["product_id"]))
    if kind == "remove_from_shelf":
        return QCoreApplication.translate("Actions", "Remove “{product}” from the shelf").format(product=name(p["product_id"]))
    if kind == "reorder_shelf":
        return QCoreApplication.translate("Actions", "Reorder the shelf ({n} products)").format(n=len(p.get("product_ids", [])))
    if kind == "set_on_sale":
        return (QCoreApplication.translate("Actions", "Put “{product}” on sale") if p["on_sale"] else QCoreApplication.translate("Actions", "Take “{product}” off sale")).format(
            product=name(p["product_id"]))
    if kind == "set_price":
        sku = catalog.sku_name(p["sku_id"]) if catalog is not None else p["sku_id"]
        return QCoreApplication.translate("Actions", "Change the price of {sku} to {price}").format(sku=sku, price=format_fen(p["price_fen"]))
    if kind == "issue_coupon":
        template = catalog.template_name(p["template_id"]) if catalog is not None else p["template_id"]
        return QCoreApplication.translate("Actions", "Issue {quantity} × “{coupon}” coupons, valid {minutes} min").format(
            quantity=p["quantity"], coupon=template, minutes=p["valid_minutes"])
    if kind == "stop_coupon":
        return QCoreApplication.translate("Actions", "Stop coupon batch #{issue}").format(issue=p["issue_id"])
    if kind == "launch_flash_sale":
        s = p["spec"]
        return QCoreApplication.translate("Actions", "Flash sale: “{product}” at {price}, {stock} pieces, {limit} per buyer").format(
            product=name(s["product_id"]), price=format_fen(s["sale_price_fen"]), stock=s["stock"],
            limit=s["per_buyer_limit"])
    if kind == "stop_flash_sale":
        return QCoreApplication.translate("Actions", "Stop flash sale #{sale}").format(sale=p["sale_id"])
    if kind == "set_room_mute":
        return QCoreApplication.translate("Actions", "Mute the whole room") if p["muted"] else QCoreApplication.translate("Actions", "Let the room comment again")
    if kind == "post_comment":
        return QCoreApplication.translate("Actions", "Post as staff: {text}").format(text=p["text"][:60])
    if kind == "pin_comment":
        return (QCoreApplication.translate("Actions", "Pin comment #{comment}") if p.get("pinned", True) else QCoreApplication.translate("Actions", "Unpin comment #{comment}")).format(
            comment=p["comment_id"])
    if kind == "hide_comment":
        return QCoreApplication.translate("Actions", "Hide comment #{comment}").format(comment=p["comment_id"])
    if kind == "delete_comment":
        return QCoreApplication.translate("Actions", "Delete comment #{comment}").format(comment=p["comment_id"])
    if kind == "mute_viewer":
        return QCoreApplication.translate("Actions", "Mute viewer {user} for {minutes} min").format(user=p["user_id"], minutes=max(1, p["seconds"] // 60))
    if kind == "unmute_viewer":
        return QCoreApplication.translate("Actions", "Unmute viewer {user}").format(user=p["user_id"])
    if kind == "ban_viewer":
        return QCoreApplication.translate("Actions", "Ban viewer {user}").format(user=p["user_id"])
    if kind == "unban_viewer":
        return QCoreApplication.translate("Actions", "Unban viewer {user}").format(user=p["user_id"])
    if kind == "start_room":
        return QCoreApplication.translate("Actions", "Start the live room")
    if kind == "end_room":
        return QCoreApplication.translate("Actions", "End the live room")
    return kind


def status_text(status: str) -> str:
    return {
        PENDING: QCoreApplication.translate("Actions", "pending"),
        CONFIRMED: QCoreApplication.translate("Actions", "confirmed"),
        FAILED: QCoreApplication.translate("Actions", "failed"),
        UNKNOWN: QCoreApplication.translate("Actions", "outcome unknown"),
        SKIPPED: QCoreApplication.translate("Actions", "not supported"),
    }.get(status, status)


STATUS_MARK = {PENDING: "…", CONFIRMED: "✓", FAILED: "✗", UNKNOWN: "?", SKIPPED: "–"}
