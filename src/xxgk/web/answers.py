"""The dashboard's cache: answers over the corpus, kept while the corpus is unchanged."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from ..store import library
from ..store.figures import Frame
from ..store.figures import load as load_frame


class Answers:
    """Answers to questions over the corpus, each computed once per state of the corpus,
    and the corpus's figures in memory (store/figures.py), loaded once per state.

    Whether an answer is still current is told by `library.version` (two lookups of a
    primary key). Kept per application (one database), the last 256.
    """

    def __init__(self, size: int = 256):
        self.size, self.lock = size, threading.Lock()
        self.items: OrderedDict[tuple, Any] = OrderedDict()
        self.frame: tuple[tuple, Frame] | None = None

    def figures(self, s: Session, version: tuple) -> Frame:
        with self.lock:
            if self.frame is None or self.frame[0] != version:
                self.frame = (version, load_frame(s))
            return self.frame[1]

    def get(self, s: Session, key: tuple, compute: Callable[[Callable[[], Frame]], Any]) -> Any:
        """The answer to `key`; `compute` is given the way to the figures, loaded only if it asks."""
        version = library.version(s)
        k = (key, version)
        with self.lock:
            if k in self.items:
                self.items.move_to_end(k)
                return self.items[k]
        answer = compute(lambda: self.figures(s, version))
        with self.lock:
            self.items[k] = answer
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return answer
