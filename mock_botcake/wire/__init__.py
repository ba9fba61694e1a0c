"""The wire format, and nothing else: the JSON Schemas loaded (``schemas``), the bodies every answer is
built from (``envelopes``) and where things are on the URL space (``urls``). Leaf modules: they
import nothing of the rest of the fake, so every layer may use them."""
