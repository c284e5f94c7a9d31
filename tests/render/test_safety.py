"""Store data stays text, no personal data gets out, branding cannot inject CSS, no URLs load."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from render_samples import sample_diagnosis

from diagnoser.errors import UsageError
from diagnoser.render import Branding, render
from diagnoser.render.scrub import scrub_text

XSS = "<script>alert(1)</script>"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_script_in_store_name_stays_text(lang: str) -> None:
    d = sample_diagnosis(lang, store_name=XSS)
    d.findings[0].evidence[0].label = '"><img src=x onerror=alert(1)>'
    html = render(d, "html", lang=lang).decode()
    assert XSS not in html and "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    md = render(d, "md", lang=lang).decode()
    assert "\\<script\\>alert(1)\\</script\\>" in md
    assert not re.search(r"(?<!\\)<script", md)


def test_markdown_table_cells_are_escaped() -> None:
    d = sample_diagnosis("en")
    d.findings[0].evidence[0].label = "VAT | EPR\nsecond line"
    d.findings[0].remediation[0] = "Step with | pipe\nand newline"
    md = render(d, "md", lang="en").decode()
    assert "VAT \\| EPR second line" in md
    assert "- [ ] Step with \\| pipe and newline" in md


@pytest.mark.parametrize(
    "text",
    [
        "write to ops.lead@lumen-home.com",
        "call +86 138 0013 8000",
        "call 13800138000",
        "(555) 123-4567 today",
        "Tel: +49 30 1234567",
        "+1-202-555-0143",
    ],
)
def test_scrub_removes_emails_and_phones(text: str) -> None:
    out = scrub_text(text, "[x]")
    assert "[x]" in out
    assert not re.search(r"\d{4}", out.replace("[x]", ""))
    assert "@" not in out


@pytest.mark.parametrize(
    "text",
    [
        "revenue $12,905.25 in 2025-07",
        "1,234,567 impressions",
        "bounce 0.71 vs 0.45",
        "period 2025-07-31",
        "12000000 sessions",
        "ROAS 3.5x on 45 days",
        "SKU 4006381333931",
    ],
)
def test_scrub_keeps_numbers_that_are_not_phones(text: str) -> None:
    assert scrub_text(text, "[x]") == text


def test_no_personal_data_in_any_format() -> None:
    d = sample_diagnosis("zh")
    d.data_quality.append(
        {
            "severity": "warning",
            "message": "row 12: customer anna.schmidt@example.de, +49 170 1234567",
        }
    )
    d.findings[1].summary += " 联系人 13912345678"
    for fmt in ("md", "html", "json"):
        out = render(d, fmt, lang="zh").decode()  # type: ignore[arg-type]
        assert "anna.schmidt" not in out and "1234567" not in out and "13912345678" not in out, fmt
        assert "已隐去" in out, fmt


@pytest.mark.parametrize(
    "colour", ["red", "#12345g", "#1F4E79; } body { display:none", "url(http://x)", "", "#1234"]
)
def test_accent_colour_must_be_hex(colour: str) -> None:
    with pytest.raises(UsageError):
        Branding(accent_color=colour)


def test_branding_is_embedded(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    branding = Branding(agency_name="Acme 代运营 <b>", logo_path=logo, accent_color="#0A7E6E")
    html = render(sample_diagnosis("zh"), "html", lang="zh", branding=branding).decode()
    assert "--accent: #0A7E6E;" in html
    assert 'src="data:image/png;base64,' in html
    assert "Acme 代运营 &lt;b&gt;" in html
    md = render(sample_diagnosis("en"), "md", lang="en", branding=branding).decode()
    assert "Acme 代运营 \\<b\\>" in md


def test_logo_must_be_an_image_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        Branding(logo_path=tmp_path / "missing.png")
    (tmp_path / "logo.html").write_text("<script></script>")
    with pytest.raises(UsageError):
        Branding(logo_path=tmp_path / "logo.html")


def test_html_loads_nothing_from_a_network() -> None:
    d = sample_diagnosis("en")
    d.thresholds.append(
        {
            "rule_id": "X1",
            "param": "p",
            "value": 1,
            "source": "https://example.com/benchmarks",
            "client": False,
        }
    )
    html = render(d, "html", lang="en").decode()
    assert "default-src 'none'; img-src data:; style-src 'unsafe-inline'" in html
    assert "https://example.com/benchmarks" in html  # a source is shown as text …
    # … but no attribute, CSS url() or import points anywhere but the page itself or a data URI.
    attributes = re.findall(
        r"""\s(?:src|href|srcset|action|data|poster|xlink:href)\s*=\s*["']([^"']*)""", html
    )
    assert all(a.startswith(("#", "data:")) for a in attributes), attributes
    assert not re.search(r"url\(|@import|<link|<iframe|<object|<embed|<script", html, flags=re.I)
