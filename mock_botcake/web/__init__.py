"""The HTTP plumbing every room shares: operation declarations, bodies in and out, WSGI helpers.

It knows nothing of the Botcake API (``mock_botcake.api``) or the control plane
(``mock_botcake.control``); ``mock_botcake.app`` wires them together.
"""
