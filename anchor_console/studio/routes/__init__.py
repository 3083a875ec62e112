"""Studio's HTTP routes, one FastAPI router per resource, in the order `create_app` adds them:

  meta         health, capabilities, me, the rehearsal clock
  accounts     staff accounts; viewers joining
  rooms        rooms, their push URL and snapshot
  catalog      products and SKUs
  shelf        a room's shelf and stage
  coupons      templates, batches, claims
  flash_sales  秒杀
  orders       a room's orders, buying
  comments     a room's comments
  moderation   viewer card, mute, ban, room-wide mute
  giveaways    lucky bags (福袋/抽奖), red packets (红包), following and the fan club
  live         live stats and the SSE event stream
  audience     the simulated audience and comment-log replay
  plans        live plans, reservations and reminders, plan images, the public share page
  chaos        fault injection (`--chaos` only)
  crew         seats on a room: presence, shared log, moderation lease, team word lists, show caller

Shared by all: `inputs` (field types and the request body base) and `context` (the Studio and
settings the routes work with, found from the request; the access check; idempotent answers)."""

from anchor_console.studio.routes import (
    accounts, audience, catalog, comments, coupons, crew, flash_sales, giveaways, live, meta, moderation,
    orders, plans, rooms, shelf,
)

# The order routes are matched in (it decides which route answers 405 to a wrong method).
RESOURCE_ROUTERS = (meta.router, accounts.router, rooms.router, catalog.router, shelf.router, coupons.router,
                    flash_sales.router, orders.router, comments.router, moderation.router, giveaways.router,
                    live.router, audience.router, plans.router, crew.router)
