"""LibreOffice headless (Debian's package), for DOCX → PDF and DOC/WPS/XLS → DOCX/XLSX."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import OfficeMissing, OfficeTimeout


def convert(
    data: bytes, suffix: str, target: str, timeout: int, env: dict[str, str] | None = None
) -> tuple[bytes | None, str]:
    """(the converted file or None, LibreOffice's own error output)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise OfficeMissing
    with tempfile.TemporaryDirectory(prefix="xxgk-office-") as d:
        src = Path(d) / f"report{suffix}"
        src.write_bytes(data)
        # a profile of its own, so that conversions never wait on an office the user has open
        cmd = [
            exe,
            f"-env:UserInstallation=file://{d}/profile",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            d,
            str(src),
        ]
        try:
            run = subprocess.run(cmd, capture_output=True, timeout=timeout, env=os.environ | {"HOME": d} | (env or {}))
        except subprocess.TimeoutExpired:
            raise OfficeTimeout from None
        out = src.with_suffix("." + target.split(":")[0])
        data_out = out.read_bytes() if out.exists() and out.stat().st_size else None
        return data_out, run.stderr.decode(errors="replace")[-300:]
