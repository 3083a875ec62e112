"""Text as the rules see it: the normalizer moved to anchor_console.domain.normalize, so that Studio
(which may import only domain) matches the console's word lists on the same skeleton; the
moderation pipeline keeps importing it from here."""

from anchor_console.domain.normalize import _NOT_WORD, BIDI_MARK, FOLD, fold, normalize, normalize_many, skeleton

__all__ = ["_NOT_WORD", "BIDI_MARK", "FOLD", "fold", "normalize", "normalize_many", "skeleton"]
