"""Importers for the exports sellers already download (Shopify, Amazon, ads consoles, GA4).

``detect`` recognises a file by content, ``import_file``/``import_folder`` read it into the
canonical ``funnel``/``costs``/``orders`` tables, ``merge`` combines sources per market ×
channel × month and records where they disagree.
"""

from __future__ import annotations

# Importing the modules registers their importers.
from diagnoser.importers import (  # noqa: F401
    ad_platforms,
    amazon_ads,
    amazon_business,
    amazon_transactions,
    analytics,
    shopify_orders,
    tiktok_shop,
)
from diagnoser.importers.api import FolderImport, ImportResult, import_file, import_folder
from diagnoser.importers.base import REGISTRY, Col, ImporterSpec, Options
from diagnoser.importers.detect import Detection, detect
from diagnoser.importers.merge import MergedTables, merge

__all__ = [
    "REGISTRY",
    "Col",
    "Detection",
    "FolderImport",
    "ImportResult",
    "ImporterSpec",
    "MergedTables",
    "Options",
    "detect",
    "import_file",
    "import_folder",
    "merge",
]
