"""The tools around the contracts: ``verify`` (the contract suite against a target) and its report,
``snapshot`` (a real page read into a seed), the OpenAPI document built from the declarations
(``openapi``, served by ``openapi_route``) and the docs' generated tables (``docs_tables``)."""
