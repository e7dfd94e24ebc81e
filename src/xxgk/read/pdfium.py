"""PDFium for the text-layer reader: the library the pypdfium2 wheel ships, with the few
functions pdf.py calls declared here.

Importing pypdfium2 declares all of PDFium's ~500 functions and loads its helpers and
logging: ~50 ms, longer than reading a typical report, paid by every reading process.
What the reader needs is a document, its pages, their text and their objects; the
helpers' behaviour it relies on is kept as theirs (get_text_range's range, get_objects'
depth, the open error). Scans are rendered through pypdfium2 itself (pdf.py opens them
so for ocr.py); it shares this library (one load, initialised once)."""

from __future__ import annotations

import ctypes
import importlib.util
from pathlib import Path

from ..errors import ReadError

_P, _I, _D, _F = ctypes.c_void_p, ctypes.c_int, ctypes.c_double, ctypes.c_float


def _library() -> ctypes.CDLL:
    spec = importlib.util.find_spec("pypdfium2_raw")  # found, not imported
    folder = Path(next(iter(spec.submodule_search_locations or ()), "")) if spec else None
    for name in ("libpdfium.so", "libpdfium.dylib", "pdfium.dll"):  # as the wheel names it here
        if folder is not None and (folder / name).is_file():
            return ctypes.CDLL(str((folder / name).resolve()))
    raise ImportError("PDFium (pypdfium2_raw) is not installed")


_lib = _library()


def _fn(name: str, restype, *argtypes):
    """A function taking and returning plain addresses and numbers: no pointer object is
    built per call (a table page asks for hundreds of objects and cell boxes)."""
    f = _lib[name]
    f.restype, f.argtypes = restype, argtypes
    return f


class _Config(ctypes.Structure):
    _fields_ = (("version", _I), ("user_font_paths", _P), ("isolate", _P), ("v8_embedder_slot", ctypes.c_uint))


# once per process; a second call (pypdfium2 imported too) is a no-op in PDFium
_fn("FPDF_InitLibraryWithConfig", None, ctypes.POINTER(_Config))(ctypes.byref(_Config(2, None, None, 0)))

_load_document = _fn("FPDF_LoadMemDocument64", _P, _P, ctypes.c_size_t, ctypes.c_char_p)
_last_error = _fn("FPDF_GetLastError", ctypes.c_ulong)
_page_count = _fn("FPDF_GetPageCount", _I, _P)
_close_document = _fn("FPDF_CloseDocument", None, _P)
_load_page = _fn("FPDF_LoadPage", _P, _P, _I)
_close_page = _fn("FPDF_ClosePage", None, _P)
_page_width = _fn("FPDF_GetPageWidthF", _F, _P)
_page_height = _fn("FPDF_GetPageHeightF", _F, _P)
_load_text = _fn("FPDFText_LoadPage", _P, _P)
_close_text = _fn("FPDFText_ClosePage", None, _P)
_count_chars = _fn("FPDFText_CountChars", _I, _P)
_text_index = _fn("FPDFText_GetTextIndexFromCharIndex", _I, _P, _I)
_get_text = _fn("FPDFText_GetText", _I, _P, _I, _I, _P)
count_objects = _fn("FPDFPage_CountObjects", _I, _P)
_form_count_objects = _fn("FPDFFormObj_CountObjects", _I, _P)
_form_get_object = _fn("FPDFFormObj_GetObject", _P, _P, ctypes.c_ulong)
get_object = _fn("FPDFPage_GetObject", _P, _P, _I)
object_type = _fn("FPDFPageObj_GetType", _I, _P)
object_bounds = _fn("FPDFPageObj_GetBounds", _I, _P, _P, _P, _P, _P)
count_segments = _fn("FPDFPath_CountSegments", _I, _P)
loose_box = _fn("FPDFText_GetLooseCharBox", _I, _P, _I, _P)
bounded_text = _fn("FPDFText_GetBoundedText", _I, _P, _D, _D, _D, _D, _P, _I)

PATH, IMAGE, FORM = 2, 3, 5  # FPDF_PAGEOBJ_*
_ERRORS = {
    1: "Unknown error",
    2: "File access error",
    3: "Data format error",
    4: "Incorrect password error",
    5: "Unsupported security scheme error",
    6: "Page not found or content error",
}  # FPDF_ERR_*, worded as pypdfium2 words them


class Rect(ctypes.Structure):  # FS_RECTF
    _fields_ = (("left", _F), ("top", _F), ("right", _F), ("bottom", _F))


class Pdf:
    """A PDF open in PDFium (the bytes kept alive with it), pages opened one at a time."""

    def __init__(self, data: bytes, name: str) -> None:
        self.data, self.name = data, name
        self.raw = _load_document(data, len(data), None)
        self.pages = _page_count(self.raw) if self.raw else 0
        if self.pages < 1:
            code = _last_error()
            self.close()
            if code == 4:
                raise ReadError(f"{name}：PDF 已加密（需要密码），无法读取")
            reason = _ERRORS.get(code, f"error {code}")
            raise ReadError(f"{name}：PDF 文件已损坏或不完整（Failed to load document (PDFium: {reason}).）")

    def __len__(self) -> int:
        return self.pages

    def page(self, i: int) -> Page:
        """Page i, open until closed (before the document)."""
        return Page(self, i)

    def close(self) -> None:
        if self.raw:
            _close_document(self.raw)
            self.raw = None


class Page:
    """A page and its text page (PDFium's characters in reading order)."""

    def __init__(self, pdf: Pdf, i: int) -> None:
        self.raw = _load_page(pdf.raw, i) or 0
        self.textpage = _load_text(self.raw) if self.raw else 0
        if not self.textpage:
            self.close()
            raise ReadError(f"{pdf.name}：PDF 第 {i + 1} 页无法读取（页面内容已损坏）")
        self.width, self.height = _page_width(self.raw), _page_height(self.raw)

    def text(self) -> str:
        """All the page's text, as pypdfium2's get_text_range() gives it: the range
        narrowed to characters that have a place in the text (crbug.com/pdfium/2079)."""
        first, last = 0, _count_chars(self.textpage) - 1
        while first <= last and (start := _text_index(self.textpage, first)) == -1:
            first += 1
        while first <= last and (end := _text_index(self.textpage, last)) == -1:
            last -= 1
        if first > last:
            return ""
        size = end + 2 - start
        buf = (ctypes.c_ushort * size)()
        n = _get_text(self.textpage, first, last + 1 - first, buf)
        return bytes(memoryview(buf)[: n - 1]).decode("utf-16-le", errors="ignore")

    def objects(self, depth: int = 2, form=None):
        """The page's objects (or a form's on it), and those of the forms among them
        `depth` levels down (pypdfium2's get_objects(max_depth=depth))."""
        count, get, parent = (
            (count_objects, get_object, self.raw) if form is None else (_form_count_objects, _form_get_object, form)
        )
        for k in range(count(parent)):
            obj = get(parent, k)
            yield obj
            if object_type(obj) == FORM and depth > 1:
                yield from self.objects(depth - 1, obj)

    def close(self) -> None:
        if self.textpage:
            _close_text(self.textpage)
            self.textpage = 0
        if self.raw:
            _close_page(self.raw)
            self.raw = 0
