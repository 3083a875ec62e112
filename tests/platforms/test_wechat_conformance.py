"""The conformance suite (test_conformance.py) on the two real WeChat adapters, pointed at Studio's
WeChat emulator — only the base URL differs from production: for every capability an adapter
declares, the action works, a repeat with the same key has no second effect and the change reaches
the event stream; every capability it lacks is refused by name. Errors are typed."""

from __future__ import annotations

import httpx
import pytest
import pytest_asyncio
from test_conformance import every_capability, key, live_room, module_studio, refusal, works_or_is_refused_by_name

from anchor_console.domain.capabilities import Capability
from anchor_console.platforms import errors as pe
from anchor_console.domain.models import FlashSaleSpec
from anchor_console.platforms.base import Platform
from anchor_console.platforms.wechat_auth import WeChatCredentials
from anchor_console.platforms.wechat_channels import WeChatChannelsPlatform
from anchor_console.platforms.wechat_live import WeChatLivePlatform
from anchor_console.studio.wechat.channels import export_id

C = Capability
KINDS = ("mini_program_live", "channels")


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    with module_studio(tmp_path_factory, "wechat-conformance") as s:
        yield s


def make_adapter(kind: str, studio, client: httpx.AsyncClient, *, secret: str | None = None) -> Platform:
    """An adapter as production builds it, with Studio's address as the API base."""
    if kind == "mini_program_live":
        creds = WeChatCredentials(studio.wechat["appid"], secret or studio.wechat["secret"])
        return WeChatLivePlatform("conn", creds, client, base_url=studio.url, live_poll_s=0.2, idle_poll_s=0.2)
    shop = studio.wechat["shop"]
    return WeChatChannelsPlatform("conn", WeChatCredentials(shop["appid"], secret or shop["secret"]), client,
                                  base_url=studio.url, stats_poll_s=0.2, sales_poll_s=0.2, coupon_poll_s=0.2,
                                  orders_poll_s=0.2, idle_poll_s=0.2)


def fresh_room(studio, kind: str) -> str:
    """A live room with products 1001–1003 listed (through Studio's own API), as the adapter names
    it: the mini-program roomid, or the Channels live's export_id."""
    room_id = live_room(studio)
    return str(room_id) if kind == "mini_program_live" else export_id(room_id)


@pytest_asyncio.fixture(params=KINDS)
async def adapter(request, studio):
    async with httpx.AsyncClient() as client:
        platform = make_adapter(request.param, studio, client)
        platform.kind_under_test = request.param
        yield platform


@pytest.mark.asyncio
@every_capability
async def test_capability_works_or_is_refused_by_name(adapter, studio, cap):
    await works_or_is_refused_by_name(adapter, cap, studio, fresh_room(studio, adapter.kind_under_test))


def test_each_adapter_declares_what_the_emulator_serves():
    assert WeChatLivePlatform.capabilities == {C.ROOMS, C.SHELF, C.STAGE, C.SALE_TOGGLE, C.SORT, C.ROOM_MUTE,
                                               C.LIVE_PLANS}
    assert WeChatChannelsPlatform.capabilities == {C.ROOMS, C.COUPONS, C.FLASH_SALES, C.STATS_STREAM}


@pytest.mark.asyncio
async def test_errors_are_typed(adapter, studio):
    kind = adapter.kind_under_test
    room_id = fresh_room(studio, kind)
    missing = "999999" if kind == "mini_program_live" else export_id(999999)
    with pytest.raises(pe.InvalidRequest) as info:   # NotFound is one
        await adapter.snapshot(missing)
    if kind == "mini_program_live":
        assert isinstance(info.value, pe.NotFound) and info.value.code == "300022"
    async with httpx.AsyncClient() as client:
        with pytest.raises(pe.AuthFailed) as auth:
            await make_adapter(kind, studio, client, secret="0" * 32).list_rooms()
    assert "AppSecret" in auth.value.message.english() and auth.value.code == "40125"
    if kind == "mini_program_live":
        await adapter.set_on_sale(room_id, "1002", False, key=key())
        conflict = await refusal(pe.Conflict, adapter.put_on_stage(room_id, "1002", key=key()))
        assert conflict.code == "300052"
        assert conflict.message.english() == "This product is off sale; put it on sale first."
        assert (await refusal(pe.NotFound, adapter.add_to_shelf(room_id, "999999", key=key()))).code == "300024"
    else:
        assert (await refusal(pe.NotFound, adapter.stop_flash_sale(room_id, "123", key=key()))).code == "10020076"
        assert (await refusal(pe.NotFound, adapter.stop_coupon(room_id, "123", key=key()))).code == "10021037"
        gone = await refusal(pe.NotFound, adapter.launch_flash_sale(room_id, FlashSaleSpec("999999", "1", 100, 1),
                                                                    key=key()))
        assert gone.code == "10020052"


@pytest.mark.parametrize("cap", [C.LUCKY_BAGS, C.RED_PACKETS], ids=lambda c: c.value)
def test_wechat_says_why_it_has_no_giveaways(cap):
    """The lead's tooltip on the disabled lucky-bag and red-packet actions shows this reason."""
    for adapter in (WeChatLivePlatform, WeChatChannelsPlatform):
        reason = adapter.reasons[cap].english()
        assert cap not in adapter.capabilities and "no API" in reason
