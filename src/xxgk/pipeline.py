"""One file end to end: bytes → document → record → findings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .check import check, correct
from .errors import ReadError
from .extract import extract
from .read.document import Document
from .read.limits import check_zip, read_bytes
from .read.text import read_text
from .record import Record

Progress = Callable[[int, int], None]  # pages done, pages in all
PICTURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")  # PNG, JPEG, TIFF

# The readers of every form but text are imported when a file of theirs comes: their
# libraries (lxml, python-docx, openpyxl, PDFium) take longer to load than a report to read.
_HTML = (".html", ".htm", ".shtml")
_BY_NAME = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx"} | dict.fromkeys(_HTML, "html")


def readers_for(names: list[str]) -> list[str]:
    """The reader modules the files' names suggest, for a batch to load before it forks
    its readers (only a hint: the bytes decide, read_document)."""
    return sorted({f"xxgk.read.{_BY_NAME[s]}" for n in names if (s := Path(n).suffix.lower()) in _BY_NAME})


def _is_html(data: bytes, name: str) -> bool:
    if name.lower().endswith(_HTML):
        return True
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or (head.startswith(b"<") and b"<body" in data[:4096].lower())


def _office(data: bytes, name: str) -> Document:
    """A zip: DOCX or XLSX by what it holds."""
    names = check_zip(data, name)
    if "word/document.xml" in names:
        from .read.docx import read_docx

        return read_docx(data, name)
    if "xl/workbook.xml" in names:
        from .read.xlsx import read_xlsx

        return read_xlsx(data, name)
    raise ReadError(f"{name}：是压缩文件，但不是 Word（DOCX）或 Excel（XLSX）")


def read_document(data: bytes, name: str, ocr: bool = True, progress: Progress | None = None) -> Document:
    """Bytes of any supported form to a document, the form told by content, not name.
    `ocr`: read scanned pages by OCR (else a scan is refused); `progress(done, of)` hears
    of each scanned page read."""
    if _is_html(data, name):
        from .read.html import read_html

        return read_html(data, name)
    if data.startswith(b"PK\x03\x04"):
        return _office(data, name)
    if b"%PDF-" in data[:1024]:
        from .read.pdf import read_pdf

        return read_pdf(data, name, ocr=ocr, progress=progress)
    if data.startswith(PICTURES):
        if not ocr:
            raise ReadError(f"{name}：是图片（扫描或拍照的报告页），需文字识别；去掉 --no-ocr 即可识别")
        from .read.ocr import read_pictures

        return read_pictures(data, name, progress=progress)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # DOC, WPS, XLS: the old binary formats
        from .read.legacy import convert_legacy

        return _office(convert_legacy(data, name), name)
    return read_text(data, name)


def parse_bytes(data: bytes, name: str = "-", ocr: bool = True, progress: Progress | None = None) -> Record:
    """Read, extract and check. Raises ReadError for a file that cannot be read."""
    rec = extract(read_document(data, name, ocr, progress))
    rec.findings += correct(rec)  # a scan's misread digits, where the identities single them out
    rec.findings += check(rec)
    return rec


def parse_path(path: str | Path) -> Record:
    return parse_bytes(read_bytes(Path(path)), str(path))
