"""Sample report files in the text forms real ones take (the demo's first part): the
figures of two published reports and random consistent ones."""

from __future__ import annotations

import random
from pathlib import Path

from .forms import FORMS
from .records import BODIES, HONGZE_2024, XICHENG_2020, published, random_record

FORM_NAMES = {
    "pdf_text": "PDF 复制文本",
    "word_cells": "Word 导出文本",
    "word_lines": "Word 逐格文本",
    "tab_rows": "制表符表格",
    "markdown": "Markdown",
    "glued": "网页粘连文本",
}


def write_samples(out: Path, count: int = 12) -> list[tuple[Path, str]]:
    out.mkdir(parents=True, exist_ok=True)
    made: list[tuple[Path, str]] = []

    def save(name: str, text: str, form: str, encoding: str = "utf-8") -> None:
        p = out / name
        p.write_bytes(text.encode(encoding))
        made.append((p, form))

    rng = random.Random(2020)
    save("西城区人民政府-2020.md", FORMS["markdown"](published(XICHENG_2020), rng), "markdown")
    hongze = FORMS["pdf_text"](published(HONGZE_2024), random.Random(5))
    hongze = hongze.replace("本年度共收到政府信息公开申请95件", "区政府办代表区政府受理政府信息公开申请17件")
    save("洪泽区人民政府-2024.txt", hongze, "pdf_text")
    forms = list(FORMS)
    for i in range(count):
        form = forms[i % len(forms)]
        rec = random_record(random.Random(i), body=BODIES[i % len(BODIES)])
        encoding = "gb18030" if i == 3 else "utf-8"
        suffix = "-GBK" if encoding != "utf-8" else ""
        save(f"样例{i + 1:02d}-{rec.body}-{rec.year}{suffix}.txt", FORMS[form](rec, random.Random(i)), form, encoding)
    return made
