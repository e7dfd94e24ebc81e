"""The office's letters, written from the register's facts (register/letters.py): every
outcome of 表三 has its 答复书 citing and quoting the article that decides it, with the
remedy naming the bodies the office entered; the notices cite theirs; a letter is made
once, stored with its step, and given out as stored; the command line writes them.

The expected articles are written here from the 条例, not taken from law.py."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from docx import Document

from xxgk.register import letters, office, service
from xxgk.register.events import OUTCOMES
from xxgk.store.db import open_db
from xxgk.store.models import Letter

LAW = "《中华人民共和国政府信息公开条例》"
# outcome → (the article that decides it, words of that article the letter must quote)
DECIDING = {
    "granted": ("第三十六条第（二）项", "所申请公开信息可以公开的，向申请人提供该政府信息"),
    "partially_granted": ("第三十七条", "能够作区分处理的"),
    "withheld_state_secret": ("第十四条", "依法确定为国家秘密的政府信息"),
    "withheld_prohibited_by_law": ("第十四条", "法律、行政法规禁止公开的政府信息"),
    "withheld_security_stability": ("第十四条", "危及国家安全、公共安全、经济安全、社会稳定"),
    "withheld_third_party": ("第十五条", "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害"),
    "withheld_internal_affairs": ("第十六条第一款", "内部事务信息，包括人事管理、后勤管理、内部工作流程"),
    "withheld_process_info": ("第十六条第二款", "讨论记录、过程稿、磋商信函、请示报告等过程性信息"),
    "withheld_enforcement_file": ("第十六条第二款", "行政执法案卷信息"),
    "withheld_query_matter": ("第三十六条第（七）项", "工商、不动产登记资料等信息"),
    "unavailable_not_held": ("第三十六条第（四）项", "经检索没有所申请公开信息的，告知申请人该政府信息不存在"),
    "unavailable_needs_creation": ("第三十八条", "需要行政机关对现有政府信息进行加工、分析的"),
    "unavailable_unclear": ("第三十条", "政府信息公开申请内容不明确的"),
    "not_handled_petition": ("第三十九条第一款", "以政府信息公开申请的形式进行信访、投诉、举报等活动"),
    "not_handled_duplicate": ("第三十六条第（六）项", "重复申请公开相同政府信息的，告知申请人不予重复处理"),
    "not_handled_publication": ("第三十九条第二款", "政府公报、报刊、书籍等公开出版物"),
    "not_handled_excessive": ("第三十五条", "数量、频次明显超过合理范围"),
    "not_handled_confirmation": ("第三十八条", "应当是已制作或者获取的政府信息"),
    "other_no_correction": ("第三十条", "申请人无正当理由逾期不补正的，视为放弃申请"),
    "other_unpaid_fee": ("第四十二条", "可以收取信息处理费"),
    "other_misc": ("第三十六条", "对政府信息公开申请，行政机关根据下列情况分别作出答复"),
}
# the steps an outcome needs first
BEFORE = {
    "other_no_correction": [("correction_requested", {"items": "所需文件的文号"})],
    "unavailable_unclear": [("correction_requested", {"items": "所需文件的文号"}), ("correction_received", {})],
    "other_unpaid_fee": [("fee_notice", {"method": "per_page", "pages": "300"})],
}
CONTENT = "2025年示例区老旧小区改造项目的招标文件"
REVIEW, COURT = "示例市示例区人民政府", "示例市铁路运输法院"


def text_of(docx: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)


@pytest.fixture
def register(tmp_path):
    sessions = open_db(f"sqlite:///{tmp_path / 'r.sqlite'}")
    with sessions() as s:
        body = service.add_body(s, "示例市示例区住房和城乡建设局")
        office.set_office(
            s,
            body,
            {
                "letterhead": "示例市示例区住房和城乡建设局",
                "pattern": "示住建公开〔{year}〕{n}号",
                "review_body": REVIEW,
                "court": COURT,
            },
        )
    yield sessions
    sessions.kw["bind"].dispose()


def new_application(s, **details) -> int:
    body = service.bodies(s)[0]
    return service.receive(
        s, body, date(2026, 3, 2), "natural_person", "窗口", applicant_name="欧阳明远", content=CONTENT, **details
    ).id


def test_every_outcome_of_table_three_has_its_answer_citing_its_article(register):
    assert set(DECIDING) == set(OUTCOMES)
    with register() as s:
        for outcome, (article, words) in DECIDING.items():
            app_id = new_application(s)
            day = date(2026, 3, 3)
            for kind, data in BEFORE.get(outcome, []):
                service.record(s, app_id, kind, day, "经办", data)
            service.record(s, app_id, "answered", date(2026, 3, 20), "经办", {"outcome": outcome})
            stored = letters.issue(s, app_id, "答复书", "经办")
            text = text_of(stored.docx)
            number = service.get(s, app_id).number
            assert f"{LAW}{article}" in text or f"、{article}" in text, outcome  # cited …
            assert words in text, outcome  # … and quoted
            assert number in text and CONTENT in text and "欧阳明远" in text, outcome
            assert OUTCOMES[outcome] in text, outcome
            assert f"六十日内向{REVIEW}申请行政复议" in text and f"六个月内向{COURT}提起行政诉讼" in text, outcome
            assert "行政复议法》第二十条" in text and "行政诉讼法》第四十六条" in text
            assert stored.number.startswith("示住建公开〔2026〕") and stored.to_applicant


def test_the_not_held_answer_cites_both_items_of_article_36(register):
    """本机关不掌握 covers 经检索没有 (（四）) and 不属于本机关负责公开 (（五）)."""
    with register() as s:
        app_id = new_application(s)
        service.record(s, app_id, "answered", date(2026, 3, 9), "经办", {"outcome": "本机关不掌握相关政府信息"})
        text = text_of(letters.issue(s, app_id, "答复书", "经办").docx)
    assert "第三十六条第（四）项、第三十六条第（五）项" in text
    assert "（五）所申请公开信息不属于本行政机关负责公开的" in text


def test_the_correction_notice_cites_article_30_with_the_items_and_the_period(register):
    with register() as s:
        app_id = new_application(s)
        service.record(
            s,
            app_id,
            "correction_requested",
            date(2026, 3, 4),
            "经办",
            {"items": "所需招标文件的项目名称和年份", "within": "10"},
        )
        stored = letters.issue(s, app_id, "补正告知书", "经办")
        text = text_of(stored.docx)
        number = service.get(s, app_id).number
    assert f"根据{LAW}第三十条的规定" in text
    assert "一次性告知申请人作出补正" in text  # the article quoted
    assert "所需招标文件的项目名称和年份" in text and number in text and CONTENT in text
    # ten working days from Wednesday 4 March 2026: 18 March
    assert "2026年3月18日前（10个工作日内）" in text
    assert "视为放弃申请" in text
    # received at the counter: no code to correct online with
    assert "请书面提交至本机关" in text and "查询码" not in text
    assert stored.number == "示住建公开〔2026〕1号" and stored.seq == 2


def test_extension_fee_and_consultation_letters(register):
    with register() as s:
        app_id = new_application(s)
        service.record(
            s,
            app_id,
            "consultation_started",
            date(2026, 3, 5),
            "经办",
            {"party": "third_party", "to": "某某建设有限公司"},
        )
        consult = letters.issue(s, app_id, "征求意见函", "经办")
        service.record(s, app_id, "consultation_ended", date(2026, 3, 20), "经办", {})
        service.record(s, app_id, "extension_approved", date(2026, 3, 25), "经办", {"approver": "李主任"})
        extension = letters.issue(s, app_id, "延期答复告知书", "经办")
        extended_due = service.view(s, app_id).due.on
        service.record(s, app_id, "fee_notice", date(2026, 3, 26), "经办", {"method": "per_page", "pages": "250"})
        fee = letters.issue(s, app_id, "收费通知书", "经办")
    text = text_of(consult.docx)
    assert text.count("某某建设有限公司：") == 1 and f"{LAW}第三十二条" in text
    assert "欧阳明远" not in text  # the third party learns what is asked, not who asks
    assert not consult.to_applicant
    text = text_of(extension.docx)
    assert f"{LAW}第三十三条第二款" in text and "延长二十个工作日" in text
    assert "负责人同意并告知申请人，延长的期限最长不得超过20个工作日" in text
    assert f"将于{extended_due.year}年{extended_due.month}月{extended_due.day}日前作出答复" in text
    text = text_of(fee.docx)
    assert f"{LAW}第四十二条" in text and "国办函〔2020〕109号" in text and "应缴金额" in text
    assert [consult.number, extension.number, fee.number] == [f"示住建公开〔2026〕{n}号" for n in (1, 2, 3)]


def test_a_consultation_with_a_co_issuing_body_cites_article_34(register):
    with register() as s:
        app_id = new_application(s)
        service.record(s, app_id, "consultation_started", date(2026, 3, 5), "经办", {"party": "co_issuer"})
        text = text_of(letters.issue(s, app_id, "征求意见函", "经办").docx)
    assert f"{LAW}第三十四条" in text and "逾期未提出意见的视为同意公开" in text


def test_a_letter_is_made_once_and_kept_as_sent(register):
    with register() as s:
        app_id = new_application(s)
        service.record(s, app_id, "answered", date(2026, 3, 9), "经办", {"outcome": "granted"})
        first = letters.issue(s, app_id, "答复书", "经办")
        body = service.bodies(s)[0]
        office.set_office(s, body, {"letterhead": "改过的红头"})
        again = letters.issue(s, app_id, "答复书", "另一人")
        assert again.id == first.id and again.docx == first.docx and "改过的红头" not in text_of(again.docx)
        assert s.query(Letter).count() == 1
        with pytest.raises(Exception, match="没有登记“发出补正告知”"):
            letters.issue(s, app_id, "补正告知书", "经办")
        with pytest.raises(Exception, match="文书种类"):
            letters.issue(s, app_id, "感谢信", "经办")


def test_a_voided_step_has_no_letter(register):
    with register() as s:
        app_id = new_application(s)
        service.record(s, app_id, "correction_requested", date(2026, 3, 4), "经办", {"items": "文号"})
        service.record(s, app_id, "voided", date(2026, 3, 4), "经办", {"seq": "2", "reason": "误录"})
        with pytest.raises(Exception, match="没有登记"):
            letters.issue(s, app_id, "补正告知书", "经办")


def test_office_settings_are_checked(register):
    with register() as s:
        body = service.bodies(s)[0]
        with pytest.raises(Exception, match=r"须含 \{n\}"):
            office.set_office(s, body, {"pattern": "示住建公开〔{year}〕号"})
        with pytest.raises(Exception, match="不超过 200 字"):
            office.set_office(s, body, {"signature": "长" * 201})
        office.set_office(s, body, {"review_body": ""})  # empty: back to the default
        assert (
            office.office(s, body).review_body == "上一级行政机关" or "人民政府" in office.office(s, body).review_body
        )


def test_the_command_writes_letters_and_the_blank_form(xxgk, tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    assert xxgk("register", "add-body", "示例市示例区人民政府办公室", "--db", db).returncode == 0
    r = xxgk(
        "register",
        "add",
        "--body",
        "示例市示例区人民政府办公室",
        "--received",
        "2026-03-02",
        "--applicant",
        "李四",
        "--content",
        CONTENT,
        "--db",
        db,
    )
    assert r.returncode == 0, r.output
    assert (
        xxgk(
            "register", "event", "1", "补正告知", "--on", "2026-03-04", "--note", "请写明项目名称", "--db", db
        ).returncode
        == 0
    )
    r = xxgk("register", "letter", "1", "--kind", "补正告知书", "-o", tmp_path / "补正.docx", "--db", db)
    assert r.returncode == 0, r.output
    text = text_of((tmp_path / "补正.docx").read_bytes())
    assert f"{LAW}第三十条" in text and "2026-00001" in text and CONTENT in text and "请写明项目名称" in text
    r = xxgk("register", "letter", "1", "--kind", "答复书", "-o", tmp_path / "答复.docx", "--db", db)
    assert r.returncode == 2 and "没有登记“作出答复”" in r.output
    r = xxgk("register", "letter", "1", "--kind", "补正告知书", "-o", tmp_path / "补正.txt", "--db", db)
    assert r.returncode == 2 and ".docx 或 .pdf" in r.output
    r = xxgk("register", "form", "-o", tmp_path / "申请表.docx", "--body", "示例市示例区人民政府办公室")
    assert r.returncode == 0, r.output
    doc = Document(io.BytesIO((tmp_path / "申请表.docx").read_bytes()))
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert {"姓名", "证件号码", "联系电话", "通信地址", "统一社会信用代码"} <= cells
    assert any("名称、文号或者便于查询的其他特征性描述" in c for c in cells)
    assert any("□电子邮件" in c for c in cells) and any("□自行领取" in c for c in cells)
    text = text_of((tmp_path / "申请表.docx").read_bytes())
    assert "政府信息公开申请表" in text and "第二十九条" in text and "身份证明、联系方式" in text


@pytest.mark.office
def test_the_command_writes_a_pdf_letter(xxgk, tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    xxgk("register", "add-body", "示例市示例区人民政府办公室", "--db", db)
    xxgk(
        "register",
        "add",
        "--body",
        "示例市示例区人民政府办公室",
        "--received",
        "2026-03-02",
        "--content",
        CONTENT,
        "--db",
        db,
    )
    xxgk("register", "event", "1", "答复", "--on", "2026-03-09", "--outcome", "本机关不掌握相关政府信息", "--db", db)
    r = xxgk("register", "letter", "1", "--kind", "答复书", "-o", tmp_path / "答复.pdf", "--db", db)
    assert r.returncode == 0, r.output
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(tmp_path / "答复.pdf"))
    text = re.sub(r"\s", "", "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))
    assert pdf[0].get_size() == pytest.approx((595.3, 841.9), abs=1)  # A4
    pdf.close()
    assert "第三十六条第（四）项" in text and "2026-00001" in text and CONTENT in text
