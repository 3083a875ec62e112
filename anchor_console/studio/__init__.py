"""Studio: the project's own live-commerce platform server (FastAPI + SQLite).

It has every capability the console drives (rooms, shelf and 讲解, coupons, flash sales,
comments and moderation, staff roles, orders, live stats), a per-room Server-Sent-Events
stream, and a simulated audience. It is the console's embedded default, the rehearsal room,
an option for teams running their own live system, and the test bed.

Modules:
  service      all state changes, one SQLite transaction each, every change an event
  event_feed   per-room event fan-out with resume by Last-Event-ID
  permissions  the role × action matrix
  api          the HTTP routes (FastAPI), errors as JSON {code, message}
  audience     the simulated audience and the comment-log replay
  demo         the demo catalog, coupon templates and room
  push_url     signed RTMP push URLs (Tencent Cloud Live format)
  server       `anchor-console studio`: binds, prints one JSON line, serves
"""
