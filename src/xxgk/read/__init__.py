"""Readers: bytes of one input form to a `Document` (document.py), a module per form;
pipeline.py picks one. Nothing is imported here: a module of this package is loaded
without the others (the command line reads a file's bytes through limits.py before
any reader is needed)."""
