"""One file end to end: bytes → document → record → findings."""

from __future__ import annotations

from pathlib import Path

from .check import check
from .extract import extract
from .read import Document, ReadError, read_text
from .record import Record


# Forms whose readers are not part of this version: say so instead of misreading them.
_NOT_YET = ((b"%PDF", "PDF"), (b"PK\x03\x04", "Word（DOCX）或 Excel（XLSX）"),
            (b"\xd0\xcf\x11\xe0", "Word（DOC/WPS）或 Excel（XLS）"))


def read_document(data: bytes, name: str) -> Document:
    for magic, what in _NOT_YET:
        if data.startswith(magic):
            raise ReadError(f"{name}：是{what}文件，本版本只能读取文本和 Markdown（请复制报告文字另存为 .txt）")
    return read_text(data, name)


def parse_bytes(data: bytes, name: str = "-") -> Record:
    """Read, extract and check. Raises ReadError for a file that cannot be read."""
    rec = extract(read_document(data, name))
    rec.findings += check(rec)
    return rec


def parse_path(path: str | Path) -> Record:
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise ReadError(f"{p}：是目录，不是文件") from None
    except FileNotFoundError:
        raise ReadError(f"{p}：文件不存在") from None
    except PermissionError:
        raise ReadError(f"{p}：没有读取权限") from None
    except OSError as e:
        raise ReadError(f"{p}：无法读取（{e.strerror}）") from None
    return parse_bytes(data, str(p))
