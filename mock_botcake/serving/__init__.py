"""``mock-botcake serve``: its options (``settings``), the HTTP server (``server``, granian) and the
bridge that hands each request to the app (``rsgi_bridge``), the request log, and ``launch``, which
starts serve as a child process for the contract suite and the tests."""
