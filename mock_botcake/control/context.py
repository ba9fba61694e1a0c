"""Where the control plane's handlers find the request journal and the fault rules of the app."""

from __future__ import annotations

from flask import Flask, current_app

from .faults import FaultBook
from .journal import Journal

JOURNAL_KEY = "mock_botcake.journal"
FAULTS_KEY = "mock_botcake.faults"


def attach_operations(app: Flask, journal: Journal, faults: FaultBook) -> None:
    app.extensions[JOURNAL_KEY] = journal
    app.extensions[FAULTS_KEY] = faults


def current_journal() -> Journal:
    return current_app.extensions[JOURNAL_KEY]


def current_faults() -> FaultBook:
    return current_app.extensions[FAULTS_KEY]
