"""The conformance suite (test_conformance.py) on the TikTok Shop adapter, pointed at Studio's
TikTok Shop emulator in-process: for every capability it declares (rooms: the shop; flash deals),
the action works, a repeat with the same key has no second effect and the change reaches the
event stream; every capability it lacks is refused by name. Errors are typed."""

from __future__ import annotations

import pytest
import pytest_asyncio
from support.tiktok_world import TikTokWorld
from test_conformance import every_capability, key, refusal, works_or_is_refused_by_name

from anchor_console.domain.capabilities import Capability
from anchor_console.platforms import errors as pe
from anchor_console.domain.models import FlashSaleSpec
from anchor_console.platforms.tiktok_shop import SHOP_ROOM, TikTokShopPlatform

C = Capability


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> TikTokWorld:
    return TikTokWorld(tmp_path_factory.mktemp("tiktok-conformance"))


@pytest_asyncio.fixture
async def adapter(world):
    world.new_room()   # a live room listing 1001–1003: where the shop's flash deals are sold
    yield world.adapter()


@pytest.mark.asyncio
@every_capability
async def test_capability_works_or_is_refused_by_name(adapter, world, cap):
    await works_or_is_refused_by_name(adapter, cap, None, SHOP_ROOM)


def test_the_adapter_declares_what_the_emulator_serves():
    assert TikTokShopPlatform.capabilities == {C.ROOMS, C.FLASH_SALES}


@pytest.mark.asyncio
async def test_errors_are_typed(adapter, world):
    with pytest.raises(pe.NotFound):
        await adapter.snapshot("not-this-shop")
    gone = await refusal(pe.NotFound, adapter.stop_flash_sale(SHOP_ROOM, "123", key=key()))
    assert gone.code == "17029009"
    gone = await refusal(pe.NotFound, adapter.launch_flash_sale(SHOP_ROOM, FlashSaleSpec("999999", "1", 100, 1),
                                                                key=key()))
    assert gone.code == "12052048"
    # above the regular price: refused before sending
    rule = await refusal(pe.InvalidRequest, adapter.launch_flash_sale(SHOP_ROOM, FlashSaleSpec("1001", "10012", 99900, 1),
                                                                      key=key()))
    assert rule.code == "flash_price"
    with pytest.raises(pe.AuthFailed) as auth:
        await world.adapter(secret="0" * 40).list_rooms()
    assert auth.value.code == "106003"


@pytest.mark.asyncio
async def test_a_connection_naming_its_shop_by_cipher_gets_that_room(world):
    adapter = world.adapter(shop_cipher=world.cipher)
    (room,) = await adapter.list_rooms()
    assert room.id == world.cipher and (await adapter.snapshot(world.cipher)).room.id == world.cipher
    with pytest.raises(pe.NotPermitted):
        await world.adapter(shop_cipher="ROW_someone_else").list_rooms()
