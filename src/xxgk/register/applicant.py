"""What an applicant gives on the public form (条例第二十九条), checked before it enters
the register: who applies and how to reach them, proof of identity, what information is
sought, and the form and way it is to be delivered.

Pure functions over the submitted fields: `check_application` returns the cleaned
application or raises InputError naming, in Chinese, every field that is wrong — so the
form can be shown again with all its problems at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..errors import InputError
from .events import APPLICANT_TYPES

ID_TYPES = (
    "居民身份证",
    "护照",
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "外国人永久居留身份证",
    "统一社会信用代码",
    "其他",
)
DELIVERY = ("纸质", "电子邮件", "光盘", "U盘", "其他")  # the form the information is given in
COLLECTION = ("邮寄", "电子邮件", "自行领取", "当场阅读、抄录", "其他")  # the way it reaches the applicant
MAX_CONTENT = 2000  # characters: the description of the information sought
MAX_FIELD = 200

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")


def resident_id_problem(number: str, today: date | None = None) -> str | None:
    """Why a 居民身份证 number (GB 11643, 18 characters) cannot be right, or None."""
    n = number.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", n):
        return "居民身份证号码应为18位（最后一位可为X）"
    try:
        born = date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        return "居民身份证号码中的出生日期不存在"
    if not date(1900, 1, 1) <= born <= (today or date.today()):
        return "居民身份证号码中的出生日期不合理"
    if _CHECK[sum(int(d) * w for d, w in zip(n[:17], _WEIGHTS, strict=True)) % 11] != n[17]:
        return "居民身份证号码校验位不符，请核对是否填错"
    return None


def contact_problem(contact: str) -> str | None:
    """A contact must reach someone: a mobile or landline number, or an e-mail address."""
    c = contact.strip().replace(" ", "")
    if _MOBILE.fullmatch(c) or _LANDLINE.fullmatch(c) or _EMAIL.fullmatch(c):
        return None
    return "联系方式应为手机号码（11位）、固定电话（如010-12345678）或电子邮箱"


@dataclass(frozen=True)
class Submitted:
    """A checked application from the public form."""

    body: int
    applicant_type: str
    applicant: str
    id_type: str
    id_number: str
    contact: str
    address: str
    content: str
    delivery: str
    email: str = ""  # where notices go: given, else the contact when it is an address


def check_application(form: dict[str, str], bodies: dict[int, str], today: date | None = None) -> Submitted:
    """The form's fields checked (`bodies`: the registered bodies by id). InputError lists
    every problem, one per line."""
    get = {k: (form.get(k) or "").strip() for k in Submitted.__dataclass_fields__}
    problems = []
    body = int(get["body"]) if get["body"].isdigit() else 0
    if body not in bodies:
        problems.append("请选择受理申请的机关")
    kind = get["applicant_type"] or "natural_person"
    if kind not in APPLICANT_TYPES:
        problems.append("申请人类型有误")
    if not get["applicant"]:
        problems.append("请填写申请人姓名或名称（第二十九条）")
    id_type = get["id_type"] or ("居民身份证" if kind == "natural_person" else "统一社会信用代码")
    if id_type not in ID_TYPES:
        problems.append("证件类型有误")
    if not get["id_number"]:
        problems.append("请填写身份证明的证件号码（第二十九条）")
    elif id_type == "居民身份证" and (why := resident_id_problem(get["id_number"], today)):
        problems.append(why)
    elif id_type == "统一社会信用代码" and not _CREDIT_CODE.fullmatch(get["id_number"].upper()):
        problems.append("统一社会信用代码应为18位数字或大写字母")
    if not get["contact"]:
        problems.append("请填写联系方式（第二十九条）")
    elif why := contact_problem(get["contact"]):
        problems.append(why)
    if get["email"] and not _EMAIL.fullmatch(get["email"]):
        problems.append("电子邮箱格式不对（如 name@example.com）")
    if not get["content"]:
        problems.append("请填写所需政府信息的名称、文号或便于查询的特征性描述（第二十九条）")
    elif len(get["content"]) > MAX_CONTENT:
        problems.append(f"所需信息的描述不超过 {MAX_CONTENT} 字")
    delivery = get["delivery"] or "电子邮件"
    if delivery not in DELIVERY + COLLECTION:
        problems.append("请选择获取信息的形式或方式")
    fields = (
        ("applicant", "申请人姓名或名称"),
        ("address", "通讯地址"),
        ("contact", "联系方式"),
        ("email", "电子邮箱"),
    )
    for name, label in fields:
        if len(get[name]) > MAX_FIELD:
            problems.append(f"{label}不超过 {MAX_FIELD} 字")
    if problems:
        raise InputError("\n".join(problems))
    return Submitted(
        body=body,
        applicant_type=kind,
        applicant=get["applicant"],
        id_type=id_type,
        id_number=get["id_number"].upper(),
        contact=get["contact"].replace(" ", ""),
        address=get["address"],
        content=get["content"],
        delivery=delivery,
        email=get["email"] or (get["contact"] if _EMAIL.fullmatch(get["contact"]) else ""),
    )
