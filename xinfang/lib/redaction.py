"""Redaction of free text written into documents: ID and mobile numbers masked, a confidential petitioner's
names replaced."""

from __future__ import annotations

import re

from .masking import mask_id_number, mask_phone

ID_NUMBER = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def redact(text: str, names: list[str] | None = None) -> str:
    """Mask ID and mobile numbers in free text; replace the given names (a confidential petitioner's)."""
    text = ID_NUMBER.sub(lambda m: mask_id_number(m.group()), text or "")
    text = MOBILE.sub(lambda m: mask_phone(m.group()), text)
    for name in sorted({n for n in names or [] if n}, key=len, reverse=True):
        text = text.replace(name, "信访人")
    return text
