"""render checks first: a report that does not balance is refused unless --draft."""

from __future__ import annotations

import subprocess
import sys

from conftest import SEEDS

DEFECTIVE = SEEDS / "004_42b2e6b1a7d7c7c9.expected.json"  # carry-forward 2782 where 55 balances
CLEAN = SEEDS / "002_748de284c8ce90af.expected.json"


def xxgk(*args):
    return subprocess.run([sys.executable, "-m", "xxgk", *args], capture_output=True, timeout=300)


def test_defective_record_is_refused(tmp_path):
    out = tmp_path / "年报.docx"
    r = xxgk("render", str(DEFECTIVE), "-o", str(out))
    assert r.returncode == 1
    assert "表三“总计”列：第一项+第二项=1621，第三项+第四项=4348，相差2727" in r.stdout.decode()
    assert not out.exists()


def test_draft_renders_with_a_banner(tmp_path):
    out = tmp_path / "年报.md"
    r = xxgk("render", str(DEFECTIVE), "-o", str(out), "--draft")
    assert r.returncode == 0, r.stderr.decode()
    assert "草稿" in out.read_text(encoding="utf-8").split("\n\n")[2]


def test_clean_record_renders_without_banner(tmp_path):
    out = tmp_path / "年报.html"
    assert xxgk("render", str(CLEAN), "-o", str(out)).returncode == 0
    assert "草稿" not in out.read_text(encoding="utf-8")


def test_parsed_report_can_be_rendered_again(tmp_path):
    """Any readable report goes through: a published text report regenerated as DOCX."""
    out = tmp_path / "再生成.docx"
    r = xxgk("render", str(SEEDS / "002_748de284c8ce90af.txt"), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    assert out.stat().st_size > 10_000


def test_unknown_output_form_and_bad_json(tmp_path):
    r = xxgk("render", str(CLEAN), "-o", str(tmp_path / "x.odt"))
    assert r.returncode == 2 and "--to" in r.stderr.decode()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    r = xxgk("render", str(bad), "-o", str(tmp_path / "x.md"))
    assert r.returncode == 2 and "不是有效的报告记录" in r.stderr.decode()
