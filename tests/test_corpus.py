"""The corpus on SQLite and PostgreSQL: ingest (idempotent, resumable, parallel, on
Ray), bodies linked across years, cross-report checks, questions and exports."""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEEDS, SHARED, load
from openpyxl import load_workbook
from sqlalchemy import func, select

from xxgk.record import Record
from xxgk.render import render
from xxgk.sample.forms import FORMS
from xxgk.sample.records import random_record
from xxgk.store import queries
from xxgk.store.bodies import describe, same_body
from xxgk.store.export import CELL_HEADERS, cells
from xxgk.store.ingest import ingest, local_engine, ray_engine
from xxgk.store.models import Body, Cell, File, Report, ReportFinding, report_figures

pytestmark = pytest.mark.shared

CORPUS = SHARED / "corpus"
TABLES = ("active_disclosure", "applications", "review_litigation")


def expected_records() -> dict[str, dict]:
    """Source file name → expected record, for every real report in ../shared."""
    out = {}
    for folder in (SEEDS, CORPUS):
        for e in folder.glob("*.expected.json"):
            stem = e.name[: -len(".expected.json")]
            source = next(p for p in folder.iterdir() if p.stem == stem and not p.name.endswith(".json"))
            out[source.name] = load(e)
    return out


def test_ingesting_the_real_reports_twice(sessions):
    with sessions() as s:
        first = ingest(s, [SEEDS, CORPUS], local_engine(2))
        again = ingest(s, [SEEDS, CORPUS], local_engine(2))
        expected = expected_records()  # the scanned report among them, read by OCR
        assert first.good + first.defective == len(expected) >= 12
        assert first.failures == []
        assert again.stored == 0 and again.known == first.stored
        reports = s.scalars(select(Report)).all()
        assert sorted(Path(r.source).name for r in reports) == sorted(expected)
        for r in reports:
            want = expected[Path(r.source).name]
            got = {
                (c.table, c.row, c.column): (c.text if c.text is not None else c.value)
                for c in s.scalars(select(Cell).where(Cell.report_id == r.id))
            }
            wanted = {(t, row, col): v for t in TABLES for row, cols in want[t].items() for col, v in cols.items()}
            if want.get("partial"):  # items the expected record leaves out as undecidable
                got = {k: v for k, v in got.items() if k[0] != "active_disclosure" or k[1] in want[k[0]]}
            assert got == wanted, r.source
            assert (r.body_name, r.year, r.format) == (want["body"], want["year"], want["format"])
            rules = [
                (f.rule, sorted(f.cells))
                for f in s.scalars(
                    select(ReportFinding).where(ReportFinding.report_id == r.id, ReportFinding.scope == "report")
                )
            ]
            for defect in want["known_defects"]:
                assert (defect["rule"], sorted(defect["cells"])) in rules, (r.source, defect["rule"])
        # Every number says where it was read (a unit such as 万元 comes from the header).
        assert (
            s.scalar(
                select(func.count())
                .select_from(Cell)
                .where(Cell.where.is_(None), Cell.blank.is_(False), Cell.text.is_(None))
            )
            == 0
        )
        assert s.scalar(select(func.count()).select_from(Cell).where(Cell.where.is_not(None))) > 1300
        # The README and the blank template are files, not reports, and say so.
        notes = dict(s.execute(select(File.path, File.status).where(File.status != "good")).all())
        assert notes[str(CORPUS / "README.md")] == "not_report"
        assert notes[str(CORPUS / "format-2021-template.docx")] == "not_report"


def test_a_number_past_64_bits_is_stored_and_the_batch_goes_on(sessions, tmp_path):
    """A report's text may print a number no 64-bit integer holds (an ID run into a cell):
    the report is stored with it (as a float), and so are the others."""
    rec = random_record(random.Random(5))
    huge = 123456789012345678901234567890
    row = rec.applications["new_received"]
    row["total"] += huge - row["natural_person"]
    row["natural_person"] = huge
    (tmp_path / "huge.txt").write_text(FORMS["tab_rows"](rec, random.Random(1)), encoding="utf-8")
    (tmp_path / "plain.txt").write_text(FORMS["tab_rows"](random_record(random.Random(6)), random.Random(1)))
    for workers in (0, 2):
        with sessions() as s:
            tally = ingest(s, [tmp_path], local_engine(workers))
            if workers:
                assert tally.stored == 0 and tally.known == 2
                continue
            assert tally.stored == 2 and tally.failures == []
            report = s.scalars(select(Report).where(Report.source.like("%huge.txt"))).one()
            # (read back as a float: orjson reads integers past 64 bits so)
            assert float(report.record["applications"]["new_received"]["natural_person"]) == float(huge)
            cell = s.scalars(
                select(Cell).where(
                    Cell.report_id == report.id, Cell.row == "new_received", Cell.column == "natural_person"
                )
            ).one()
            assert cell.value == float(huge)


def test_one_body_across_years_under_two_names(sessions):
    """洪泽区人民政府 (2023) and 淮安市洪泽区人民政府 (2024) are one body; its 2024 carry-over
    is checked against its 2023 carry-forward."""
    with sessions() as s:
        ingest(s, [CORPUS / "hongze-2023.pdf", CORPUS / "hongze-2024.pdf"], local_engine(1))
        bodies = s.scalars(select(Body)).all()
        assert [b.name for b in bodies] == ["淮安市洪泽区人民政府"]
        assert (bodies[0].region, bodies[0].region_name, bodies[0].level) == ("320813", "江苏省淮安市洪泽区", "县")
        years = sorted(r.year for r in s.scalars(select(Report)))
        assert years == [2023, 2024]
        # Chosen by any spelling of its region, or by the code of the county, city or province.
        for region in ("江苏省", "淮安市", "洪泽区", "江苏省淮安市洪泽区", "320813", "3208", "32"):
            assert len(queries.reports(s, queries.Filters(region=region), severity=None)) == 2, region
        for region in ("北京市", "110102", "淮安市清江浦区"):
            assert queries.reports(s, queries.Filters(region=region), severity=None) == [], region
        # One area at each level down to the county: the comparison goes on inside it.
        want = sum(
            load(CORPUS / f"hongze-{y}.expected.json")["applications"]["new_received"]["total"] for y in (2023, 2024)
        )
        for region in (None, "江苏省", "淮安市"):
            within = queries.by_region(s, queries.Filters(region=region))
            assert (within["by"], within["within"]) == ("机关", "江苏省淮安市洪泽区")
            assert [(r["name"], r["reports"], r["new_received"]) for r in within["rows"]] == [
                ("淮安市洪泽区人民政府", 2, want)
            ]
        rows = list(cells(s, queries.Filters(region="320813")))
        assert rows and {r[CELL_HEADERS.index("行政区划代码")] for r in rows} == {"320813"}


def test_body_names():
    assert describe("北京市西城区人民政府（公章）").key == "北京市西城区人民政府"
    info = describe("北京市西城区科学技术和信息化局")
    assert (info.region_name, info.level, info.kind) == ("北京市西城区", "县", "部门")
    assert describe("江苏省人民政府").level == "省" and describe("国家统计局").level == "国务院部门"
    assert describe("淮安市洪泽区高良涧街道办事处").level == "乡"
    assert same_body("洪泽区人民政府", "淮安市洪泽区人民政府")
    assert not same_body("教育局", "北京市教育局")  # no region of its own: could be anyone's


def test_region_codes_from_body_names():
    """The 行政区划代码 (GB/T 2260) where a name settles it, the region written in full."""
    cases = {
        "北京市西城区人民政府": ("110102", "北京市西城区", "县"),
        "西城区人民政府": ("110102", "北京市西城区", "县"),  # one 西城区 in China
        "洪泽区人民政府": ("320813", "江苏省淮安市洪泽区", "县"),
        "江苏省淮安市民政局": ("320800", "江苏省淮安市", "市"),
        "江苏省人民政府办公厅": ("320000", "江苏省", "省"),
        "仙桃市人民政府": ("429004", "湖北省仙桃市", "县"),  # a county-level city under the province
        "东莞市人民政府": ("441900", "广东省东莞市", "市"),  # a prefecture-level city without counties
        "朝阳区教育局": (None, "朝阳区", "县"),  # 北京市 and 长春市 both have one: left as printed
        "北京市朝阳区教育委员会": ("110105", "北京市朝阳区", "县"),
        "淮安市洪泽区高良涧街道办事处": (None, "江苏省淮安市洪泽区高良涧街道", "乡"),  # towns have no code there
        "示例市甲区教育局": (None, "示例市甲区", "县"),
        "国家统计局": (None, None, "国务院部门"),
    }
    for name, want in cases.items():
        info = describe(name)
        assert (info.code, info.region_name, info.level) == want, name
    # The area one level down that a region lies in: by the table where the area is known
    # (市中区 is a district, not 市 + 中区), else by where a name ends (苏州市, not 苏州).
    from xxgk.store.regions import child

    assert child("江苏省淮安市洪泽区", "") == "江苏省" and child("江苏省淮安市洪泽区", "江苏省") == "江苏省淮安市"
    assert child("山东省济南市市中区", "山东省济南市") == "山东省济南市市中区"
    assert child("示例州市甲区", "") == "示例州市" and child("示例州市甲区", "示例州市") == "示例州市甲区"


def _write(folder: Path, rec: Record, form: str, seed: int, signature: str = "") -> Path:
    text = FORMS[form](rec, random.Random(seed)) + signature
    path = folder / f"{rec.body}-{rec.year}-{seed}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _rec(body: str, year: int, seed: int, **cells) -> Record:
    rec = random_record(random.Random(seed), "2021", year=year, body=body, split_other=True, big=60)
    for name, value in cells.items():
        a = rec.applications
        a[name]["natural_person"] += value - a[name]["total"]
        a[name]["total"] = value
    return rec


def _balanced(rec: Record) -> Record:
    """Make 四、结转 balance after a change to 二、上年结转."""
    a = rec.applications
    for col in a["total"]:
        a["carried_forward"][col] = a["new_received"][col] + a["carried_over"][col] - a["total"][col]
    return rec


def test_cross_report_checks(sessions, tmp_path):
    gov, dep = "示例市示例区人民政府", "示例市示例区教育局"
    r2023 = _rec(dep, 2023, 1)
    r2024 = _balanced(_rec(dep, 2024, 2, carried_over=r2023.applications["carried_forward"]["total"] + 3))
    copy = Record.from_json(json.loads(r2024.dumps()))  # the same report again, another file, other numbers
    copy.applications["new_received"]["natural_person"] += 1
    copy.applications["new_received"]["total"] += 1
    _balanced(copy)
    g = _rec(gov, 2024, 3)
    folder = tmp_path / "reports"
    folder.mkdir()
    for k, (rec, sig) in enumerate(
        ((r2023, ""), (r2024, f"\n{dep}\n2025年2月10日\n"), (copy, ""), (g, f"\n{gov}\n2025年3月20日\n"))
    ):
        _write(folder, rec, "tab_rows", k, sig)
    with sessions() as s:
        ingest(s, [folder], local_engine(1))
        found = {
            (f.rule, f.severity): f.message
            for f in s.scalars(select(ReportFinding).where(ReportFinding.scope == "corpus"))
        }
    carry = found[("X-CARRY", "warning")]
    assert f"“上年结转”为 {r2023.applications['carried_forward']['total'] + 3}" in carry and "相差 3" in carry
    assert "数字不同" in found[("X-DUP", "warning")]
    assert f"合计 {r2024.applications['new_received']['total']}" in found[("X-SUM", "info")]
    # The department published on 10 February 2025: after 31 January. The government's
    # 20 March is within its 31 March.
    late = found[("X-LATE", "warning")]
    assert dep in late and "晚于法定期限 2025年1月31日" in late
    assert sum(1 for rule, _ in found if rule == "X-LATE") == 1


def test_a_government_and_its_departments_under_other_spellings(sessions, tmp_path):
    """洪泽区人民政府 and 淮安市洪泽区教育局 are of one region once written in full: the
    government is compared with its department (X-SUM)."""
    for k, body in enumerate(("洪泽区人民政府", "淮安市洪泽区教育局")):
        _write(tmp_path, _rec(body, 2024, 10 + k), "tab_rows", k)
    with sessions() as s:
        ingest(s, [tmp_path], local_engine(0))
        note = s.scalar(select(ReportFinding.message).where(ReportFinding.rule == "X-SUM"))
    assert note and note.startswith("洪泽区人民政府 2024 年度") and "同一地区 1 个部门" in note


def test_a_web_page_published_late(sessions, tmp_path):
    """The date a site gives its page (PubDate) is when the report was published: a
    department's page put up on 5 February is late though the report is signed in January."""
    rec = _rec("示例市示例区民政局", 2024, 5)
    html = render(rec, "html").replace(b"<head>", b'<head><meta name="PubDate" content="2025-02-05 10:00">')
    (tmp_path / "page.html").write_bytes(
        html.replace(b"</main>", "示例市示例区民政局<br>2025年1月20日</main>".encode())
    )
    with sessions() as s:
        ingest(s, [tmp_path], local_engine(0))
        report = s.scalar(select(Report))
        assert (report.record["posted"], report.record["published"]) == ("2025-02-05", "2025-01-20")
        assert report.published_on.isoformat() == "2025-02-05"
        late = s.scalar(select(ReportFinding.message).where(ReportFinding.rule == "X-LATE"))
        assert "发布于 2025年2月5日，晚于法定期限 2025年1月31日" in late
        assert queries.quality(s, queries.Filters())["late"] == 1


def _corpus(folder: Path, n: int, seed: int = 0) -> list[Record]:
    """n random consistent reports in the six text forms, as files."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    bodies = ["示例市人民政府", "示例市教育局", "示例市示例区人民政府", "示例市示例区民政局", "示例省人民政府"]
    recs = []
    forms = list(FORMS)
    for k in range(n):
        rec = random_record(
            random.Random(seed * 10_000 + k),
            year=rng.choice((2021, 2022, 2023)),
            body=f"{bodies[k % len(bodies)]}{'' if k < len(bodies) else k}",
            big=80,
        )
        (folder / f"r{k:04d}.txt").write_text(FORMS[forms[k % len(forms)]](rec, random.Random(k)), encoding="utf-8")
        recs.append(rec)
    return recs


def test_questions_answer_what_the_reports_say(sessions, tmp_path):
    recs = _corpus(tmp_path / "c", 60)
    with sessions() as s:
        tally = ingest(s, [tmp_path / "c"], local_engine(2))
        assert tally.stored == 60
        ok = {Path(r.source).name for r in s.scalars(select(Report))}
        assert len(ok) == 60
        totals = {t["year"]: t for t in queries.totals_by_year(s, queries.Filters())}
        for year in (2021, 2022, 2023):
            mine = [r for r in recs if r.year == year]
            assert totals[year]["reports"] == len(mine)
            assert totals[year]["new_received"] == sum(r.applications["new_received"]["total"] for r in mine)
            assert totals[year]["carried_forward"] == sum(r.applications["carried_forward"]["total"] for r in mine)
        shares = queries.outcomes(s, queries.Filters(year=2022))
        granted = sum(r.applications["granted"]["total"] for r in recs if r.year == 2022)
        assert shares[0]["count"] == granted
        assert abs(sum(x["share"] for x in shares) - 1) < 1e-9
        region = queries.totals_by_year(s, queries.Filters(region="示例市示例区"))
        assert sum(t["reports"] for t in region) == sum(1 for r in recs if r.body.startswith("示例市示例区"))
        level = queries.totals_by_year(s, queries.Filters(level="省"))
        assert sum(t["reports"] for t in level) == sum(1 for r in recs if r.body.startswith("示例省"))
        c = queries.corrections(s, queries.Filters(), min_count=10**9)
        assert all(x["rate"] is None for x in c)  # too few decided cases: no rate
        c = queries.corrections(s, queries.Filters(), min_count=1)
        corrected = sum(r.review_litigation["review"]["corrected"] for r in recs)
        assert c[0]["corrected"] == corrected
        # Compared one level down: the city by its own bodies and its district; within the
        # district, body by body.
        city = queries.by_region(s, queries.Filters(region="示例市"), min_count=1)
        assert city["by"] == "地区" and {r["name"] for r in city["rows"]} == {"示例市（本级）", "示例市示例区"}
        district = [r for r in recs if r.body.startswith("示例市示例区")]
        row = next(r for r in city["rows"] if r["name"] == "示例市示例区")
        assert (row["reports"], row["new_received"]) == (
            len(district),
            sum(r.applications["new_received"]["total"] for r in district),
        )
        assert row["review_rate"] == pytest.approx(
            sum(r.review_litigation["review"]["corrected"] for r in district)
            / sum(r.review_litigation["review"][c] for r in district for c in ("upheld", "corrected", "other"))
        )
        bodies = queries.by_region(s, queries.Filters(region="示例市示例区"))
        assert bodies["by"] == "机关" and sum(r["reports"] for r in bodies["rows"]) == len(district)
        assert all(r["body_id"] for r in bodies["rows"])


def test_exports(sessions, tmp_path):
    import pyarrow.parquet as pq

    from xxgk.store.export import write_export

    _corpus(tmp_path / "c", 12)
    with sessions() as s:
        ingest(s, [tmp_path / "c"], local_engine(1))
        n = s.scalar(select(func.count()).select_from(Cell))
        cells, findings, _ = write_export(s, queries.Filters(), tmp_path / "x.csv", "csv")
        assert cells == n
        rows = list(csv.DictReader((tmp_path / "x.csv").read_text(encoding="utf-8-sig").splitlines()))
        assert len(rows) == n and {"机关", "年度", "表", "行", "列", "数值"} <= set(rows[0])
        one = next(r for r in rows if r["row"] == "new_received" and r["column"] == "total")
        rec = s.scalar(select(Report).where(Report.body_name == one["机关"], Report.year == int(one["年度"])))
        assert float(one["数值"]) == rec.record["applications"]["new_received"]["total"]
        write_export(s, queries.Filters(), tmp_path / "x.parquet", "parquet")
        assert pq.read_table(tmp_path / "x.parquet").num_rows == n
        write_export(s, queries.Filters(year=2021), tmp_path / "x.xlsx", "xlsx")
        wb = load_workbook(tmp_path / "x.xlsx", read_only=True)
        assert wb.sheetnames == ["单元格", "问题"]
        assert all(r[1] == 2021 for r in list(wb["单元格"].iter_rows(values_only=True))[1:])


@pytest.mark.ray
def test_ray_engine_reads_the_same(sessions, tmp_path):
    _corpus(tmp_path / "c", 10, seed=4)
    with sessions() as s:
        tally = ingest(s, [tmp_path / "c"], ray_engine())
        assert tally.stored == 10 and tally.unreadable == 0
        assert s.scalar(select(func.count()).select_from(Report)) == 10


@pytest.mark.ray
def test_ingest_on_a_ray_cluster_started_apart(xxgk, tmp_path):
    """`xxgk ingest --engine ray --ray-address` against a cluster started by `ray start`
    (token authentication on, as Ray starts it): relative paths work, since the files'
    bytes travel with the tasks; an address where no cluster runs is a clear message."""
    import socket
    import tempfile

    from conftest import free_port

    _corpus(tmp_path / "c", 6, seed=7)
    port = free_port()
    head = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("ray")),
            "start",
            "--head",
            f"--port={port}",
            "--node-ip-address=127.0.0.1",
            "--num-cpus=1",
            "--include-dashboard=false",
            "--disable-usage-stats",
            "--block",
            f"--temp-dir={tempfile.mkdtemp(prefix='xr')}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        no_ray = {k: None for k in os.environ if k.startswith("RAY_")}
        # a process of its own: Ray's client stays connected for the life of a process
        r = xxgk(
            "ingest",
            "c",
            "--db",
            "lib.sqlite",
            "--engine",
            "ray",
            "--ray-address",
            f"127.0.0.1:{port}",
            cwd=tmp_path,
            env=no_ray,
            process=True,
        )
        assert r.returncode == 0 and "新读入 6 个文件" in r.stdout, r.stderr
    finally:
        os.killpg(head.pid, signal.SIGKILL)
        head.wait()
    from xxgk.store.db import open_db

    sessions = open_db(f"sqlite:///{tmp_path / 'lib.sqlite'}")
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Report)) == 6
        assert s.scalar(select(func.count()).select_from(File).where(File.status == "unreadable")) == 0
    sessions.kw["bind"].dispose()
    r = xxgk(
        "ingest",
        "c",
        "--db",
        "other.sqlite",
        "--engine",
        "ray",
        "--ray-address",
        f"127.0.0.1:{free_port()}",
        cwd=tmp_path,
        process=True,
        timeout=60,
    )
    assert r.returncode == 2 and "无法连接 Ray 集群" in r.stderr and "Traceback" not in r.stderr


def xxgk(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "xxgk", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw
    )


def test_killed_ingest_resumes_without_loss_or_duplicates(db_url, tmp_path):
    from xxgk.store.db import open_db

    _corpus(tmp_path / "c", 150, seed=9)
    (tmp_path / "c" / "broken.pdf").write_bytes(b"%PDF-1.7 truncated")
    p = xxgk("ingest", str(tmp_path / "c"), "--db", db_url, "--workers", "1", "--batch", "5")
    sessions = open_db(db_url)
    deadline = time.time() + 120
    while time.time() < deadline:
        with sessions() as s:
            n = s.scalar(select(func.count()).select_from(File))
        if n >= 20:
            break
        time.sleep(0.1)
    p.send_signal(signal.SIGKILL)
    p.wait()
    with sessions() as s:
        stopped_at = s.scalar(select(func.count()).select_from(File))
    assert 20 <= stopped_at < 151, "the ingest was not stopped halfway"
    r = xxgk("ingest", str(tmp_path / "c"), "--db", db_url, "--workers", "2")
    out, errs = r.communicate(timeout=300)
    assert r.returncode == 0, errs
    assert f"已在库中、跳过 {stopped_at} 个" in out
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(File)) == 151
        assert s.scalar(select(func.count(func.distinct(File.sha256)))) == 151
        assert s.scalar(select(func.count()).select_from(Report)) == 150
        assert s.scalar(select(func.count()).select_from(Cell)) == sum(
            len(cols) for r in s.scalars(select(Report)) for t in TABLES for cols in r.record[t].values()
        )
        broken = s.scalar(select(File).where(File.path.endswith("broken.pdf")))
        assert broken.status == "unreadable" and "broken.pdf" in broken.reason
    sessions.kw["bind"].dispose()


def test_query_and_export_commands(xxgk, tmp_path):
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    _corpus(tmp_path / "c", 10, seed=2)
    r = xxgk("ingest", tmp_path / "c", "--db", db)
    assert r.returncode == 0 and "新读入 10 个文件" in r.stdout
    r = xxgk("query", "totals", "outcomes", "regions", "--db", db, "--json")
    answer = json.loads(r.stdout)
    assert sum(t["reports"] for t in answer["totals"]) == 10 and len(answer["outcomes"]) == 6
    assert sum(x["reports"] for x in answer["regions"]["rows"]) == 10
    r = xxgk("query", "regions", "--db", db, "--region", "示例市")
    assert r.returncode == 0 and "按地区比较" in r.stdout and "示例市示例区" in r.stdout
    r = xxgk("query", "--db", db, "--level", "村")
    assert r.returncode == 2 and "--level" in r.stderr and "Traceback" not in r.stderr
    r = xxgk("export", "--db", db, "-o", tmp_path / "cells.parquet")
    assert r.returncode == 0 and (tmp_path / "cells-findings.parquet").exists()
    r = xxgk("ingest", tmp_path / "nowhere", "--db", db)
    assert r.returncode == 2 and "不存在" in r.stderr


@pytest.fixture(autouse=True, scope="module")
def _ray_down():
    yield
    try:
        import ray

        ray.shutdown()
    except ImportError:
        pass


def test_glued_table_two_rows_settled_by_the_next_years_report(sessions, tmp_path):
    """平潭 2019 (crawler text) prints 行政许可 as "3960181", which splits eleven ways. Its
    expected record's notes: if the 2020 report's 上一年项目数量 equals this report's 上一年
    项目数量 + 本年增/减, the only consistent splits are 行政许可 396/0/181, 其他对外管理服务事项
    10/0/153, 行政处罚 2648/0/430 and 行政事业性收费 35/0. A 2020 report that carries them on
    settles those rows — inferred, and said to be — and nothing else."""
    notes = " ".join(load(CORPUS / "pingtan-2019-crawl.expected.json")["notes"])
    settled = {"licensing": [396, 0, 181], "other_services": [10, 0, 153], "penalty": [2648, 0, 430], "fees": [35, 0]}
    for item, values in settled.items():  # the figures are the notes' own
        assert "/".join(map(str, values)) in notes, item
    rec = random_record(random.Random(7), "2019")
    rec.body, rec.year = "平潭综合实验区", 2020
    carried = {item: values[0] + values[1] for item, values in settled.items()}
    carried["enforcement"] = 99999  # carries on from no reading of "126025"
    rec.active_disclosure = {"regulations": {"made": 0, "published": 0, "total": 0}} | {
        item: {"previous": v, "change": 1, **({"decisions": 2} if item != "fees" else {})}
        for item, v in carried.items()
    }
    (tmp_path / "pingtan-2020.md").write_bytes(render(rec, "md"))
    with sessions() as s:
        ingest(s, [CORPUS / "pingtan-2019-crawl.txt", tmp_path / "pingtan-2020.md"], local_engine(1))
        report = s.scalars(select(Report).where(Report.year == 2019)).one()
        got = report.record["active_disclosure"]
        for item, values in settled.items():
            assert [v for k, v in got[item].items() if k != "amount_unit"] == values, item
            cell = s.scalars(select(Cell).where(Cell.report_id == report.id, Cell.row == item)).first()
            assert cell.where["confidence"] == "inferred" and cell.where["years"] == [2020]
        assert set(got["enforcement"].values()) == {None}  # nothing settles it: still undecided
        assert "active_disclosure.enforcement" in report.record["candidates"]
        rules = [
            (f.rule, f.cells[0].split(".")[1])
            for f in s.scalars(select(ReportFinding).where(ReportFinding.report_id == report.id))
            if f.rule.startswith("read.")
        ]
        assert sorted(r for r, item in rules if item in settled) == ["read.continuity"] * 4
        assert ("read.ambiguous", "enforcement") in rules
        again = ingest(s, [CORPUS / "pingtan-2019-crawl.txt"], local_engine(1))  # idempotent
        assert again.stored == 0
        assert len([f for f in s.scalars(select(ReportFinding).where(ReportFinding.rule == "read.continuity"))]) == 4


def test_one_report_collected_in_several_forms_counts_once(sessions, tmp_path):
    """淮安市洪泽区 2024 collected as its PDF, the text a viewer copies out of it and that
    text pasted as one line; 西城区 2020 as published and again with one figure retyped.
    Every count takes one report per body and year, the best-read file; the others are
    linked to it as copies; the copy whose figures differ stays a finding."""
    from xxgk.sample.derive import one_line, viewer_copy
    from xxgk.store.rows import doubts

    pdf = (CORPUS / "hongze-2024.pdf").read_bytes()
    (tmp_path / "hongze-2024.pdf").write_bytes(pdf)
    text = viewer_copy(pdf)
    (tmp_path / "hongze-2024-viewer.txt").write_text(text, encoding="utf-8")
    (tmp_path / "hongze-2024-line.txt").write_text(one_line(text, random.Random(1)), encoding="utf-8")
    xicheng = next(SEEDS.glob("004_*.txt"))
    printed = xicheng.read_text(encoding="utf-8")
    (tmp_path / xicheng.name).write_text(printed, encoding="utf-8")
    want = {
        "hongze": load(CORPUS / "hongze-2024.expected.json"),
        "xicheng": load(xicheng.with_suffix(".expected.json")),
    }
    assert printed.count("1518") == 1
    (tmp_path / "xicheng-retyped.txt").write_text(printed.replace("1518", "1519"), encoding="utf-8")
    with sessions() as s:
        ingest(s, [tmp_path], local_engine(0))
        years = {t["year"]: t for t in queries.totals_by_year(s, queries.Filters())}
        assert years[2024]["reports"] == 1
        assert years[2024]["new_received"] == want["hongze"]["applications"]["new_received"]["total"]
        assert years[2020]["reports"] == 1
        listed = [(r["body"], r["year"]) for r in queries.reports(s, queries.Filters(has_errors=True))]
        assert len(listed) == len(set(listed)) and ("北京市西城区人民政府", 2020) in listed
        F = report_figures.c
        rows = s.execute(
            select(Report.id, Report.source, Report.record, F.copy_of)
            .join(report_figures, F.report_id == Report.id)
            .where(F.year == 2024)
        ).all()
        assert len(rows) == 3
        counted = [r for r in rows if r.copy_of is None]
        assert len(counted) == 1 and all(r.copy_of == counted[0].id for r in rows if r is not counted[0])
        assert doubts(counted[0].record) == min(doubts(r.record) for r in rows)  # the best-read file counts
        notes = s.scalars(
            select(ReportFinding.message).where(ReportFinding.rule == "X-DUP", ReportFinding.report_id != counted[0].id)
        ).all()
        assert notes, "a copy says which file counts"
        differs = s.scalars(
            select(ReportFinding.message)
            .join(Report, Report.id == ReportFinding.report_id)
            .where(ReportFinding.rule == "X-DUP", ReportFinding.severity == "warning", Report.year == 2020)
        ).all()
        assert len(differs) == 1 and "xicheng-retyped.txt" in differs[0] and "1518 与 1519" in differs[0]
    from fastapi.testclient import TestClient

    from xxgk.web.app import create_app

    copy = next(r for r in rows if r.copy_of is not None)
    with TestClient(create_app(sessions)) as client:  # the pages say which file counts
        assert f"统计按读取更完整的 #{counted[0].id} 计" in client.get(f"/reports/{copy.id}").text
        assert "同一报告另有 2 份文件" in client.get(f"/reports/{counted[0].id}").text


def test_the_dashboards_filters_in_memory_select_what_sql_selects(sessions, tmp_path):
    """The dashboard masks the figures it keeps in memory; the command line asks the database
    with the same filters: for every filter both give the same answers."""
    import itertools

    from xxgk.store.figures import figures, load

    _corpus(tmp_path / "c", 60, seed=3)
    for k in range(8):  # reports that do not balance: errors to list worst first
        body = ("示例市示例区教育局", "示例市人民政府", "示例省人民政府")[k % 3] + str(k)
        _write(tmp_path / "c", _rec(body, 2022, 100 + k, carried_over=5 + k), "tab_rows", 100 + k)
    with sessions() as s:
        ingest(s, [tmp_path / "c"], local_engine(0))
        frame = load(s)
        assert int((frame.errors > 0).sum()) >= 5
        for region, level, year, body, errors, problem in itertools.product(
            (None, "示例市", "示例市示例区", "示例省"),
            (None, "市", "县"),
            (None, 2022),
            (None, "教育", "人民政府"),
            (False, True),
            (None, "missing", "late"),
        ):
            f = queries.Filters(region=region, level=level, year=year, body=body, has_errors=errors, problem=problem)
            kept, asked = frame.where(f), figures(s, f)
            n = s.scalar(select(func.count()).select_from(report_figures).where(*f.where()))
            assert int(kept.mask.sum()) == n == kept.quality()["reports"], f
            for answer in ("totals_by_year", "outcomes", "applicants", "quality"):
                assert getattr(kept, answer)() == getattr(asked, answer)(), (f, answer)
            assert kept.corrections(1) == asked.corrections(1) and kept.by_region(1) == asked.by_region(1), f
            assert kept.worst(20) == [r["id"] for r in queries.reports(s, f, limit=20)], f
