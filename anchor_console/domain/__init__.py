"""Domain layer: the console's vocabulary (products, coupons, comments, capabilities, money),
with no Qt, no I/O and no platform specifics. Everything else imports downwards into it."""
