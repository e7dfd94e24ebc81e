"""render checks first: a report that does not balance is refused unless --draft."""

from __future__ import annotations

import pytest
from conftest import SEEDS, with_written_parts

pytestmark = pytest.mark.shared

DEFECTIVE = SEEDS / "004_42b2e6b1a7d7c7c9.expected.json"  # carry-forward 2782 where 55 balances
CLEAN_RECORD = SEEDS / "002_748de284c8ce90af.expected.json"


def clean(tmp_path) -> str:
    return with_written_parts(CLEAN_RECORD, tmp_path)


def test_defective_record_is_refused(xxgk, tmp_path):
    out = tmp_path / "年报.docx"
    r = xxgk("render", str(DEFECTIVE), "-o", str(out))
    assert r.returncode == 1
    assert "表三“总计”列：第一项+第二项=1621，第三项+第四项=4348，相差2727" in r.stdout
    assert not out.exists()


def test_draft_renders_with_a_banner(xxgk, tmp_path):
    out = tmp_path / "年报.md"
    r = xxgk("render", str(DEFECTIVE), "-o", str(out), "--draft")
    assert r.returncode == 0, r.stderr
    assert "草稿" in out.read_text(encoding="utf-8").split("\n\n")[2]


def test_clean_record_renders_without_banner(xxgk, tmp_path):
    out = tmp_path / "年报.html"
    assert xxgk("render", clean(tmp_path), "-o", str(out)).returncode == 0
    assert "草稿" not in out.read_text(encoding="utf-8")


def test_parsed_report_can_be_rendered_again(xxgk, tmp_path):
    """Any readable report goes through: a published text report regenerated as DOCX."""
    out = tmp_path / "再生成.docx"
    r = xxgk("render", str(SEEDS / "002_748de284c8ce90af.txt"), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 10_000


def test_unknown_output_form_and_bad_json(xxgk, tmp_path):
    r = xxgk("render", clean(tmp_path), "-o", str(tmp_path / "x.odt"))
    assert r.returncode == 2 and "--to" in r.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    r = xxgk("render", str(bad), "-o", str(tmp_path / "x.md"))
    assert r.returncode == 2 and "不是有效的报告记录" in r.stderr


def test_a_workbook_with_only_the_body_filled_is_no_final_report(xxgk, tmp_path):
    """Once it rendered as a final report with 0 in every cell: now refused, and as a draft
    its blanks print as blanks, marked 草稿, with the 落款 that closes a report."""
    from openpyxl import load_workbook

    path = tmp_path / "年报数据.xlsx"
    assert xxgk("template", "--year", "2024", "-o", str(path)).returncode == 0
    wb = load_workbook(path)
    wb["基本信息"]["B3"] = "示例市教育局"
    wb.save(path)
    out = tmp_path / "年报.md"
    r = xxgk("render", str(path), "-o", str(out))
    assert r.returncode == 1 and not out.exists()
    said = r.stdout + r.stderr
    assert "空白" in said and "尚未填写" in said and "拒绝生成" in said
    assert xxgk("render", str(path), "-o", str(out), "--draft").returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "草稿" in text and "| 规章 |  |  |  |" in text  # what was not typed in stays blank in a draft
    assert text.rstrip().splitlines()[-2] == "示例市教育局" and text.rstrip().endswith("日")  # the 落款


def test_a_final_report_ends_with_its_signature(xxgk, tmp_path):
    out = tmp_path / "年报.html"
    assert xxgk("render", clean(tmp_path), "-o", str(out)).returncode == 0
    page = out.read_text(encoding="utf-8")
    assert '<p class="signature">' in page and "科学技术" in page.split('class="signature"')[1]
