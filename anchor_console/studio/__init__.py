"""Studio: the project's own live-commerce platform server (FastAPI + SQLite).

It has every capability the console drives (rooms, shelf and 讲解, coupons, flash sales,
comments and moderation, staff roles, orders, live stats), a per-room Server-Sent-Events
stream, and a simulated audience. It is the console's embedded default, the rehearsal room,
an option for teams running their own live system, and the test bed.

Modules:
  store        the SQLite schema and connection, one transaction per change (durable for money),
               the per-room event log every change writes, the Studio clock, token hashing, the
               caller (Principal)
  migrations   bringing an older Studio's database up to date when it opens
  services     one service per resource (tokens, accounts, rooms, catalog, shelf, moderation,
               coupons, orders, flash_sales, comments, stats, idempotency), composed by `Studio`
  event_feed   per-room event fan-out with resume by Last-Event-ID, within a memory budget
  open_streams the open event streams by token, closed when their token stops working
  permissions  the role × action matrix
  errors       the API errors, answered as JSON {code, message}
  api          `create_app`: the HTTP app, its error handlers and routers; `served`: what uvicorn runs
  limits       the request guard: access and body limits before any body is parsed
  connections  connection cap, header deadline and eviction (a uvicorn protocol)
  openapi      the OpenAPI document: errors, security, success schemas, the replay body
  comment_log  reading a recorded comment log (JSON Lines) for the replay
  routes       one FastAPI router per resource, the access check and idempotent answers
  chaos        fault injection (`studio --chaos`, for the platform layer's fault tests)
  logs         the log: rotating, repeated messages counted rather than written
  token_cli    `anchor-console studio tokens …`
  audience     the simulated audience and the comment-log replay
  comment_corpus  what the simulated audience says
  demo         the demo catalog, coupon templates and room
  push_url     signed RTMP push URLs (Tencent Cloud Live format)
  server       `anchor-console studio`: binds, prints one JSON line, serves
  wechat       WeChat's live-commerce server APIs (mini-program live, Channels and its shop), emulated
               on the same state, on the same port: the WeChat adapters' test bed (wechat/__init__.py)
"""
