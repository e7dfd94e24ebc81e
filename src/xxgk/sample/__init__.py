"""Sample reports: consistent random records and the raw text forms reports take.

Used by the tests (property-based round trips), `xxgk demo` and the benchmarks.
"""
