"""The features of the console window, in the order their docks are laid out. Adding a panel to
the console means adding its feature here (see `ui/common/feature.py` for what a feature is)."""

from __future__ import annotations

from anchor_console.ui.comments.feature import CommentsFeature
from anchor_console.ui.common.feature import Feature
from anchor_console.ui.crew.crew_panel import CrewFeature
from anchor_console.ui.data_screen.data_screen import DataScreenFeature
from anchor_console.ui.giveaways.giveaways_panel import GiveawaysFeature
from anchor_console.ui.journal.journal_panel import JournalFeature
from anchor_console.ui.plans.plans_window import PlansFeature
from anchor_console.ui.promotions.promotions_panel import PromotionsFeature
from anchor_console.ui.review.feature import ReviewFeature
from anchor_console.ui.shelf.shelf_panel import ShelfFeature
from anchor_console.ui.show.feature import ShowFeature

FEATURES: tuple[type, ...] = (ShelfFeature, PromotionsFeature, GiveawaysFeature, JournalFeature, CrewFeature, ShowFeature,
                              CommentsFeature, DataScreenFeature, ReviewFeature, PlansFeature)

__all__ = ["FEATURES", "Feature"]
