"""`make demo`'s job: sample reports read and checked, then the web application served on
a demo database, with the address and the demo logins printed."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlencode

from conftest import free_port, wait_until_served


def test_the_demo_serves_the_web_application_and_its_logins_work(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "xxgk", "demo", "--out", str(tmp_path / "demo"), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200"},
    )
    try:
        printed = []
        deadline = time.time() + 240
        while time.time() < deadline:
            line = proc.stdout.readline()
            assert line or proc.poll() is None, "".join(printed)
            printed.append(line)
            if "网页已启动" in line:
                break
        text = "".join(printed)
        assert f"http://127.0.0.1:{port}/" in text and "Traceback" not in text
        login = re.search(r"密码均为 (\S+?)）", text).group(1)
        assert "officer" in text and "admin" in text and "supervisor" in text
        base = f"http://127.0.0.1:{port}"
        assert wait_until_served(base)
        dashboard = urllib.request.urlopen(f"{base}/dashboard").read().decode()
        reports = int(re.search(r'id="kpi-reports">(\d+)', dashboard).group(1))
        assert reports > 100
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        page = opener.open(f"{base}/login").read().decode()
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        body = urlencode({"username": "officer", "password": login, "csrf": token, "next": "/register"}).encode()
        queue = opener.open(f"{base}/login", data=body).read().decode()
        assert "依申请台账" in queue and re.search(r"全部办理中（[1-9]\d*）", queue)
    finally:
        proc.terminate()
        proc.wait(20)
