"""What the moderation tests share: a pipeline on the shipped word lists, on the test's clock."""

from __future__ import annotations

import pytest

from anchor_console.moderation.pipeline import ModerationPipeline
from anchor_console.moderation.wordlists import WordLists


@pytest.fixture
def pipeline(clock):
    return ModerationPipeline(WordLists.defaults(), clock)
