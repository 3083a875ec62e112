"""Viewers of a test Studio room: join and comment, as the audience would."""

from __future__ import annotations

import httpx

from support.waiting import until


async def post(studio, text: str, nickname: str = "观众", room_id: int | None = None) -> dict:
    """A viewer joins and posts; returns the viewer (id, token, headers) and the comment."""
    room = room_id or studio.room_id
    async with httpx.AsyncClient(base_url=studio.url, timeout=10) as c:
        viewer = (await c.post("/api/v1/viewers", json={"nickname": nickname})).json()
        viewer["headers"] = {"Authorization": f"Bearer {viewer['token']}"}
        r = await c.post(f"/api/v1/rooms/{room}/comments", json={"text": text}, headers=viewer["headers"])
        assert r.status_code == 201, r.text
        viewer["comment"] = r.json()
        viewer["room_id"] = room
        return viewer


async def more(studio, viewer: dict, text: str) -> dict:
    """The same viewer says something else."""
    async with httpx.AsyncClient(base_url=studio.url, timeout=10) as c:
        r = await c.post(f"/api/v1/rooms/{viewer['room_id']}/comments", json={"text": text},
                         headers=viewer["headers"])
        assert r.status_code == 201, r.text
        return r.json()


async def staff_post(studio, text: str, role: str = "assistant") -> dict:
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers(role), timeout=10) as c:
        r = await c.post(f"/api/v1/rooms/{studio.room_id}/comments", json={"text": text})
        assert r.status_code == 201, r.text
        return r.json()


async def buy(studio, sku_id: int, quantity: int = 1, nickname: str = "买家", room_id: int | None = None) -> int:
    """A viewer orders (not in a flash sale); returns the HTTP status."""
    room = room_id or studio.room_id
    async with httpx.AsyncClient(base_url=studio.url, timeout=10) as c:
        viewer = (await c.post("/api/v1/viewers", json={"nickname": nickname})).json()
        r = await c.post(f"/api/v1/rooms/{room}/orders", json={"sku_id": sku_id, "quantity": quantity},
                         headers={"Authorization": f"Bearer {viewer['token']}"})
        return r.status_code


async def set_stock(studio, sku_id: int, stock: int) -> None:
    async with httpx.AsyncClient(base_url=studio.url, headers=studio.headers("assistant"), timeout=10) as c:
        r = await c.patch(f"/api/v1/skus/{sku_id}", json={"stock": stock})
        assert r.status_code == 200, r.text


def join(studio, nickname: str = "观众") -> dict:
    r = httpx.post(f"{studio.url}/api/v1/viewers", json={"nickname": nickname}, timeout=10)
    assert r.status_code == 201, r.text
    v = r.json()
    v["headers"] = {"Authorization": f"Bearer {v['token']}"}
    return v


async def posted_row(studio, panel, text: str, nickname: str = "观众") -> int:
    """`text` posted by a viewer, then its row in the comment feed `panel` once it shows there."""
    await post(studio, text, nickname=nickname)
    await until(lambda: any(i.comment.text == text for i in panel.model.items()), message=f"{text!r} never showed")
    return next(r for r, i in enumerate(panel.model.items()) if i.comment.text == text)
