"""The articles the letters cite (register/law.py): every outcome of 表三 has its answer and
every citation points at text that is there; the figures agree with the procedure the
spec states (../shared/spec/annual-report-format.md)."""

from __future__ import annotations

import pytest

from xxgk.register.events import OUTCOMES
from xxgk.register.law import ANSWERS, NOTICES, REMEDY, citation_text, quoted


def test_every_outcome_has_an_answer_whose_citations_resolve():
    assert set(ANSWERS) == set(OUTCOMES)
    for outcome, basis in ANSWERS.items():
        assert basis.cites, outcome
        for cite in basis.cites:
            assert quoted(cite), (outcome, cite)
    for letter, cites in NOTICES.items():
        assert all(quoted(c) for c in cites), letter


@pytest.mark.parametrize(
    "outcome, article",
    [
        ("unavailable_not_held", "第三十六条第（四）项"),
        ("unavailable_not_held", "第三十六条第（五）项"),
        ("partially_granted", "第三十七条"),
        ("withheld_state_secret", "第十四条"),
        ("withheld_third_party", "第十五条"),
        ("withheld_process_info", "第十六条第二款"),
        ("withheld_internal_affairs", "第十六条第一款"),
        ("unavailable_needs_creation", "第三十八条"),
        ("not_handled_duplicate", "第三十六条第（六）项"),
        ("not_handled_petition", "第三十九条第一款"),
        ("not_handled_excessive", "第三十五条"),
        ("other_no_correction", "第三十条"),
    ],
)
def test_the_answers_cite_the_articles_that_decide_them(outcome, article):
    assert article in ANSWERS[outcome].cites


def test_citations_point_at_the_words_of_the_article():
    assert quoted("第三十六条第（四）项") == "（四）经检索没有所申请公开信息的，告知申请人该政府信息不存在；"
    assert quoted("第三十六条第（六）项").startswith("（六）行政机关已就申请人提出的政府信息公开申请作出答复")
    assert "过程性信息" in quoted("第十六条第二款") and "过程性信息" not in quoted("第十六条第一款")
    assert quoted("第三十九条第二款").startswith("申请人提出的申请内容为要求行政机关提供政府公报")
    # the figures of the procedure, as the spec states them
    assert "7个工作日内一次性告知" in quoted("第三十条")
    assert "20个工作日内予以答复" in quoted("第三十三条第二款") and "最长不得超过20个工作日" in quoted("第三十三条")
    assert "15个工作日内提出意见" in quoted("第三十二条")
    assert "以双方确认之日为收到申请之日" in quoted("第三十一条")
    assert NOTICES["补正告知书"] == ("第三十条",)
    with pytest.raises(KeyError):
        quoted("第九十九条")
    assert (
        citation_text(("第十四条", "第三十六条第（三）项"))
        == "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项"
    )
    assert "六十日内" in REMEDY and "六个月内" in REMEDY and "{review_body}" in REMEDY
