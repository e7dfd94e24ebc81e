"""Renderers: record → what people read (terminal, Markdown, HTML, DOCX, XLSX, PDF).

RENDERERS is the one list of output formats: the command line's --to, the pages' and the
API's downloads all take their names, media types and functions from it. A new format is
one entry here and one module beside this one.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from ..errors import InputError
from ..record import Record


@dataclass(frozen=True)
class Renderer:
    name: str  # what --to and the download links say
    label: str
    media_type: str
    function: str  # module:function, imported when first used (python-docx and openpyxl load slowly)


RENDERERS = {
    r.name: r
    for r in (
        Renderer(
            "docx",
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx:render_docx",
        ),
        Renderer("html", "网页", "text/html; charset=utf-8", "html:render_html"),
        Renderer("md", "Markdown", "text/markdown; charset=utf-8", "markdown:render_markdown"),
        Renderer(
            "xlsx", "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx:render_xlsx"
        ),
        Renderer("pdf", "PDF", "application/pdf", "pdf:render_pdf"),
    )
}
FORMATS = tuple(RENDERERS)
JSON_MEDIA = "application/json"  # the record itself, beside the rendered formats


def render(rec: Record, to: str, draft: bool = False, blank: str = "0") -> bytes:
    """The report in a format; `draft` marks it 草稿 on every page; blank cells print as
    `blank` (the format expects 0)."""
    r = RENDERERS.get(to)
    if r is None:
        raise InputError(f"不支持的格式：{to}（可选 {'、'.join(FORMATS)}）")
    module, function = r.function.split(":")
    out = getattr(import_module(f"{__name__}.{module}"), function)(rec, draft, blank)
    return out.encode("utf-8") if isinstance(out, str) else out
