"""The fake's state: pages, folders, flows, keywords, page settings, statistics and recorded sends."""

from .database import StateFileError
from .errors import (
    BadCustomerFields,
    BadFlowPath,
    CustomerNotFound,
    CustomFieldNotFound,
    FlowNotFound,
    IdsExhausted,
    InvalidSeed,
    KeywordNotFound,
    PageExists,
    PageNotFound,
    StoreError,
)
from .store import STATE_FORMAT, Store

__all__ = [
    "STATE_FORMAT",
    "BadCustomerFields",
    "BadFlowPath",
    "CustomFieldNotFound",
    "CustomerNotFound",
    "FlowNotFound",
    "IdsExhausted",
    "InvalidSeed",
    "KeywordNotFound",
    "PageExists",
    "PageNotFound",
    "StateFileError",
    "Store",
    "StoreError",
]
