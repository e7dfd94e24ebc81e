"""Record → PDF: the DOCX, converted by LibreOffice headless (Debian's package)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..record import Record
from .docx import render_docx


FONTS = Path(__file__).with_name("fonts.conf")


class RenderError(Exception):
    """A report that cannot be produced; the message is Chinese and says what to do."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes, timeout: int = 180) -> bytes:
    exe = soffice()
    if exe is None:
        raise RenderError("未找到 LibreOffice，无法生成 PDF：请安装 Debian 软件包 libreoffice-writer-nogui "
                          "（apt-get install libreoffice-writer-nogui fonts-noto-cjk），或改用 --to docx")
    with tempfile.TemporaryDirectory(prefix="xxgk-pdf-") as d:
        src = Path(d) / "report.docx"
        src.write_bytes(data)
        # a profile of its own, so that conversions never wait on an office the user has open
        cmd = [exe, f"-env:UserInstallation=file://{d}/profile", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", "pdf", "--outdir", d, str(src)]
        env = os.environ | {"FONTCONFIG_FILE": str(FONTS)}
        try:
            run = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            raise RenderError(f"LibreOffice 转换 PDF 超时（{timeout} 秒）") from None
        pdf = Path(d) / "report.pdf"
        if not pdf.exists():
            raise RenderError(f"LibreOffice 转换 PDF 失败：{run.stderr.decode(errors='replace')[-300:]}")
        return pdf.read_bytes()


def render_pdf(rec: Record, draft: bool = False, blank: str = "0") -> bytes:
    return docx_to_pdf(render_docx(rec, draft, blank))
