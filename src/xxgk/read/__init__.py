"""Readers: bytes of one input form to a `Document`."""

from ..errors import ReadError
from .document import Document, Line
from .text import read_text

__all__ = ["Document", "Line", "ReadError", "read_text"]
