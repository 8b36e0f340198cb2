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


def test_office_pdf_and_images_are_recognised_from_content():
    assert sniff(_docx()[:8192]).extension == ".docx"
    assert sniff(_xlsx()[:8192]).extension == ".xlsx"
    assert sniff(b"%PDF-1.7\n%...").extension == ".pdf"
    assert sniff(b"\x89PNG\r\n\x1a\n" + b"\0" * 32).extension == ".png"
    assert sniff(b"\xff\xd8\xff\xe0" + b"\0" * 32).extension == ".jpg"


def test_a_program_renamed_to_pdf_is_refused():
    assert sniff(b"MZ\x90\x00" + b"\0" * 64) is None  # a Windows executable, whatever its name
    assert sniff(b"<html><script>alert(1)</script>") is None


def test_a_plain_zip_is_not_an_office_file():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    assert sniff(buf.getvalue()) is None
