"""The `xxgk` command as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEEDS

pytestmark = pytest.mark.shared

GOOD = str(SEEDS / "002_748de284c8ce90af.txt")
BAD = str(SEEDS / "004_42b2e6b1a7d7c7c9.txt")


def test_parse_json_lines_one_record_per_file_with_source(xxgk):
    r = xxgk("parse", "--json", GOOD, BAD)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert [x["source"] for x in records] == [GOOD, BAD]
    assert records[1]["applications"]["carried_forward"]["total"] == 2782
    assert records[1]["findings"][0]["rule"] == "T3-A"


def test_parse_prints_tables_and_findings(xxgk):
    r = xxgk("parse", BAD)
    out = r.stdout
    assert r.returncode == 0
    for text in ("北京市西城区人民政府", "表三", "表四", "相差2727"):
        assert text in out


def test_check_exit_codes(xxgk):
    assert xxgk("check", GOOD).returncode == 0
    r = xxgk("check", BAD)
    assert r.returncode == 1
    assert "相差2727" in r.stdout


def test_unreadable_file_exits_2_and_the_others_are_processed(xxgk, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = xxgk("parse", "--json", GOOD, str(empty), BAD)
    assert r.returncode == 2
    assert len(r.stdout.splitlines()) == 2
    err = r.stderr
    assert "empty.txt：文件为空" in err and "Traceback" not in err
    r = xxgk("check", str(tmp_path / "missing.txt"), BAD)
    assert r.returncode == 2 and "文件不存在" in r.stderr and "相差2727" in r.stdout


def test_a_batch_is_read_by_children_at_once_and_said_in_the_order_given(xxgk, tmp_path):
    """Several children read a batch at once (one per core); each file's record is its
    own, in the order given, and a file that cannot be read, or runs out of memory,
    costs only itself."""
    from xxgk.pipeline import parse_path

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    huge = tmp_path / "huge.txt"  # 14 MB of narrative, no two lines alike: past 64 MB of reading
    huge.write_bytes(
        "".join(
            f"本机关2024年度依申请公开工作情况良好，全年共办理申请第{i}件。" * 4 + "\n" for i in range(40000)
        ).encode()
    )
    real = sorted(SEEDS.glob("*.txt")) + sorted((SEEDS.parent / "corpus").glob("*-crawl.txt"))
    files = [str(p) for p in real[:4]] + [str(empty)] + [str(p) for p in real[4:]] + [str(huge)] + [str(real[0])]
    r = xxgk("parse", "--json", *files, env={"XXGK_READ_MB": "64"}, process=True, timeout=180)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    records = [json.loads(line) for line in r.stdout.splitlines()]
    read = [f for f in files if f not in (str(empty), str(huge))]
    assert [x["source"] for x in records] == read
    for f, got in zip(read, records, strict=True):
        assert got == json.loads(parse_path(f).dumps())
    said = r.stderr
    assert said.index("empty.txt：文件为空") < said.index("huge.txt：读取所需内存超过上限（64 MB）")


def test_json_lines_carry_any_number_as_printed(xxgk, tmp_path):
    """Records are written by orjson; one holding a number past 64 bits (which orjson
    refuses) is written all the same, its digits exact."""
    import random

    from xxgk.sample.forms import FORMS
    from xxgk.sample.records import random_record

    rec = random_record(random.Random(5))
    huge = 123456789012345678901234567890
    row = rec.applications["new_received"]
    row["total"] += huge - row["natural_person"]
    row["natural_person"] = huge
    path = tmp_path / "huge.txt"
    path.write_text(FORMS["tab_rows"](rec, random.Random(1)), encoding="utf-8")
    r = xxgk("parse", "--json", path, GOOD)
    assert r.returncode == 0, r.stderr
    first, second = (json.loads(line) for line in r.stdout.splitlines())
    assert first["applications"]["new_received"]["natural_person"] == huge
    assert second["source"] == GOOD


def test_pasted_text_on_stdin(xxgk):
    r = xxgk("parse", "--json", "-", stdin=Path(BAD).read_bytes())
    assert r.returncode == 0
    assert json.loads(r.stdout)["source"] == "-"


def test_help_is_chinese(xxgk):
    r = xxgk("--help", process=True)  # the entry point itself
    assert r.returncode == 0 and "年度报告" in r.stdout


def test_explain_says_where_a_number_was_read(xxgk):
    r = xxgk("parse", "--explain", "applications.carried_forward.total", BAD)
    out = r.stdout
    assert r.returncode == 0
    assert "= 2782" in out and "第26行第10列" in out and "原文“2782”" in out and "相差2727" in out
    r = xxgk("parse", "--explain", "nonsense", BAD)
    assert "单元格写法有误" in r.stdout


FAST = """
import os, sys
from xxgk.cli import main
def leave(code):  # main ends parse and check with os._exit: here, to look at what was loaded
    raise SystemExit(code)
os._exit = leave
sys.argv = ["xxgk", *sys.argv[1:]]
try:
    main()
except SystemExit as e:
    code = e.code
loaded = sorted(m for m in ("typer", "pydantic", "rich", "click", "lxml", "charset_normalizer") if m in sys.modules)
print("LOADED", code, *loaded, file=sys.stderr)
"""


@pytest.mark.shared
def test_parse_and_check_start_without_the_command_line_framework(tmp_path):
    """The fast path (cli/files.py): `parse --json` and `check` of a PDF load neither typer,
    pydantic nor rich (most of a one-file parse was their start-up), and answer as the
    Typer commands do; options it does not know go to Typer."""
    import subprocess
    import sys

    pdf = str(SEEDS.parent / "corpus" / "hongze-2024.pdf")

    def run(*args: str) -> tuple[list[str], str, str]:
        p = subprocess.run([sys.executable, "-c", FAST, *args], capture_output=True, text=True, timeout=120)
        line = next(x for x in p.stderr.splitlines() if x.startswith("LOADED"))
        return line.split()[1:], p.stdout, p.stderr

    (code, *loaded), out, _ = run("parse", "--json", pdf)
    assert (code, loaded) == ("0", []) and json.loads(out)["body"]
    (code, *loaded), _, _ = run("check", "--no-ocr", pdf.replace("2024", "2023"))  # its published T4-C error
    assert code == "1" and "rich" in loaded and "typer" not in loaded  # findings shown with rich, no Typer
    (code, *loaded), _, err = run("parse", "--jsn", pdf)
    assert code == "2" and "typer" in loaded and "--jsn" in err  # Typer says the usage error
    (code, *loaded), out, _ = run("parse", "--help")
    assert code == "0" and "typer" in loaded and "读取报告" in out
