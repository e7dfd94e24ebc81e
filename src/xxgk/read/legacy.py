"""DOC, WPS and XLS: converted by LibreOffice headless (Debian's package) and then read
as DOCX or XLSX."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .document import ReadError

TIMEOUT = 120


def convert_legacy(data: bytes, name: str) -> bytes:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise ReadError(f"{name}：是 Word/WPS（DOC、WPS）或 Excel（XLS）旧格式文件，需要 LibreOffice 转换："
                        "请安装 Debian 软件包 libreoffice-writer-nogui libreoffice-calc-nogui，或另存为 DOCX/XLSX")
    with tempfile.TemporaryDirectory(prefix="xxgk-doc-") as d:
        src = Path(d) / "report.doc"
        src.write_bytes(data)
        for target, ext in (("docx", ".docx"), ("xlsx", ".xlsx")):
            cmd = [exe, f"-env:UserInstallation=file://{d}/profile", "--headless", "--norestore", "--nolockcheck",
                   "--convert-to", target, "--outdir", d, str(src)]
            try:
                subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, env=os.environ | {"HOME": d})
            except subprocess.TimeoutExpired:
                raise ReadError(f"{name}：LibreOffice 转换超时（{TIMEOUT} 秒）") from None
            out = src.with_suffix(ext)
            if out.exists() and out.stat().st_size:
                return out.read_bytes()
    raise ReadError(f"{name}：旧格式文件无法转换（文件可能已损坏或加密）")
