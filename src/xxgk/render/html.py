"""Record → HTML that prints on A4 and reads well with a screen reader: real header
cells with scope, the official merged cells as rowspan/colspan, no layout tables."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..record import Record
from ..schema import SECTIONS, TABLE_NAMES, TABLE_TITLES
from .grid_values import cell_text
from .layout import Cell, Grid, report_grids
from .report import DRAFT, PREAMBLE, heading, section_text, signature, title

_env = Environment(
    loader=PackageLoader("xxgk.render", "templates"),
    autoescape=select_autoescape(["j2", "html"]),
    trim_blocks=False,
    lstrip_blocks=False,
)


def _cell(rec: Record, c: Cell, blank: str) -> Markup:
    span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
    text = escape(cell_text(rec, c, blank))
    if c.kind == "value":
        return Markup(f"<td{span}>{text}</td>")
    if c.kind == "head":
        scope = "colgroup" if c.colspan > 1 else "col"
        return Markup(f'<th scope="{scope}"{span}>{text}</th>')
    scope = "rowgroup" if c.rowspan > 1 else "row"
    cls = ' class="vertical"' if c.vertical else ""
    return Markup(f'<th scope="{scope}"{span}{cls}>{text}</th>')


def _table(rec: Record, g: Grid, blank: str) -> dict:
    rows: list[list[Markup]] = [[] for _ in range(g.nrows)]
    for c in sorted(g.cells, key=lambda c: (c.row, c.col)):
        rows[c.row].append(_cell(rec, c, blank))
    return {
        "caption": f"{TABLE_NAMES[g.table]} {TABLE_TITLES[g.table]}",
        "head": rows[: g.head_rows],
        "body": rows[g.head_rows :],
        "wide": g.ncols > 10,
        "widths": [round(100 * w / sum(g.widths), 2) for w in g.widths],
    }


def render_html(rec: Record, draft: bool = False, blank: str = "0") -> str:
    body, head = title(rec)
    grids = {g.table: g for g in report_grids(rec)}
    sections = []
    for s in SECTIONS:
        paragraphs, placeholder = section_text(rec, s)
        table = _table(rec, grids[s.key], blank) if s.key in grids and rec.table(s.key) else None
        sections.append({"heading": heading(s), "paragraphs": paragraphs, "placeholder": placeholder, "table": table})
    return _env.get_template("report.html.j2").render(
        body=body,
        head=head,
        preamble=PREAMBLE,
        sections=sections,
        draft=draft,
        draft_text=DRAFT,
        signature=signature(rec),
    )
