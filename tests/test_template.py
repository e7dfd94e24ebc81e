"""The workbook an officer fills: layout, formulas, validation; filled, it renders to a
report whose tables equal what was filled; a defective one is refused."""

from __future__ import annotations

import random

import pytest
from conftest import run_xxgk
from openpyxl import load_workbook

from xxgk.pipeline import parse_path
from xxgk.sample.records import random_record
from xxgk.schema import ACTIVE_ITEMS, APPLICANT_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS, application_rows


def template(tmp_path, year: int):
    path = tmp_path / f"年报数据{year}.xlsx"
    r = run_xxgk("template", "--year", str(year), "-o", str(path))
    assert r.returncode == 0, r.stderr
    return path


def find_row(ws, label: str, columns: str = "ABC") -> int:
    for row in ws.iter_rows():
        if any(str(row[ord(c) - 65].value or "").strip() == label for c in columns):
            return row[0].row
    raise AssertionError(f"no row labelled {label}")


def find_col(ws, label: str) -> int:
    for row in ws.iter_rows(max_row=6):
        for cell in row:
            if cell.value == label:
                return cell.column
    raise AssertionError(label)


def fill(wb, rec) -> None:
    """Type the record into the template as an officer would: by the printed labels,
    leaving the grey total cells (formulas) alone."""
    info = wb["基本信息"]
    info["B3"], info["B5"] = rec.body, rec.year
    t3 = wb["表三 依申请公开"]
    cols = {c.key: find_col(t3, c.label) for c in APPLICANT_COLUMNS}
    for row in application_rows(any(k.startswith("other_") for k in rec.applications)):
        r = find_row(t3, row.label)
        for key, col in cols.items():
            cell = t3.cell(r, col)
            if not str(cell.value or "").startswith("="):
                cell.value = rec.applications[row.key][key]
    t4 = wb["表四 复议诉讼"]
    values_row = t4.max_row
    for g, (group, _, _) in enumerate(REVIEW_GROUPS):
        for c, col in enumerate(REVIEW_COLUMNS):
            cell = t4.cell(values_row, 1 + 5 * g + c)
            if not str(cell.value or "").startswith("="):
                cell.value = rec.review_litigation[group][col.key]
    t2 = wb["表二 主动公开"]
    for item in ACTIVE_ITEMS[rec.format]:
        if item.key not in rec.active_disclosure:
            continue
        r = find_row(t2, item.label, "AB")
        inputs = [c for c in t2[r] if c.column > 1 and c.value is None and type(c).__name__ != "MergedCell"]
        for cell, col in zip(inputs, item.columns, strict=False):
            cell.value = rec.active_disclosure[item.key][col.key]
    for row in wb["正文"].iter_rows(min_row=2):  # the parts no table stands for, written too
        if any(str(row[0].value).startswith(p) for p in ("一、", "五、", "六、")):
            row[1].value = "本年度工作情况如下。"


@pytest.mark.parametrize("year, fmt", [(2020, "2019"), (2024, "2021")])
def test_template_layout_formulas_and_validation(tmp_path, year, fmt):
    wb = load_workbook(template(tmp_path, year))
    assert wb.sheetnames[:5] == ["基本信息", "表二 主动公开", "表三 依申请公开", "表四 复议诉讼", "正文"]
    assert wb["基本信息"]["B6"].value == fmt
    t3 = wb["表三 依申请公开"]
    assert t3["A3"].value.startswith("（本列数据的勾稽关系为")
    total_row = find_row(t3, "（七）总计")
    assert str(t3.cell(total_row, 4).value).startswith("=SUM(")  # the total row adds up the outcome rows
    assert str(t3.cell(total_row - 1, 10).value).startswith("=SUM(")  # the 总计 column adds up each row
    kinds = {dv.type for dv in t3.data_validations.dataValidation}
    assert kinds == {"whole"}
    split = any("逾期不补正" in str(c.value) for row in t3.iter_rows() for c in row)
    assert split == (fmt == "2021")
    t2 = wb["表二 主动公开"]
    heads = [c.value for row in t2.iter_rows() for c in row if c.value]
    assert ("本年制发件数" in heads) == (fmt == "2021") and ("采购项目数量" in heads) == (fmt == "2019")
    amount = {dv.type for dv in t2.data_validations.dataValidation if dv.sqref}
    assert "decimal" in amount
    text = wb["正文"]
    assert [text.cell(r, 1).value for r in range(2, 8)][0] == "一、总体情况"


@pytest.mark.parametrize("year, fmt", [(2020, "2019"), (2024, "2021")])
def test_filled_template_renders_what_was_filled(xxgk, tmp_path, year, fmt):
    rec = random_record(random.Random(year), fmt, year=year, beijing=False, split_other=fmt == "2021")
    path = template(tmp_path, year)
    wb = load_workbook(path)
    fill(wb, rec)
    wb.save(path)
    out = tmp_path / "年报.md"
    r = xxgk("render", str(path), "-o", str(out))
    assert r.returncode == 0, r.stdout + r.stderr
    got = parse_path(out)
    assert (got.body, got.year, got.format) == (rec.body, rec.year, fmt)
    assert got.applications == rec.applications
    assert got.review_litigation == rec.review_litigation
    for item, cols in rec.active_disclosure.items():
        for col, v in cols.items():
            if col != "amount_unit":
                assert got.active_disclosure[item][col] == v, (item, col)


def test_defective_workbook_is_refused_with_the_findings(xxgk, tmp_path):
    rec = random_record(random.Random(7), "2021", year=2023, split_other=True)
    path = template(tmp_path, 2023)
    wb = load_workbook(path)
    fill(wb, rec)
    t3 = wb["表三 依申请公开"]
    r = find_row(t3, "四、结转下年度继续办理")
    t3.cell(r, 4).value = (rec.applications["carried_forward"]["natural_person"] or 0) + 5
    wb.save(path)
    out = tmp_path / "年报.docx"
    r = xxgk("render", str(path), "-o", str(out))
    assert r.returncode == 1
    assert "表三“自然人”列：第一项+第二项=" in r.stdout and "相差5" in r.stdout
    assert "拒绝生成" in r.stderr
    assert not out.exists()


def test_a_word_where_a_number_belongs_names_the_cell(xxgk, tmp_path):
    path = template(tmp_path, 2023)
    wb = load_workbook(path)
    wb["基本信息"]["B3"] = "某某局"
    t3 = wb["表三 依申请公开"]
    t3.cell(find_row(t3, "（一）予以公开"), 4).value = "十二"
    wb.save(path)
    r = xxgk("render", str(path), "-o", str(tmp_path / "x.md"))
    assert r.returncode == 2
    err = r.stderr
    assert "“十二”不是数字" in err and "表三 依申请公开" in err and "D8" in err


def test_template_year_out_of_range(xxgk, tmp_path):
    r = xxgk("template", "--year", "2018", "-o", str(tmp_path / "x.xlsx"))
    assert r.returncode == 2 and "2019" in r.stderr
