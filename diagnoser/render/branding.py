"""Agency branding for reports: a name, a logo embedded as a data URI, an accent colour.

The colour ends up inside CSS, so it is validated as a plain hex colour; the logo is read
once and embedded, so the report never fetches it.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path

from diagnoser.errors import UsageError

DEFAULT_ACCENT = "#1F4E79"
HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
MAX_LOGO_BYTES = 512 * 1024


@dataclass(frozen=True)
class Branding:
    agency_name: str | None = None
    logo_path: Path | str | None = None
    accent_color: str = DEFAULT_ACCENT

    def __post_init__(self) -> None:
        if not HEX_COLOUR.fullmatch(self.accent_color or ""):
            raise UsageError(
                f"accent colour must be a hex colour like #1F4E79, got {self.accent_color!r}"
            )
        if self.logo_path is not None:
            path = Path(self.logo_path)
            if path.suffix.lower() not in LOGO_TYPES:
                raise UsageError(f"logo must be one of {', '.join(sorted(LOGO_TYPES))}: {path}")
            if not path.is_file():
                raise UsageError(f"logo file not found: {path}")
            if path.stat().st_size > MAX_LOGO_BYTES:
                raise UsageError(f"logo is larger than {MAX_LOGO_BYTES // 1024} KB: {path}")

    def logo_data_uri(self) -> str | None:
        if self.logo_path is None:
            return None
        path = Path(self.logo_path)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"data:{LOGO_TYPES[path.suffix.lower()]};base64,{data}"
