"""A table copied in content-stream order, laid back into its rows (extract/order.py)."""

from __future__ import annotations

from xxgk.extract.order import arrange, arrange_blocks, by_runs


def balanced(row: tuple) -> bool:
    return sum(v or 0 for v in row[:-1]) == (row[-1] or 0)


ROWS = [(95, 0, 0, 0, 0, 0, 95), (0, 0, 0, 0, 0, 0, 0), (50, 0, 0, 0, 0, 0, 50), (9, 0, 1, 0, 0, 0, 10)]


def test_a_block_written_column_by_column_is_laid_back():
    stream = [v for c in range(7) for r in ROWS[:3] for v in (r[c],)] + list(ROWS[3])
    options = arrange(stream, 4, 7, balanced)
    assert [list(o) for o in options] == [[r] for r in ROWS]


def test_column_runs_written_row_by_row_inside_a_block():
    """LibreOffice writes the cells under one header text (科研 公益 法律) row by row."""
    positions = by_runs(0, 3, (1, 1, 3, 1, 1))
    stream = [0] * 21
    for r, cells in enumerate(positions):
        for c, p in enumerate(cells):
            stream[p] = ROWS[r][c]
    options = arrange(stream, 3, 7, balanced)
    assert [list(o) for o in options] == [[r] for r in ROWS[:3]]


def test_two_readings_are_both_kept_never_one_chosen():
    stream = [1, 0, 0, 0, 0, 0, 1] + [2, 0, 0, 0, 0, 0, 2]
    options = arrange(stream, 2, 7, balanced)
    assert options is not None and all(len(o) >= 1 for o in options)
    assert options[0] == {(1, 0, 0, 0, 0, 0, 1): (0, 1, 2, 3, 4, 5, 6)}  # by columns the rows do not balance


def test_a_count_that_is_not_the_tables_is_not_laid_out():
    assert arrange([1, 2, 3], 1, 7, balanced) is None


def test_table_two_blocks_read_where_both_orders_agree():
    opts = arrange_blocks([0, 0, 0, 3, 0, 8], [(2, 3)])
    assert opts is not None and list(opts[0]) == [(0, 0, 0)]  # 规章 reads 0/0/0 either way
    assert set(opts[1]) == {(3, 0, 8), (0, 3, 8)}  # 规范性文件: by rows or by columns
