"""Reports from a Diagnosis: Markdown, self-contained HTML, PDF and JSON, in zh and en.

``render`` returns bytes; ``write_report`` writes them atomically; ``compare`` tells what
changed since an earlier report's JSON.
"""

from diagnoser.render.branding import Branding
from diagnoser.render.compare import Changes, compare
from diagnoser.render.output import FORMATS, Format, render, write_report
from diagnoser.render.view import ReportView, build_view

__all__ = [
    "FORMATS",
    "Branding",
    "Changes",
    "Format",
    "ReportView",
    "build_view",
    "compare",
    "render",
    "write_report",
]
