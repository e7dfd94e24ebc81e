"""Bad input gets a finding or a clear Chinese error naming the file, never a traceback."""

from __future__ import annotations

import random

import pytest
from conftest import SEEDS, load
from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk.errors import ReadError
from xxgk.pipeline import parse_bytes, parse_path

pytestmark = pytest.mark.shared

SEED_004 = SEEDS / "004_42b2e6b1a7d7c7c9.txt"


def test_empty_file(tmp_path):
    p = tmp_path / "空.txt"
    p.write_bytes(b"")
    with pytest.raises(ReadError, match="空.txt：文件为空"):
        parse_path(p)
    p.write_bytes(b" \n\n\t \n")
    with pytest.raises(ReadError, match="文件为空"):
        parse_path(p)


def test_binary_garbage(tmp_path):
    p = tmp_path / "garbage.bin"
    p.write_bytes(random.Random(7).randbytes(20000))
    with pytest.raises(ReadError, match="garbage.bin："):
        parse_path(p)


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-8-sig"])
def test_other_encodings_read_the_same(tmp_path, encoding):
    text = SEED_004.read_text(encoding="utf-8")
    p = tmp_path / f"report-{encoding}.txt"
    p.write_bytes(text.encode(encoding))
    expected = load(SEEDS / "004_42b2e6b1a7d7c7c9.expected.json")
    rec = parse_path(p)
    assert rec.applications == expected["applications"]
    assert rec.body == expected["body"]


def test_report_without_table_three(tmp_path):
    text = SEED_004.read_text(encoding="utf-8")
    start, end = text.index("## 三、收到和处理"), text.index("#### 四、")
    rec = parse_bytes((text[:start] + text[end:]).encode(), "no-t3.txt")
    assert rec.applications == {}
    assert [f.message for f in rec.errors] == ["缺少表三（收到和处理政府信息公开申请情况）：报告中未找到该表"]
    assert rec.review_litigation["review"]["total"] == 69  # the rest is still read


def test_not_a_report_at_all():
    rec = parse_bytes("会议纪要\n今天讨论了三件事。\n".encode(), "memo.txt")
    assert {f.rule for f in rec.errors} == {"missing.table"}


def test_fifty_megabytes_is_refused_quickly(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as f:
        line = "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n".encode()
        f.write(line * (50 * 1024 * 1024 // len(line) + 1))
    with pytest.raises(ReadError, match=r"huge.txt：文件过大（50.0 MB），超过上限 20 MB"):
        parse_path(p)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ReadError, match="文件不存在"):
        parse_path(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="是目录"):
        parse_path(tmp_path)


@settings(max_examples=200, deadline=None)
@given(data=st.one_of(st.binary(max_size=3000), st.text(max_size=3000).map(str.encode)))
def test_arbitrary_bytes_never_crash(data):
    try:
        rec = parse_bytes(data, "fuzz")
    except ReadError as e:
        assert str(e).startswith("fuzz：")
    else:
        assert rec.to_json()["schema"] == "xxgk.report/1"


def test_binary_formats_are_named(tmp_path):
    for magic, what in (
        (b"%PDF-1.7\n", "PDF 文件已损坏或不完整"),
        (b"PK\x03\x04rest", "压缩文件已损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧格式文件无法转换"),
    ):
        p = tmp_path / "report.bin"
        p.write_bytes(magic + bytes(100))
        with pytest.raises(ReadError, match=what):
            parse_path(p)


def test_output_into_a_missing_folder_is_said_in_chinese_with_exit_2(xxgk, tmp_path):
    """render, template, export and register export wrote a traceback (exit 1) or made the
    folder silently; each now says which folder is missing, exits 2 and makes nothing."""
    report = next(SEEDS.glob("*.txt"))
    db = f"sqlite:///{tmp_path / 'x.sqlite'}"
    for args in (
        ["template", "--year", "2024", "-o", "没有/t.xlsx"],
        ["render", str(report), "--draft", "-o", "没有/r.docx"],
        ["export", "--db", db, "-o", "没有/x.csv"],
        ["register", "export", "--db", db, "-o", "没有/x.xlsx"],
    ):
        r = xxgk(*args, cwd=tmp_path)
        assert r.returncode == 2, (args, r.output)
        assert "输出目录 没有 不存在" in r.output and "Traceback" not in r.output, args
        assert not (tmp_path / "没有").exists()
