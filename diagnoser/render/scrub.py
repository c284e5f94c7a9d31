"""A last line of defence against personal data in free text: emails and phone numbers.

The report renders only Diagnosis fields, which carry no customer data by design; rule
texts and data-quality messages can still quote a cell, so they are scrubbed once more.
"""

from __future__ import annotations

import re
from typing import Any

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Digit runs with phone punctuation; amounts (with . or ,) and ISO dates do not match.
PHONE_CANDIDATE = re.compile(r"(?<![\w.,/-])(\+?\(?\d[\d ()\-]{6,}\d)(?![\w.,/%])")
CN_MOBILE = re.compile(r"1[3-9]\d{9}")
ISO_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


def _phone(match: re.Match[str], replacement: str) -> str:
    text = match.group(1)
    digits = re.sub(r"\D", "", text)
    if not 8 <= len(digits) <= 15 or ISO_DATE.fullmatch(text.strip()):
        return match.group(0)
    separated = text.startswith("+") or bool(re.search(r"[ ()\-]", text))
    if separated or CN_MOBILE.fullmatch(digits):
        return replacement
    return match.group(0)


def scrub_text(text: str, replacement: str = "[redacted]") -> str:
    """``text`` with email addresses and phone numbers replaced."""
    if "@" in text:  # the email pattern is slow on long text and most text has no "@"
        text = EMAIL.sub(replacement, text)
    return PHONE_CANDIDATE.sub(lambda m: _phone(m, replacement), text)


def scrub_tree(value: Any, replacement: str = "[redacted]") -> Any:
    """Every string inside nested dicts and lists, scrubbed."""
    if isinstance(value, str):
        return scrub_text(value, replacement)
    if isinstance(value, dict):
        return {k: scrub_tree(v, replacement) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_tree(v, replacement) for v in value]
    return value
