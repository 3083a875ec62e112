"""Platform layer: one async interface (`base.Platform`) to every live-commerce platform, with
declared capabilities, typed errors an operator can read (`errors`), one retrying transport
(`transport`) and one adapter per platform (`studio`, `wechat_*`, `tiktok_*`, `twitch*`). No Qt here."""
