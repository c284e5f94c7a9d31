"""The canonical store bundle: reading, validating and converting a store's data.

``load_bundle(path)`` reads a bundle folder or workbook; ``validate_tables(store, tables,
sources)`` runs the same checks on tables an export importer already put in canonical form;
``write_template(directory)`` starts a bundle for a new client.
"""

from diagnoser.bundle.docs import render_bundle_doc
from diagnoser.bundle.model import Bundle
from diagnoser.bundle.profile import StoreProfile
from diagnoser.bundle.read import load_bundle
from diagnoser.bundle.tables import TABLES, ColumnSpec, TableSpec
from diagnoser.bundle.template import write_template
from diagnoser.bundle.validate import validate_tables

__all__ = [
    "TABLES",
    "Bundle",
    "ColumnSpec",
    "StoreProfile",
    "TableSpec",
    "load_bundle",
    "render_bundle_doc",
    "validate_tables",
    "write_template",
]
