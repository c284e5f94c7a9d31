"""Facts: the narrow, documented records derived from a store bundle that rules match.

``derive_facts(bundle)`` builds them; ``catalog`` documents every type and field.
"""

from diagnoser.facts.catalog import FACT_MODELS, FACT_TYPES, catalog_rows, render_catalog
from diagnoser.facts.derive import derive_facts, facts_by_type

__all__ = [
    "FACT_MODELS",
    "FACT_TYPES",
    "catalog_rows",
    "derive_facts",
    "facts_by_type",
    "render_catalog",
]
