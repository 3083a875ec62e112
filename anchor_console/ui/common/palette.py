"""The console's colours for what they mean, one value each: good or live (green), bad, failed or
overrun (red), unsure or late (orange), in flight or ahead (blue), a warning (amber), quiet (grey)."""

from __future__ import annotations

GREEN = "#2e7d32"
RED = "#c62828"
ORANGE = "#ef6c00"
BLUE = "#1565c0"
AMBER = "#f9a825"
GREY = "#757575"
