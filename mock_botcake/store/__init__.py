"""The fake's state: pages, folders, flows, keywords, page settings, statistics and recorded sends."""

from .database import StateFileError
from .errors import (
    AccountExists,
    AdAccountNotFound,
    BadFlowPath,
    FlowNotFound,
    IdsExhausted,
    InvalidAccount,
    InvalidSeed,
    KeywordNotFound,
    MarketingMessageNotFound,
    PageExists,
    PageNotFound,
    StoreError,
)
from .store import STATE_FORMAT, Store

__all__ = [
    "STATE_FORMAT",
    "AccountExists",
    "AdAccountNotFound",
    "BadFlowPath",
    "FlowNotFound",
    "IdsExhausted",
    "InvalidAccount",
    "InvalidSeed",
    "KeywordNotFound",
    "MarketingMessageNotFound",
    "PageExists",
    "PageNotFound",
    "StateFileError",
    "Store",
    "StoreError",
]
