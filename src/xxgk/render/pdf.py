"""Record → PDF: the DOCX, converted by LibreOffice headless (Debian's package)."""

from __future__ import annotations

from pathlib import Path

from ..errors import OfficeMissing, OfficeTimeout, RenderError
from ..office import convert
from ..record import Record
from .docx import render_docx

FONTS = Path(__file__).with_name("fonts.conf")


def docx_to_pdf(data: bytes, timeout: int = 180) -> bytes:
    try:
        pdf, errors = convert(data, ".docx", "pdf", timeout, {"FONTCONFIG_FILE": str(FONTS)})
    except OfficeMissing:
        raise RenderError(
            "未找到 LibreOffice，无法生成 PDF：请安装 Debian 软件包 libreoffice-writer-nogui "
            "（apt-get install libreoffice-writer-nogui fonts-noto-cjk），或改用 --to docx"
        ) from None
    except OfficeTimeout:
        raise RenderError(f"LibreOffice 转换 PDF 超时（{timeout} 秒）") from None
    if pdf is None:
        raise RenderError(f"LibreOffice 转换 PDF 失败：{errors}")
    return pdf


def render_pdf(rec: Record, draft: bool = False, blank: str = "0") -> bytes:
    return docx_to_pdf(render_docx(rec, draft, blank))
