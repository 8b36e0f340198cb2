"""What a file is, read from its content (never its name), and whether it may be attached to a case."""

from __future__ import annotations

from dataclasses import dataclass

import filetype

# PDF, images and Office files. Legacy .doc/.xls/.ppt share one container format (OLE2) and are told apart by
# the package from their content.
ALLOWED: dict[str, str] = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/bmp": ".bmp",
    "image/tiff": ".tif",
    "image/webp": ".webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.ms-powerpoint": ".ppt",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
}
ALLOWED_LABEL = "PDF、图片（JPG/PNG/GIF/BMP/TIFF/WEBP）或 Office 文档（Word/Excel/PowerPoint/WPS 兼容格式）"


@dataclass(frozen=True)
class Sniffed:
    mime: str
    extension: str


def sniff(head: bytes) -> Sniffed | None:
    """The allowed type of a file from its first bytes (8 KB is plenty), or None if it is not allowed."""
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED:
        return None
    return Sniffed(kind.mime, ALLOWED[kind.mime])
