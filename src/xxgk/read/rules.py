"""Ruling lines of a page image (a scan): the page straightened, then its horizontal and
vertical rules as the segments `read/pdf.py` builds table grids from — in points, y
measured down from the top, as a text PDF's path objects give them.

A rule is a run of ink much longer than any character is wide: opening the inked image
with a long thin kernel keeps the rules and drops the text (OpenCV morphology). The
page's skew is the median angle of its long horizontal rules, and the page is turned
back by it before the rules are measured.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from .grid import Segment

MAX_SKEW = 5.0  # degrees: a page turned further is not straightened from its rules


def inked(grey: np.ndarray) -> np.ndarray:
    """255 where there is ink: a threshold that follows the page's own light and dark."""
    return cv2.adaptiveThreshold(255 - grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -2)


def _lines(ink: np.ndarray, horizontal: bool) -> np.ndarray:
    h, w = ink.shape
    size = (max(20, w // 30), 1) if horizontal else (1, max(20, h // 40))
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))


def skew(grey: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise) the page's long horizontal rules make; 0
    when it has none."""
    ink = inked(grey)
    h, w = ink.shape
    lines = cv2.dilate(_lines(ink, True), cv2.getStructuringElement(cv2.MORPH_RECT, (w // 30, 3)))
    contours, _ = cv2.findContours(lines, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    angles = []
    for c in contours:
        if cv2.boundingRect(c)[2] < w / 4:
            continue
        vx, vy, _, _ = cv2.fitLine(c, cv2.DIST_L2, 0, 0.01, 0.01).ravel()
        angles.append(-math.degrees(math.atan2(vy, vx)))
    if not angles:
        return 0.0
    angle = float(np.median(angles))
    return angle if abs(angle) <= MAX_SKEW else 0.0


def straighten(grey: np.ndarray, angle: float) -> np.ndarray:
    """The page turned back by `angle`, the corners it uncovers filled white."""
    if abs(angle) < 0.05:
        return grey
    h, w = grey.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(grey, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def ruled(grey: np.ndarray, dpi: float) -> tuple[list[Segment], list[Segment], np.ndarray]:
    """A straight page's horizontal (y, x0, x1) and vertical (x, y0, y1) rules in points,
    and the page with its rules painted white (so that text detection sees only text)."""
    ink = inked(grey)
    to_pt = 72 / dpi
    masks = (_lines(ink, True), _lines(ink, False))
    out: tuple[list[Segment], list[Segment]] = ([], [])
    for k, found in enumerate(masks):
        n, _, stats, _ = cv2.connectedComponentsWithStats(found, connectivity=8)
        for x, y, w, h, _ in stats[1:n].tolist():  # plain numbers: they end up in the record
            if k == 0:
                out[k].append(((y + h / 2) * to_pt, x * to_pt, (x + w) * to_pt))
            else:
                out[k].append(((x + w / 2) * to_pt, y * to_pt, (y + h) * to_pt))
    clean = grey.copy()
    clean[cv2.dilate(masks[0] | masks[1], np.ones((5, 5), np.uint8)) > 0] = 255
    return out[0], out[1], clean


def segments(grey: np.ndarray, dpi: float) -> tuple[list[Segment], list[Segment]]:
    """The rules of a straight page (see `ruled`)."""
    hs, vs, _ = ruled(grey, dpi)
    return hs, vs
