"""Render a document: the template of its kind (an administrator's replacement, else the repository's default)
filled with plain data, returned as .docx bytes."""

from __future__ import annotations

import io
import re
from pathlib import Path

from docxtpl import DocxTemplate

DEFAULTS_DIR = Path(__file__).resolve().parent / "templates_docx"


def template_bytes(kind: str) -> bytes:
    from .models import DocumentTemplate

    replacement = DocumentTemplate.objects.filter(kind=kind, is_active=True).order_by("-uploaded_at").first()
    if replacement is not None:
        with replacement.file.open("rb") as f:
            return f.read()
    return (DEFAULTS_DIR / f"{kind}.docx").read_bytes()


def render(kind: str, context: dict) -> bytes:
    """Fill the template of ``kind`` with ``context`` (values are escaped for XML)."""
    template = DocxTemplate(io.BytesIO(template_bytes(kind)))
    template.render(context, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def paragraphs(text: str) -> list[str]:
    """A long text as the list of its non-empty paragraphs (each becomes an indented paragraph)."""
    return [line.strip() for line in re.split(r"\n+", text or "") if line.strip()]
