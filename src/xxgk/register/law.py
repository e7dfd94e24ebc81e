"""The articles the office's letters cite, in one place, with their text.

《中华人民共和国政府信息公开条例》(国务院令第711号修订, 2019年5月15日施行): the
articles an answer or a notice rests on, word for word; the 答复书 for each outcome of
表三 with the articles it cites; and the remedies an answer must name (行政复议法 2023年修订
第二十条, 行政诉讼法第四十六条). A letter takes its citation and the quoted text from
here, never from a template of its own: a wrong citation is what loses a review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LAW = "《中华人民共和国政府信息公开条例》"

ARTICLES: dict[str, str] = {
    "第十四条": "依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及国家安全、公共安全、"
    "经济安全、社会稳定的政府信息，不予公开。",
    "第十五条": "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开。但是，第三方同意公开"
    "或者行政机关认为不公开会对公共利益造成重大影响的，予以公开。",
    "第十六条": "行政机关的内部事务信息，包括人事管理、后勤管理、内部工作流程等方面的信息，可以不予公开。\n"
    "行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息以及行政执法案卷信息，"
    "可以不予公开。法律、法规、规章规定上述信息应当公开的，从其规定。",
    "第二十九条": "公民、法人或者其他组织申请获取政府信息的，应当向行政机关的政府信息公开工作机构提出，并采用包括信件、数据电文在内"
    "的书面形式；采用书面形式确有困难的，申请人可以口头提出，由受理该申请的政府信息公开工作机构代为填写政府信息公开申请。\n"
    "政府信息公开申请应当包括下列内容：\n"
    "（一）申请人的姓名或者名称、身份证明、联系方式；\n"
    "（二）申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述；\n"
    "（三）申请公开的政府信息的形式要求，包括获取信息的方式、途径。",
    "第三十条": "政府信息公开申请内容不明确的，行政机关应当给予指导和释明，并自收到申请之日起7个工作日内一次性告知申请人"
    "作出补正，说明需要补正的事项和合理的补正期限。答复期限自行政机关收到补正的申请之日起计算。申请人无正当理由逾期"
    "不补正的，视为放弃申请，行政机关不再处理该政府信息公开申请。",
    "第三十一条": "行政机关收到政府信息公开申请的时间，按照下列规定确定：\n"
    "（一）申请人当面提交政府信息公开申请的，以提交之日为收到申请之日；\n"
    "（二）申请人以邮寄方式提交政府信息公开申请的，以行政机关签收之日为收到申请之日；以平常信函等无需签收的邮寄方式"
    "提交政府信息公开申请的，政府信息公开工作机构应当于收到申请的当日与申请人确认，确认之日为收到申请之日；\n"
    "（三）申请人通过互联网渠道或者政府信息公开工作机构的传真提交政府信息公开申请的，以双方确认之日为收到申请之日。",
    "第三十二条": "依申请公开的政府信息公开会损害第三方合法权益的，行政机关应当书面征求第三方的意见。第三方应当自收到征求"
    "意见书之日起15个工作日内提出意见。第三方逾期未提出意见的，由行政机关依照本条例的规定决定是否公开。第三方不同意"
    "公开且有合理理由的，行政机关不予公开。行政机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定"
    "公开的政府信息内容和理由书面告知第三方。",
    "第三十三条": "行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复。\n"
    "行政机关不能当场答复的，应当自收到申请之日起20个工作日内予以答复；需要延长答复期限的，应当经政府信息公开工作机构"
    "负责人同意并告知申请人，延长的期限最长不得超过20个工作日。\n"
    "行政机关征求第三方和其他机关意见所需时间不计算在前款规定的期限内。",
    "第三十四条": "申请公开的政府信息由两个以上行政机关共同制作的，牵头制作的行政机关收到政府信息公开申请后可以征求相关行政机关"
    "的意见，被征求意见机关应当自收到征求意见书之日起15个工作日内提出意见，逾期未提出意见的视为同意公开。",
    "第三十五条": "申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人说明理由。行政机关认为申请"
    "理由不合理的，告知申请人不予处理；行政机关认为申请理由合理，但是无法在本条例第三十三条规定的期限内答复申请人的，"
    "可以确定延迟答复的合理期限并告知申请人。",
    "第三十六条": "对政府信息公开申请，行政机关根据下列情况分别作出答复：\n"
    "（一）所申请公开信息已经主动公开的，告知申请人获取该政府信息的方式、途径；\n"
    "（二）所申请公开信息可以公开的，向申请人提供该政府信息，或者告知申请人获取该政府信息的方式、途径和时间；\n"
    "（三）行政机关依据本条例的规定决定不予公开的，告知申请人不予公开并说明理由；\n"
    "（四）经检索没有所申请公开信息的，告知申请人该政府信息不存在；\n"
    "（五）所申请公开信息不属于本行政机关负责公开的，告知申请人并说明理由；能够确定负责公开该政府信息的行政机关的，"
    "告知申请人该行政机关的名称、联系方式；\n"
    "（六）行政机关已就申请人提出的政府信息公开申请作出答复、申请人重复申请公开相同政府信息的，告知申请人不予重复处理；\n"
    "（七）所申请公开信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定的，告知申请人依照"
    "有关法律、行政法规的规定办理。",
    "第三十七条": "申请公开的信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理的，行政机关应当向申请人提供"
    "可以公开的政府信息内容，并对不予公开的内容说明理由。",
    "第三十八条": "行政机关向申请人提供的信息，应当是已制作或者获取的政府信息。除依照本条例第三十七条的规定能够作区分处理"
    "的外，需要行政机关对现有政府信息进行加工、分析的，行政机关可以不予提供。",
    "第三十九条": "申请人以政府信息公开申请的形式进行信访、投诉、举报等活动，行政机关应当告知申请人不作为政府信息公开申请"
    "处理并可以告知通过相应渠道提出。\n"
    "申请人提出的申请内容为要求行政机关提供政府公报、报刊、书籍等公开出版物的，行政机关可以告知获取的途径。",
    "第四十二条": "行政机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理范围的，"
    "行政机关可以收取信息处理费。\n"
    "行政机关收取信息处理费的具体办法由国务院价格主管部门会同国务院财政部门、全国政府信息公开工作主管部门制定。",
    "第五十一条": "公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府"
    "信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。",
}

_CITATION = re.compile(
    r"(第[一二三四五六七八九十]+条)(?:第([一二三四五六七八九十]+)款)?(?:第（([一二三四五六七八九十]+)）项)?"
)
_NUMBERS = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}


def quoted(citation: str) -> str:
    """The text a citation points at: an article, one of its paragraphs (款) or items (项)."""
    m = _CITATION.fullmatch(citation)
    if m is None or m.group(1) not in ARTICLES:
        raise KeyError(citation)
    text = ARTICLES[m.group(1)]
    if m.group(3):  # an item: its line, "（四）…"
        return next(line for line in text.splitlines() if line.startswith(f"（{m.group(3)}）"))
    if m.group(2):  # a paragraph, with its items
        return paragraphs(text)[_NUMBERS[m.group(2)] - 1]
    return text


def paragraphs(text: str) -> list[str]:
    """An article's paragraphs (款): its lines, each item （一）… kept with the paragraph it belongs to."""
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith("（") and out:
            out[-1] += "\n" + line
        else:
            out.append(line)
    return out


@dataclass(frozen=True)
class Basis:
    """What the 答复书 for one outcome of 表三 says, and on which articles it rests."""

    decision: str  # the answer in a phrase, as the letter states it
    cites: tuple[str, ...]  # citations into ARTICLES, the deciding one first


# Every outcome of 表三 (2021 format rows, register.events.OUTCOMES) → its answer.
ANSWERS: dict[str, Basis] = {
    "granted": Basis("予以公开", ("第三十六条第（二）项",)),
    "partially_granted": Basis("部分公开，对不予公开的内容说明理由", ("第三十七条", "第三十六条第（三）项")),
    "withheld_state_secret": Basis("不予公开：属于国家秘密", ("第十四条", "第三十六条第（三）项")),
    "withheld_prohibited_by_law": Basis("不予公开：法律、行政法规禁止公开", ("第十四条", "第三十六条第（三）项")),
    "withheld_security_stability": Basis(
        "不予公开：公开后可能危及国家安全、公共安全、经济安全、社会稳定", ("第十四条", "第三十六条第（三）项")
    ),
    "withheld_third_party": Basis(
        "不予公开：公开会损害第三方合法权益", ("第十五条", "第三十二条", "第三十六条第（三）项")
    ),
    "withheld_internal_affairs": Basis("不予公开：属于内部事务信息", ("第十六条第一款", "第三十六条第（三）项")),
    "withheld_process_info": Basis("不予公开：属于过程性信息", ("第十六条第二款", "第三十六条第（三）项")),
    "withheld_enforcement_file": Basis("不予公开：属于行政执法案卷信息", ("第十六条第二款", "第三十六条第（三）项")),
    "withheld_query_matter": Basis(
        "所申请信息属于工商、不动产登记资料等信息，请依照有关法律、行政法规的规定办理", ("第三十六条第（七）项",)
    ),
    "unavailable_not_held": Basis(
        "经检索没有所申请公开的信息，或所申请信息不属于本机关负责公开",
        ("第三十六条第（四）项", "第三十六条第（五）项"),
    ),
    "unavailable_needs_creation": Basis("没有现成信息，需要另行制作或加工、分析，不予提供", ("第三十八条",)),
    "unavailable_unclear": Basis("补正后申请内容仍不明确，无法提供", ("第三十条",)),
    "not_handled_petition": Basis("不作为政府信息公开申请处理，可通过相应渠道提出", ("第三十九条第一款",)),
    "not_handled_duplicate": Basis("重复申请公开相同政府信息，不予重复处理", ("第三十六条第（六）项",)),
    "not_handled_publication": Basis("所申请的是公开出版物，告知获取途径", ("第三十九条第二款",)),
    "not_handled_excessive": Basis("申请数量、频次明显超过合理范围且理由不合理，不予处理", ("第三十五条",)),
    "not_handled_confirmation": Basis(
        "要求确认或重新出具已获取的信息，所提供的应当是已制作或者获取的政府信息，不予处理", ("第三十八条",)
    ),
    "other_no_correction": Basis("无正当理由逾期不补正，视为放弃申请，不再处理", ("第三十条",)),
    "other_unpaid_fee": Basis(
        "逾期未按收费通知要求缴纳信息处理费，不再处理", ("第四十二条",)
    ),  # with 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号)
    "other_misc": Basis("其他处理", ("第三十六条",)),
}

# The letters that are not answers, and the articles each rests on.
NOTICES: dict[str, tuple[str, ...]] = {
    "补正告知书": ("第三十条",),
    "延期答复告知书": ("第三十三条第二款",),
    "征求意见函": ("第三十二条",),  # of another body that made the information with us: 第三十四条 (CONSULT_BODY)
    "收费通知书": ("第四十二条",),
}

CONSULT_BODY = ("第三十四条",)

# What an answer must tell the applicant they may do about it.
REMEDY = (
    "如对本答复不服，可以自收到本答复之日起六十日内向{review_body}申请行政复议（《中华人民共和国行政复议法》第二十条），"
    "或者自收到本答复之日起六个月内向{court}提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）。"
)


def citation_text(cites: tuple[str, ...]) -> str:
    """The citations as a letter writes them: 《…条例》第十四条、第三十六条第（三）项."""
    return LAW + "、".join(cites)
