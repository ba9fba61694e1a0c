"""The fake's state: pages, folders, flows, keywords, page settings, statistics and recorded sends."""

from .database import StateFileError
from .errors import (
    BadCustomerFields,
    BadFlowPath,
    BroadcastNotFound,
    CustomerNotFound,
    CustomFieldNotFound,
    FlowNotFound,
    IdsExhausted,
    InvalidSeed,
    KeywordNotFound,
    MediaNotFound,
    PageExists,
    PageNotFound,
    SequenceMessageNotFound,
    SequenceNotFound,
    StoreError,
)
from .store import STATE_FORMAT, Store

__all__ = [
    "STATE_FORMAT",
    "BadCustomerFields",
    "BadFlowPath",
    "BroadcastNotFound",
    "CustomFieldNotFound",
    "CustomerNotFound",
    "FlowNotFound",
    "IdsExhausted",
    "InvalidSeed",
    "KeywordNotFound",
    "MediaNotFound",
    "PageExists",
    "PageNotFound",
    "SequenceMessageNotFound",
    "SequenceNotFound",
    "StateFileError",
    "Store",
    "StoreError",
]
