"""Readers: bytes of one input form to a `Document`."""

from .document import Document, Line
from ..errors import ReadError
from .text import read_text

__all__ = ["Document", "Line", "ReadError", "read_text"]
