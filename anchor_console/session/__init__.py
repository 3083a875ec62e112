"""The session layer: a console running a show, with no Qt (FeelUOwn's `App` beneath its GUI).

    console        ConsoleSession: start-up and shutdown order, connecting, the live room,
                   the bundled Studio kept running; events room_changed / status / notices
    actions        Actions: the operator's typed commands with one set of interlocks (in flight
                   once per gate, money confirmed by the ui's policy), outcomes announced
    catalog        Catalog: products, SKUs and coupon templates of the room; names for the journal
    paths          Paths: every folder and file, resolved once
    settings       Settings: declared once, saved as JSON (no secrets)
    tokens         TokenStore: access tokens in the OS keyring only
    tasks          Tasks: owned, named, cancellable background work; cancel_and_wait
    bundled_studio StudioProcess: the demo Studio as a child process

The engines it wires: `room` (live room, journal, typed commands), `moderation.desk` (the
comment desk) and `show.runner` (the run of show). The ui subscribes to their events and renders."""
