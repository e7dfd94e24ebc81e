"""Bounds on what a reader will take, so that one bad file never stalls a batch."""

from __future__ import annotations

from pathlib import Path

from ..errors import ReadError

MAX_FILE = 200 * 1024 * 1024  # bytes of any input file
MAX_PAGES = 2000  # pages of a PDF or frames of a TIFF: no annual report is longer
MAX_UNZIPPED = 300 * 1024 * 1024  # what a DOCX or XLSX may unpack to
MAX_RATIO = 200  # and how much larger than itself (real documents compress 3–20×)
MAX_XML = 12 * 1024 * 1024  # one XML part: a report's document.xml is a few MB at most (its images are apart)


def check_size(size: int, name: str) -> None:
    if size > MAX_FILE:
        raise ReadError(f"{name}：文件过大（{size / 1048576:.0f} MB），超过上限 {MAX_FILE // 1048576} MB")


def read_bytes(p: Path) -> bytes:
    """A file's bytes, or a ReadError that says in Chinese why not."""
    try:
        check_size(p.stat().st_size, str(p))
        return p.read_bytes()
    except IsADirectoryError:
        raise ReadError(f"{p}：是目录，不是文件") from None
    except FileNotFoundError:
        raise ReadError(f"{p}：文件不存在") from None
    except PermissionError:
        raise ReadError(f"{p}：没有读取权限") from None
    except OSError as e:
        raise ReadError(f"{p}：无法读取（{e.strerror}）") from None


def check_zip(data: bytes, name: str) -> set[str]:
    """The names in a DOCX/XLSX; refused when it would unpack to far more than any
    report (a zip bomb)."""
    import io
    import zipfile  # here: most files are no zip, and a command reading one file starts faster

    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        raise ReadError(f"{name}：压缩文件已损坏，无法作为 Word 或 Excel 读取") from None
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED or total > MAX_RATIO * max(len(data), 1) and total > 20 * 1024 * 1024:
        raise ReadError(f"{name}：文件解压后达 {total / 1048576:.0f} MB，远超正常文档（疑似压缩炸弹），已拒绝读取")
    big = next((i for i in infos if i.filename.endswith(".xml") and i.file_size > MAX_XML), None)
    if big is not None:  # honestly inflating, yet no report's text is that long: minutes and gigabytes to parse
        raise ReadError(
            f"{name}：其中的 {big.filename} 解压后达 {big.file_size / 1048576:.0f} MB，远超任何年度报告"
            f"（上限 {MAX_XML // 1048576} MB），已拒绝读取"
        )
    return {i.filename for i in infos}
