"""Readers: bytes of one input form to a `Document` (document.py), a module per form,
chosen by content in pipeline.py; none is imported here."""
