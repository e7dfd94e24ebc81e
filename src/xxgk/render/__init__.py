"""Renderers: record → what people read (terminal, Markdown, HTML, DOCX, XLSX, PDF)."""

from __future__ import annotations

from ..record import Record

FORMATS = ("docx", "html", "md", "xlsx", "pdf")


def render(rec: Record, to: str, draft: bool = False, blank: str = "0") -> bytes:
    """The report in a format; `draft` marks it 草稿 on every page; blank cells print as
    `blank` (the format expects 0)."""
    if to == "md":
        from .markdown import render_markdown

        return render_markdown(rec, draft, blank).encode("utf-8")
    if to == "html":
        from .html import render_html

        return render_html(rec, draft, blank).encode("utf-8")
    if to == "docx":
        from .docx import render_docx

        return render_docx(rec, draft, blank)
    if to == "xlsx":
        from .xlsx import render_xlsx

        return render_xlsx(rec, draft)
    if to == "pdf":
        from .pdf import render_pdf

        return render_pdf(rec, draft, blank)
    raise ValueError(f"不支持的格式：{to}（可选 {'、'.join(FORMATS)}）")
