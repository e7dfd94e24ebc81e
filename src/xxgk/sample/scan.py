"""A PDF as a scanner or photocopier makes it: every page an image only, no text layer.

The pages are rendered by PDFium in greyscale at the scanner's resolution, then spoiled
the way paper and glass spoil them: turned by a small angle (or a quarter or half turn,
a sheet fed the wrong way), blurred, speckled, and JPEG-compressed. Used by the tests
and the benchmark of the OCR reader; the same real report scanned at several levels of
damage must read back exactly or be flagged.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2 as pdfium


@dataclass(frozen=True)
class Damage:
    dpi: int = 150
    skew: float = 0.5  # degrees, each page turned by up to this, either way
    blur: float = 0.6  # Gaussian sigma, pixels
    speckle: float = 0.002  # share of pixels flipped to dark
    jpeg: int = 60  # quality
    turn: int = 0  # a quarter turn (90, 180, 270) of every page, clockwise
    seed: int = 0


LIGHT = Damage(dpi=200, skew=0.3, blur=0.4, speckle=0.0005, jpeg=85)
PHOTOCOPY = Damage()
POOR = Damage(dpi=150, skew=1.5, blur=0.9, speckle=0.004, jpeg=40)


def scan_page(grey: np.ndarray, damage: Damage, rng: random.Random) -> np.ndarray:
    """One page image spoiled as `damage` says."""
    h, w = grey.shape
    angle = rng.uniform(-damage.skew, damage.skew)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    page = cv2.warpAffine(grey, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    if damage.blur:
        page = cv2.GaussianBlur(page, (0, 0), damage.blur)
    noise = np.random.default_rng(rng.randrange(1 << 30))
    paper = noise.normal(0, 6, page.shape)  # the paper's grain
    page = np.clip(page.astype(np.float32) + paper, 0, 255).astype(np.uint8)
    specks = noise.random(page.shape) < damage.speckle
    page[specks] = noise.integers(40, 140, int(specks.sum()), dtype=np.uint8)
    turns = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(page, turns[damage.turn]) if damage.turn else page


def image_pdf(pages: list[np.ndarray], dpi: int, quality: int) -> bytes:
    """An image-only PDF, one JPEG page per image, at the size the resolution gives."""
    pdf = pdfium.PdfDocument.new()
    for grey in pages:
        h, w = grey.shape
        ok, jpeg = cv2.imencode(".jpg", grey, [cv2.IMWRITE_JPEG_QUALITY, quality])
        assert ok
        width, height = w * 72 / dpi, h * 72 / dpi
        page = pdf.new_page(width, height)
        image = pdfium.PdfImage.new(pdf)
        image.load_jpeg(io.BytesIO(jpeg.tobytes()), inline=True)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(image)
        page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def scan_pdf(data: bytes, damage: Damage = PHOTOCOPY, pages: list[int] | None = None) -> bytes:
    """A text PDF (bytes) as a scanned copy of it (bytes); `pages` (from 0) picks pages."""
    rng = random.Random(damage.seed)
    source = pdfium.PdfDocument(data)
    try:
        images = []
        for i in pages if pages is not None else range(len(source)):
            image = source[i].render(scale=damage.dpi / 72, grayscale=True).to_numpy()
            images.append(scan_page(image.reshape(image.shape[0], image.shape[1]), damage, rng))
    finally:
        source.close()
    return image_pdf(images, damage.dpi, damage.jpeg)
