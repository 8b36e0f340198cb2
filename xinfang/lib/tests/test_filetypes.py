import io
import zipfile

import docx
from openpyxl import Workbook

from xinfang.lib.filetypes import sniff


def _docx() -> bytes:
    buf = io.BytesIO()
    docx.Document().save(buf)
    return buf.getvalue()


def _xlsx() -> bytes:
    buf = io.BytesIO()
    Workbook().save(buf)
    return buf.getvalue()


def _extension(head: bytes) -> str | None:
    sniffed = sniff(head)
    return sniffed.extension if sniffed is not None else None


def test_office_pdf_and_images_are_recognised_from_content():
    assert _extension(_docx()[:8192]) == ".docx"
    assert _extension(_xlsx()[:8192]) == ".xlsx"
    assert _extension(b"%PDF-1.7\n%...") == ".pdf"
    assert _extension(b"\x89PNG\r\n\x1a\n" + b"\0" * 32) == ".png"
    assert _extension(b"\xff\xd8\xff\xe0" + b"\0" * 32) == ".jpg"


def test_a_program_renamed_to_pdf_is_refused():
    assert sniff(b"MZ\x90\x00" + b"\0" * 64) is None  # a Windows executable, whatever its name
    assert sniff(b"<html><script>alert(1)</script>") is None


def test_a_plain_zip_is_not_an_office_file():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    assert sniff(buf.getvalue()) is None
