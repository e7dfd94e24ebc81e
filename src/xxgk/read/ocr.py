"""Scanned pages read by OCR on the CPU: RapidOCR, whose wheel carries the PP-OCRv4
detection, direction and recognition models, run by onnxruntime. Nothing is fetched.

A page image is straightened by the skew of its rules and its tables are found from the
rules (rules.py) and made into grids as a text PDF's are (grid.py). The rules are then
erased and the text lines detected once on the whole page at 100 dpi (ample for print);
a line is taken in each cell it runs through, across the cell's width, and tightened to
its ink (so a thin minus the detector missed is kept, and a sliver of a neighbouring
line dropped). A cell with ink but no detected line is read from its ink. A page whose
lines stand on end, or whose text the direction model reads as upside down, is turned
and read again; a landscape sheet with a blank gutter is two pages.

A piece that reads as a number is decoded again with only digits, the point and a minus
allowed (an "o" for 0, an "l" for 1, a speck read as "." after a digit), and keeps the
recogniser's runner-up readings: a digit's second choice, a digit it nearly saw, a
doubtful digit or point dropped. The statutory identities choose among them
(check/ocr.py). A table label read a character or two off the national format's is
taken as the format prints it.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import io
import re
import warnings
from dataclasses import dataclass

import cv2
import numpy as np

from ..errors import ReadError
from ..schema import LABELS, normalize
from .document import Document, Line, Recognised, number_tables
from .grid import Table, merge, ruled_lines, tables
from .limits import MAX_PAGES
from .rules import ruled, skew, straighten

DPI = 200  # pages are rendered at this resolution for OCR
DETECT_DPI = 100  # and text lines detected at this one
MIN_RATIO = 1.0  # crops narrower than this (width / height) are padded to it
# what a number may look like before only digits are allowed: "o" for 0, "l" for 1, a stray mark
NUMERIC = re.compile(r"[0-9oO〇lI|.,:-]*[0-9oO〇lI|][0-9oO〇lI|.,:-]*")
# a crop of one character's size, in a table whose cells hold Chinese labels or numbers:
# nothing, or a Latin letter or two, is a digit misread ("r" for 1)
LOOSE = re.compile(r"[A-Za-z0-9]{0,2}")
MAX_ALTERNATIVES = 4
UNSEEN = 0.5  # ink in a cell where no text line was detected is text only when read this surely

Box = tuple[float, float, float, float]


@dataclass(slots=True)
class Piece:
    """A recognised piece of text: where it is (points, y down), how sure, and the
    readings the recogniser ranked next."""

    text: str
    score: float
    box: Box
    alternatives: tuple[str, ...] = ()


# ------------------------------------------------------------------ the engine
class Engine:
    """The detection, direction and recognition models, loaded once per process."""

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        ocr = RapidOCR()
        self.detector, self.direction, self.recogniser = ocr.text_det, ocr.text_cls, ocr.text_rec
        self.chars: list[str] = self.recogniser.postprocess_op.character
        # blank, the ten digits, the decimal point and a minus: what a number's cell may hold
        self.numeric = np.array([0] + [self.chars.index(c) for c in "0123456789.-"])

    def detect(self, grey: np.ndarray, scale: float) -> list[Box]:
        """Text lines (pixel boxes of `grey`), detected on the page scaled by `scale`."""
        small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        found, _ = self.detector(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
        if found is None:
            return []
        return [
            (q[:, 0].min() / scale, q[:, 1].min() / scale, q[:, 0].max() / scale, q[:, 1].max() / scale) for q in found
        ]

    def upside_down(self, crops: list[np.ndarray]) -> bool:
        """Most of these line images read as turned 180° by the direction model."""
        if not crops:
            return False
        _, said, _ = self.direction([cv2.cvtColor(c, cv2.COLOR_GRAY2BGR) for c in crops])
        turned = sum(1 for label, p in said if label == "180" and p > 0.9)
        return turned > len(crops) / 2

    def recognise(self, crops: list[np.ndarray]) -> list[np.ndarray]:
        """Each crop's character probabilities over time (frames × classes). One at a
        time: batched crops are padded to the widest, and a page's lines differ."""
        out = []
        for crop in crops:
            ratio = max(MIN_RATIO, crop.shape[1] / crop.shape[0])
            image = self.recogniser.resize_norm_img(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR), ratio)
            out.append(self.recogniser.session(image[np.newaxis].astype(np.float32))[0][0])
        return out

    def read(self, probs: np.ndarray, glyph: bool = False) -> tuple[str, float, tuple[str, ...]]:
        """A crop's text, its least certain character's probability and, for a number,
        the runner-up readings. `glyph`: the crop is one character's size, where a lone
        stroke ("1") is easily taken for nothing."""
        text, conf, _ = _decode(probs, self.chars)
        if not (NUMERIC.fullmatch(text) or glyph and LOOSE.fullmatch(text)):
            return text, min(conf, default=0.0), ()
        sub = probs[:, self.numeric]
        sub = sub / sub.sum(1, keepdims=True)  # a number goes here: the odds among what a number may hold
        digits = [self.chars[i] for i in self.numeric]
        text, conf, frames = _decode(sub, digits)
        if not _number(text):  # blank won every frame: the digit it nearly saw, if it nearly did
            t = int((1 - sub[:, 0]).argmax())
            c = int(sub[t, 1:11].argmax()) + 1
            if sub[t, c] < 0.2:
                return "", 0.0, ()
            text, conf, frames = digits[c], [float(sub[t, c])], [t]
        return _number(text), min(conf), _alternatives(sub, digits, text, conf, frames)


def _decode(probs: np.ndarray, chars: list[str]) -> tuple[str, list[float], list[int]]:
    """Greedy CTC: the best class per frame, repeats merged, blanks (class 0) dropped;
    each character with its probability and the frame where it peaks."""
    best = probs.argmax(1)
    text, conf, frames = [], [], []
    before = 0
    for t, c in enumerate(best):
        if c != 0 and c != before:
            text.append(chars[c])
            conf.append(float(probs[t, c]))
            frames.append(t)
        elif c != 0 and probs[t, c] > conf[-1]:
            conf[-1], frames[-1] = float(probs[t, c]), t
        before = c
    return "".join(text), conf, frames


def _number(text: str) -> str:
    """A number as printed: a point that does not stand between digits, or a minus that
    does not lead, is a speck; a minus alone is the dash printed for nothing."""
    if text.strip("-") == "":
        return text[:1]
    sign = "-" if text.startswith("-") else ""
    return sign + text.replace("-", "").strip(".")


def _alternatives(
    probs: np.ndarray, chars: list[str], text: str, conf: list[float], frames: list[int]
) -> tuple[str, ...]:
    """Readings the recogniser nearly gave, most likely first: another digit where it
    read one, a digit where it saw none, a doubtful digit left out."""
    found: dict[str, float] = {}
    for k, t in enumerate(frames):
        p = probs[t].copy()
        p[0] = 0
        p[chars.index(text[k])] = 0
        other = int(p.argmax())
        if p[other] >= 0.01:
            found.setdefault(text[:k] + chars[other] + text[k + 1 :], float(p[other]))
        if conf[k] < 0.6:
            found.setdefault(text[:k] + text[k + 1 :], 1 - conf[k])
    best = probs.argmax(1)
    for t in range(len(probs)):
        if best[t] != 0:
            continue
        p = probs[t].copy()
        p[0] = 0
        c = int(p.argmax())
        if p[c] >= 0.1:
            k = sum(1 for f in frames if f < t)
            found.setdefault(text[:k] + chars[c] + text[k:], float(p[c]))
    if "." in text:  # a speck read as a point between digits
        found.setdefault(text.replace(".", ""), 1 - conf[text.index(".")])
    ranked = sorted(((p, _number(s)) for s, p in found.items()), reverse=True)
    out: list[str] = []
    for _, s in ranked:
        if s and s != _number(text) and s not in out and s.count(".") <= 1:
            out.append(s)
    return tuple(out[:MAX_ALTERNATIVES])


@functools.cache
def engine() -> Engine:
    return Engine()


# ------------------------------------------------------------------ a page
@dataclass(slots=True)
class Page:
    """A page read by OCR: its size in points, its tables and the recognised pieces."""

    width: float
    height: float
    tables: list[Table]
    pieces: list[Piece]
    turned: int  # degrees the image was turned clockwise to stand upright


def read_image(grey: np.ndarray, dpi: float, ocr: Engine | None = None, turned: int = 0) -> Page:
    """A page image (greyscale) read: upright, straight, its tables and its text."""
    ocr = ocr or engine()
    grey = straighten(grey, skew(grey))
    hs, vs, clean = ruled(grey, dpi)
    found = tables(merge(hs), merge(vs))
    lines = ocr.detect(clean, DETECT_DPI / dpi)
    long = [
        b[3] - b[1] > b[2] - b[0] for b in lines if max(b[2] - b[0], b[3] - b[1]) > 2.5 * min(b[2] - b[0], b[3] - b[1])
    ]
    if turned < 270 and sum(long) > len(long) / 2 and sum(long) >= 3:  # lines of text standing on end
        return read_image(cv2.rotate(grey, cv2.ROTATE_90_CLOCKWISE), dpi, ocr, turned + 90)
    widest = sorted(lines, key=lambda b: b[2] - b[0], reverse=True)[:12]
    if turned < 180 and ocr.upside_down([_crop(clean, b) for b in widest]):
        return read_image(cv2.rotate(grey, cv2.ROTATE_180), dpi, ocr, turned + 180)
    to_px = dpi / 72
    cells = [tuple(v * to_px for v in box) for t in found for box in t.boxes().values()]
    otsu = cv2.threshold(clean, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0]  # ink from paper, on this page
    dark = (otsu + 255) / 2  # a faint stroke (a thin minus, blurred) is still ink; specks go by their shape
    parts = [
        tight for box in lines for part in _cut(box, cells) if (tight := _ink_box(clean, part, dpi, dark)) is not None
    ]
    boxes = _distinct(parts)
    detected = len(boxes)
    boxes += [
        ink
        for cell in _unread(cells, boxes)
        if (ink := _ink_box(clean, cell, dpi, dark, inset=round(dpi / 50))) is not None
    ]
    crops = [_crop(clean, box) for box in boxes]
    pieces = []
    for k, (box, crop, probs) in enumerate(zip(boxes, crops, ocr.recognise(crops), strict=True)):
        text, score, alternatives = ocr.read(probs, glyph=crop.shape[1] < 1.5 * crop.shape[0])
        if k >= detected and score < UNSEEN:  # ink no line was detected in, and no clear reading: specks
            continue
        if found and not alternatives:
            text = label(text)
        if text:
            pieces.append(Piece(text, score, tuple(float(v) / to_px for v in box), alternatives))  # type: ignore[arg-type]
    h, w = grey.shape
    return Page(w / to_px, h / to_px, found, pieces, turned)


def label(text: str) -> str:
    """A table's label as the national format prints it, when the recognised text is one
    character or two off it (予 read as 子, 无 as 天); else as recognised."""
    if len(text) < 4 or NUMERIC.fullmatch(text):
        return text
    key = normalize(text)
    best, second = 0.0, 0.0
    found = text
    for known in _LABELS:
        if abs(len(known) - len(key)) > 2:
            continue
        r = difflib.SequenceMatcher(None, key, known).ratio()
        if r > best:
            best, second, found = r, best, known
        elif r > second:
            second = r
    return found if best >= 0.75 and best - second >= 0.1 else text


_LABELS = tuple(normalize(x) for x in LABELS)


def _cut(box: Box, cells: list) -> list[Box]:
    """A detected line in each cell it runs through, across the cell's whole width (the
    ink decides the rest: detection at a low resolution misses a thin minus before a
    number); a line outside the tables stays as it is."""
    x0, y0, x1, y1 = box
    cy = (y0 + y1) / 2
    parts = []
    for a, b, c, d in cells:
        if b <= cy <= d and min(x1, c) - max(x0, a) > 0.3 * (y1 - y0):
            parts.append((a + 2, max(y0, b + 2), c - 2, min(y1, d - 2)))
    return parts or [box]


def _distinct(boxes: list[Box]) -> list[Box]:
    """Boxes less those lying mostly inside a larger one: where two detected lines
    overlap, the sliver one cut off the other's character."""
    out: list[Box] = []
    for b in sorted(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True):
        area = (b[2] - b[0]) * (b[3] - b[1])
        if all(_overlap(b, k) < 0.6 * area for k in out):
            out.append(b)
    return out


def _overlap(a: Box, b: Box) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _unread(cells: list, boxes: list[Box]) -> list:
    """Cells no recognised piece has its centre in."""
    out = []
    for a, b, c, d in cells:
        if not any(a <= (x0 + x1) / 2 <= c and b <= (y0 + y1) / 2 <= d for x0, y0, x1, y1 in boxes):
            out.append((a, b, c, d))
    return out


def _ink_box(clean: np.ndarray, box, dpi: float, dark: float, inset: int = 0) -> Box | None:
    """The box of the ink (darker than `dark`) inside a box (less `inset` all round),
    specks left out; None when it has none."""
    x0, y0, x1, y1 = (round(v) for v in box)
    x0, y0, x1, y1 = x0 + inset, y0 + inset, x1 - inset, y1 - inset
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    ink = ((clean[y0:y1, x0:x1] < dark) * 255).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    least = (dpi / 100) ** 2 * 12  # pixels: less is a speck, not a stroke
    comps = [tuple(int(v) for v in s) for s in stats[1:n]]
    kept = [s for s in comps if s[4] >= least and max(s[2], s[3]) >= dpi / 25]
    thin = [s for s in comps if s not in kept and s[2] >= 1.5 * s[3] and s[2] >= dpi / 40]  # a dash or a minus
    if kept:  # a minus stands at mid-height just before a number
        top, bottom, left = min(s[1] for s in kept), max(s[1] + s[3] for s in kept), min(s[0] for s in kept)
        tall = bottom - top
        kept += [
            s
            for s in thin
            if top + 0.3 * tall <= s[1] + s[3] / 2 <= top + 0.7 * tall and left - tall <= s[0] + s[2] <= left + 1
        ]
    else:  # a dash alone: printed for nothing
        kept = [s for s in thin if s[2] >= dpi / 25 and s[2] >= 3 * s[3]]
    if not kept:
        return None
    return (
        x0 + min(s[0] for s in kept),
        y0 + min(s[1] for s in kept),
        x0 + max(s[0] + s[2] for s in kept),
        y0 + max(s[1] + s[3] for s in kept),
    )


def _crop(grey: np.ndarray, box: Box) -> np.ndarray:
    """The box cut out with a margin as the recogniser was trained with (a thin "1"
    widened with white to a character's width); a line standing on end is laid down."""
    h, w = grey.shape
    x0, y0, x1, y1 = (round(v) for v in box)
    margin = max(3, round(0.15 * min(x1 - x0, y1 - y0)))
    if y1 - y0 > 2.5 * (x1 - x0) and y1 - y0 > 0.45 * DPI:  # a column of characters
        return np.ascontiguousarray(
            np.rot90(grey[max(0, y0 - margin) : y1 + margin, max(0, x0 - margin) : x1 + margin])
        )
    out = grey[max(0, y0 - margin) : min(h, y1 + margin), max(0, x0 - margin) : min(w, x1 + margin)]
    narrow = round(0.8 * out.shape[0]) - out.shape[1]
    if narrow > 0:
        out = cv2.copyMakeBorder(out, 0, 0, narrow // 2, narrow - narrow // 2, cv2.BORDER_CONSTANT, value=255)
    return np.ascontiguousarray(out)


# ------------------------------------------------------------------ text in a box
class PieceText:
    """The recognised text in a box (a piece belongs to the box its centre is in), its
    lines top to bottom, pieces on a line left to right, a wide gap kept as spaces."""

    def __init__(self, pieces: list[Piece]):
        self.pieces = pieces

    def inside(self, x0: float, y0: float, x1: float, y1: float) -> list[Piece]:
        return [
            p for p in self.pieces if x0 <= (p.box[0] + p.box[2]) / 2 <= x1 and y0 <= (p.box[1] + p.box[3]) / 2 <= y1
        ]

    def lines(self, x0: float, y0: float, x1: float, y1: float) -> list[list[Piece]]:
        out: list[list[Piece]] = []
        for p in sorted(self.inside(x0, y0, x1, y1), key=lambda p: (p.box[1] + p.box[3]) / 2):
            cy, h = (p.box[1] + p.box[3]) / 2, p.box[3] - p.box[1]
            last = out[-1][-1] if out else None
            if last is not None and abs((last.box[1] + last.box[3]) / 2 - cy) < 0.5 * min(h, last.box[3] - last.box[1]):
                out[-1].append(p)
            else:
                out.append([p])
        return [sorted(line, key=lambda p: p.box[0]) for line in out]

    def text(self, x0: float, y0: float, x1: float, y1: float) -> str:
        return "\n".join(_spaced(line) for line in self.lines(x0, y0, x1, y1))


def _spaced(line: list[Piece]) -> str:
    """A line's pieces joined, a gap wider than half a character as one space for each
    half character of it (the extractor reads blank cells from spacing)."""
    out = line[0].text
    for a, b in zip(line, line[1:], strict=False):
        size = max(a.box[3] - a.box[1], 1.0)
        gap = b.box[0] - a.box[2]
        out += " " * max(1, round(gap / (size / 2))) if gap > size / 2 else ""
        out += b.text
    return out


def page_lines(page: Page, number: int, start: int) -> list[Line]:
    """A page read by OCR as the lines a text PDF's page gives: table rows with their
    cells where it has tables, else its lines; each with how sure the reading is."""
    text = PieceText(page.pieces)
    if page.tables:
        lines = ruled_lines(text, page.height, page.width, page.tables, number, start)
    else:
        lines = []
        for k, line in enumerate(text.lines(0, 0, page.width, page.height)):
            box = (
                min(p.box[0] for p in line),
                min(p.box[1] for p in line),
                max(p.box[2] for p in line),
                max(p.box[3] for p in line),
            )
            lines.append(Line(start + k, _spaced(line), page=number, boxes=(box,)))
    for ln in lines:
        ln.ocr = tuple(_recognised(text.inside(*box)) for box in ln.boxes or ())
    return lines


def _recognised(pieces: list[Piece]) -> Recognised | None:
    if not pieces:
        return None
    alternatives = pieces[0].alternatives if len(pieces) == 1 else ()
    return Recognised(min(p.score for p in pieces), alternatives)


def render(page, dpi: float = DPI) -> np.ndarray:
    """A PDF page (PDFium) as a greyscale image."""
    image = page.render(scale=dpi / 72, grayscale=True).to_numpy()
    return image.reshape(image.shape[0], image.shape[1])


def read_sheet(grey: np.ndarray, dpi: float = DPI) -> list[Page]:
    """A scanned sheet as its pages: one, or two when it is a landscape sheet with two
    pages side by side (a blank gutter down its middle)."""
    page = read_image(grey, dpi)
    if page.width < 1.25 * page.height:
        return [page]
    turns = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    upright = cv2.rotate(grey, turns[page.turned]) if page.turned else grey
    split = _gutter(upright)
    if split is None:
        return [page]
    left, right = read_image(upright[:, :split], dpi), read_image(upright[:, split:], dpi)
    return [left, _shifted(right, split * 72 / dpi)]


def _gutter(grey: np.ndarray) -> int | None:
    """The middle of the widest blank band of columns in the sheet's middle third."""
    h, w = grey.shape
    ink = (grey < cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[0]).sum(axis=0)
    blank = ink[w // 3 : 2 * w // 3] <= 0.002 * h
    best, start, run = None, 0, 0
    for x, b in enumerate(blank):
        run = run + 1 if b else 0
        if b and run == 1:
            start = x
        if run >= 0.02 * w and (best is None or run > best[1]):
            best = (start, run)
    return None if best is None else w // 3 + best[0] + best[1] // 2


def _shifted(page: Page, dx: float) -> Page:
    """A page read from the right half of a sheet, placed where it is on the sheet."""
    for t in page.tables:
        t.xs = [x + dx for x in t.xs]
    for p in page.pieces:
        p.box = (p.box[0] + dx, p.box[1], p.box[2] + dx, p.box[3])
    page.width += dx
    return page


def read_scanned_page(page, number: int, start: int) -> list[Line]:
    """A PDF page that is an image, as lines."""
    lines: list[Line] = []
    for half in read_sheet(render(page)):
        lines += page_lines(half, number, start + len(lines))
    return lines


MAX_PIXELS = 80_000_000  # a page scanned at 600 dpi is 35 million pixels
A4_SHORT = 8.27  # inches: a page's short side, when a picture does not say its resolution


def read_pictures(data: bytes, name: str, max_pages: int = MAX_PAGES, progress=None) -> Document:
    """PNG, JPEG or TIFF pictures of report pages (a TIFF may hold many), read by OCR."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # its size is judged here, against MAX_PIXELS
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
    except Image.DecompressionBombError:
        raise ReadError(f"{name}：图片像素过多，远超一页报告的扫描件，已拒绝读取") from None
    except (UnidentifiedImageError, OSError, ValueError) as e:
        raise ReadError(f"{name}：图片已损坏或格式不受支持（{e}）") from None
    if image.width * image.height > MAX_PIXELS:
        raise ReadError(f"{name}：图片达 {image.width}×{image.height} 像素，远超一页报告的扫描件，已拒绝读取")
    if frames > max_pages:
        raise ReadError(f"{name}：图片共 {frames} 页，超过上限 {max_pages} 页，不像是一份年度报告")
    lines: list[Line] = []
    for k in range(frames):
        try:
            image.seek(k)
            grey = np.asarray(ImageOps.exif_transpose(image).convert("L"))
        except (OSError, ValueError) as e:
            raise ReadError(f"{name}：第 {k + 1} 页图片无法解码（{e}）") from None
        dpi = float(image.info.get("dpi", (0, 0))[0] or 0)
        if not 100 <= dpi <= 1200 or not 5 <= min(grey.shape) / dpi <= 13:  # unsaid or unlikely: an A4 page
            dpi = min(grey.shape) / A4_SHORT
        if abs(dpi - DPI) > 0.1 * DPI:
            grey = cv2.resize(
                grey, None, fx=DPI / dpi, fy=DPI / dpi, interpolation=cv2.INTER_AREA if dpi > DPI else cv2.INTER_CUBIC
            )
        for half in read_sheet(np.ascontiguousarray(grey)):
            lines += page_lines(half, k + 1, len(lines) + 1)
        if progress is not None:
            progress(k + 1, frames)
    if not any(ln.text.strip() for ln in lines):
        raise ReadError(f"{name}：图片中没有识别出文字")
    number_tables(lines)
    return Document(
        lines,
        source=name,
        encoding="image",
        sha256=hashlib.sha256(data).hexdigest(),
        scanned=tuple(range(1, frames + 1)),
    )
