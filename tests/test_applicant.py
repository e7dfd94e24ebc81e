"""The public application form's fields (条例第二十九条) checked before they enter the register."""

from __future__ import annotations

from datetime import date

import pytest

from xxgk.errors import InputError
from xxgk.register.applicant import check_application, contact_problem, resident_id_problem

BODIES = {1: "示例市自然资源和规划局"}
# The example number of GB 11643-1999 (北京市朝阳区, born 1949-12-31, check character X)
STANDARD_EXAMPLE = "11010519491231002X"


def form(**changed: str) -> dict[str, str]:
    base = {
        "body": "1",
        "applicant_type": "natural_person",
        "applicant": "张三",
        "id_type": "居民身份证",
        "id_number": STANDARD_EXAMPLE.lower(),
        "contact": "138 0013 8000",
        "address": "示例市人民路1号",
        "content": "2025年示例市国有土地使用权出让的批准文件（文号不详）",
        "delivery": "电子邮件",
    }
    return base | changed


def test_resident_id_numbers_by_the_national_standard():
    assert resident_id_problem(STANDARD_EXAMPLE) is None
    assert "校验位" in resident_id_problem("110105194912310021")
    assert "出生日期不存在" in resident_id_problem("110105194913310020")
    assert "18位" in resident_id_problem("11010519491231002")
    assert "不合理" in resident_id_problem("11010520991231002X", today=date(2026, 11, 30))


def test_a_contact_must_reach_someone():
    for good in ("13800138000", "010-12345678", "0512-6789012-801", "zhang@example.cn"):
        assert contact_problem(good) is None, good
    for bad in ("12345", "1380013800", "zhang@", "微信zhang"):
        assert contact_problem(bad), bad


def test_a_good_form_is_cleaned():
    got = check_application(form(), BODIES)
    assert got.body == 1 and got.id_number == STANDARD_EXAMPLE and got.contact == "13800138000"
    organisation = check_application(
        form(applicant_type="commercial", applicant="示例科技有限公司", id_type="", id_number="91110105MA01ABCD2X"),
        BODIES,
    )
    assert organisation.id_type == "统一社会信用代码"


def test_every_problem_is_said_at_once_in_chinese():
    with pytest.raises(InputError) as e:
        check_application(
            form(body="9", applicant="", id_number="110105194912310021", contact="12", content=""), BODIES
        )
    said = str(e.value).splitlines()
    assert said == [
        "请选择受理申请的机关",
        "请填写申请人姓名或名称（第二十九条）",
        "居民身份证号码校验位不符，请核对是否填错",
        "联系方式应为手机号码（11位）、固定电话（如010-12345678）或电子邮箱",
        "请填写所需政府信息的名称、文号或便于查询的特征性描述（第二十九条）",
    ]
    with pytest.raises(InputError, match="不超过 2000 字"):
        check_application(form(content="信" * 2001), BODIES)
