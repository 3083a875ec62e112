"""Live comment moderation (being written)."""
