"""The HTTP layer: the app factory, the API blueprints and the control plane."""

from .app import create_app

__all__ = ["create_app"]
