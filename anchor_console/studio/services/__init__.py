"""Studio's services, one per resource, composed over one shared store (`Studio`).

Each service owns its resource's state changes and is handed the store and the services it
builds on; `Studio` builds them in that order and is what the routes, the audience, the demo
and the server hold:

  tokens       access tokens: scope, expiry, revocation, rotation
  accounts     staff and viewer accounts
  rooms        create, start, end a room; the room checks every room-scoped change makes
  catalog      products and SKUs
  shelf        a room's listed products, on/off sale, and the product on stage (讲解)
  moderation   mutes, bans and the room-wide mute; the viewer card
  coupons      templates, batches issued into a room, claims, discounts
  orders       purchases from the shelf
  flash_sales  秒杀: draft → countdown → live → ended, and purchases from them
  comments     the comment stream, pin, hide, delete
  stats        live numbers per room
  plans        live plans (直播预告): scheduled rooms' plans, reservations, reminders, plan images
  lucky_bags   福袋/抽奖: entry by keyword, follow, order or fan club; a commit–reveal draw
  red_packets  红包: an amount split into shares viewers claim (money)
  crew         seats on a room: presence, shared log, moderation lease, team word lists, show caller
  crew_seeds   lucky-bag seeds kept for the crew (staff only), so another seat can draw a bag
  idempotency  Idempotency-Key: one effect per key"""

from __future__ import annotations

from anchor_console.studio.services.accounts import Accounts
from anchor_console.studio.services.catalog import Catalog
from anchor_console.studio.services.comments import Comments
from anchor_console.studio.services.coupons import Coupons
from anchor_console.studio.services.crew import Crew
from anchor_console.studio.services.crew_seeds import CrewSeeds
from anchor_console.studio.services.flash_sales import FlashSales
from anchor_console.studio.services.idempotency import Idempotency
from anchor_console.studio.services.lucky_bags import LuckyBags
from anchor_console.studio.services.moderation import Moderation
from anchor_console.studio.services.orders import Orders
from anchor_console.studio.services.plans import Plans
from anchor_console.studio.services.red_packets import RedPackets
from anchor_console.studio.services.rooms import Rooms
from anchor_console.studio.services.shelf import Shelf
from anchor_console.studio.services.stats import Stats
from anchor_console.studio.services.tokens import Tokens
from anchor_console.studio.store import StudioClock, StudioStore


class Studio:
    def __init__(self, db_path: str, *, clock: StudioClock | None = None) -> None:
        self.store = StudioStore(db_path, clock=clock)
        self.tokens = Tokens(self.store)
        self.accounts = Accounts(self.store, self.tokens)
        self.rooms = Rooms(self.store)
        self.catalog = Catalog(self.store)
        self.shelf = Shelf(self.store, self.rooms, self.catalog)
        self.moderation = Moderation(self.store, self.rooms, self.accounts)
        self.coupons = Coupons(self.store, self.rooms, self.moderation)
        self.orders = Orders(self.store, self.rooms, self.catalog, self.shelf, self.coupons, self.moderation)
        self.flash_sales = FlashSales(self.store, self.rooms, self.catalog, self.shelf, self.orders, self.moderation)
        self.comments = Comments(self.store, self.rooms, self.moderation)
        self.stats = Stats(self.store, self.rooms)
        self.lucky_bags = LuckyBags(self.store, self.rooms, self.accounts, self.moderation, self.comments)
        self.red_packets = RedPackets(self.store, self.rooms, self.accounts, self.moderation)
        self.idempotency = Idempotency(self.store, self.tokens)
        # Ending a room ends its running flash sales, then its active coupons, in its transaction.
        self.rooms.close_with(self.flash_sales.end_running, self.coupons.end_active)
        # A room's plan is part of every answer about it; starting it reminds its subscribers.
        self.plans = Plans(self.store, self.rooms, self.accounts)
        self.rooms.describe_with(self.plans.describe)
        self.rooms.start_with(self.plans.remind_subscribers)
        self.crew = Crew(self.store, self.rooms)
        self.crew_seeds = CrewSeeds(self.store, self.rooms, self.crew)
