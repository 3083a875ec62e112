"""Anchor Console (中控台): a desktop console for live-commerce broadcasts."""

__version__ = "0.1.0"
APP_NAME = "Anchor Console"
APP_ID = "anchor-console"
ORG_NAME = "AnchorConsole"
