"""DOC, WPS and XLS: converted by LibreOffice headless (Debian's package) and then read
as DOCX or XLSX."""

from __future__ import annotations

from ..errors import OfficeMissing, OfficeTimeout, ReadError
from ..office import convert

TIMEOUT = 120


def convert_legacy(data: bytes, name: str) -> bytes:
    for target in ("docx", "xlsx"):  # a document, else a spreadsheet
        try:
            out, _ = convert(data, ".doc", target, TIMEOUT)
        except OfficeMissing:
            raise ReadError(
                f"{name}：是 Word/WPS（DOC、WPS）或 Excel（XLS）旧格式文件，需要 LibreOffice 转换："
                "请安装 Debian 软件包 libreoffice-writer-nogui libreoffice-calc-nogui，或另存为 DOCX/XLSX"
            ) from None
        except OfficeTimeout:
            raise ReadError(f"{name}：LibreOffice 转换超时（{TIMEOUT} 秒）") from None
        if out is not None:
            return out
    raise ReadError(f"{name}：旧格式文件无法转换（文件可能已损坏或加密）")
