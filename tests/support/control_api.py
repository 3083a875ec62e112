"""A console session whose local control API serves on a free port, against a fresh demo Studio,
and an HTTP client that calls it with the token, as a Stream Deck key does."""

from __future__ import annotations

import httpx

from support.studio import on_demo_studio


async def control_api_session(session_factory, studio_factory, **settings):
    """A demo Studio and a session signed in there as the assistant, its control API serving on a
    free port: (studio, session)."""
    studio, session = await on_demo_studio(session_factory, studio_factory, "assistant", control_api_enabled=True,
                                           control_api_port=0, **settings)
    assert session.control_api.running, session.control_api.problem
    return studio, session


def control_api_client(session) -> httpx.AsyncClient:
    """A client of `session`'s control API that sends its token."""
    return httpx.AsyncClient(base_url=session.control_api.url,
                             headers={"Authorization": f"Bearer {session.control_api.token()}"}, timeout=20.0,
                             # idle connections dropped before uvicorn's 5 s keep-alive closes them: a
                             # request sent on one the server is closing fails (seen on a loaded run)
                             # (and no more connections than the API takes: control_server.MAX_CONNECTIONS)
                             limits=httpx.Limits(max_connections=16, keepalive_expiry=1.0))


async def pressed_twice(client: httpx.AsyncClient, url: str, **request) -> httpx.Response:
    """A money command while the console asks before money: the first press (428, nothing sent),
    then the second, naming the first's confirm_id as a script does; the second's answer."""
    first = await client.post(url, **request)
    assert first.status_code == 428 and first.json()["status"] == "awaiting_confirm", first.text
    return await client.post(url, json={"confirm_id": first.json()["result"]["confirm_id"]})
