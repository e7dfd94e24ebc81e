"""The register's REST API, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from xxgk.register import service
from xxgk.store.accounts import add_user
from xxgk.web.app import create_app


def login(client: TestClient, username: str, password: str) -> dict:
    r = client.post("/api/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


@pytest.fixture
def api(sessions):
    """A client logged in as 张科员, an officer of 示例区教育局; an admin is also there."""
    with sessions() as s:
        body = service.add_body(s, "示例区教育局")
        add_user(s, "zhang", "zhang-password", "officer", name="张科员", body=body)
        add_user(s, "admin", "admin-password", "admin", name="管理员")
    with TestClient(create_app(sessions)) as c:
        c.headers.update(login(c, "zhang", "zhang-password"))
        yield c


def _new(api, **kw) -> dict:
    body = api.get("/api/bodies").json()[0]
    r = api.post(
        "/api/applications",
        json={
            "body_id": body["id"],
            "received": "2025-09-30",
            "applicant_name": "王小明",
            "applicant_contact": "13812345678",
            "content": "学区划分",
            **kw,
        },
    )
    assert r.status_code == 201, r.text
    return r.json()


def test_register_an_application_and_follow_its_deadline(api):
    app = _new(api)
    assert app["due_on"] == "2025-11-04" and app["version"] == 1
    r = api.post(
        f"/api/applications/{app['id']}/events",
        json={"kind": "extension_approved", "on": "2025-10-28", "data": {"approver": "李主任"}, "version": 1},
    )
    assert r.status_code == 201, r.text
    # 20 more working days after Tue 4 Nov 2025: 5–7 = 1–3; 10–14 = 4–8; 17–21 = 9–13;
    # 24–28 = 14–18; Mon 1, Tue 2 Dec = 19, 20.
    assert r.json()["due_on"] == "2025-12-02"
    r = api.post(
        f"/api/applications/{app['id']}/events",
        json={"kind": "answered", "on": "2025-11-20", "data": {"outcome": "partially_granted"}, "version": 2},
    )
    got = r.json()
    assert (got["status"], got["outcome"], got["version"]) == ("answered", "partially_granted", 3)
    assert [e["recorded_by"] for e in got["events"]] == ["张科员（zhang）"] * 3
    steps = api.get(f"/api/applications/{app['id']}/deadline").json()["steps"]
    assert any("李主任" in s["text"] for s in steps)


def test_a_stale_version_gets_409_with_the_current_one(api):
    app = _new(api)
    ok = api.patch(f"/api/applications/{app['id']}", json={"version": 1, "changes": {"content": "学区划分方案"}})
    assert ok.status_code == 200
    stale = api.patch(f"/api/applications/{app['id']}", json={"version": 1, "changes": {"applicant_type": "research"}})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2 and "已被他人修改" in stale.json()["detail"]
    retry = api.patch(f"/api/applications/{app['id']}", json={"version": 2, "changes": {"applicant_type": "research"}})
    assert retry.status_code == 200
    got = retry.json()
    assert (got["content"], got["applicant_type"], got["version"]) == ("学区划分方案", "research", 3)


def test_personal_data_only_when_asked(api):
    app = _new(api)
    for text in (
        api.get(f"/api/applications/{app['id']}").text,
        api.get("/api/applications?today=2025-10-01").text,
        str(app),
    ):
        assert "王小明" not in text and "13812345678" not in text
    full = api.get(f"/api/applications/{app['id']}", params={"personal": "true"}).json()
    assert full["applicant_name"] == "王小明" and full["applicant_contact"] == "13812345678"


def test_errors_are_statuses_with_chinese_messages(api):
    app = _new(api)
    r = api.get("/api/applications/999")
    assert r.status_code == 404 and "没有编号为 999 的申请" in r.json()["detail"]
    r = api.post(f"/api/applications/{app['id']}/events", json={"kind": "correction_received", "on": "2025-10-09"})
    assert r.status_code == 422 and "尚未发出补正告知" in r.json()["detail"]
    r = api.post("/api/applications", json={"body_id": app["id"], "received": "2025-09-30", "applicant_type": "外星人"})
    assert r.status_code == 422 and "申请人类型" in r.json()["detail"]
    r = api.get("/api/deadline", params={"received": "2026-12-20"})
    assert r.status_code == 422 and "2027" in r.json()["detail"]


def test_calculators_need_no_registration(api):
    r = api.get(
        "/api/deadline",
        params={
            "received": "2024-09-27",
            "correction_requested": "2024-09-30",
            "correction_received": "2024-10-10",
            "extended": "true",
            "paused": "2024-10-28:2024-11-08",
        },
    )
    assert r.json()["due"] == "2024-12-18"
    assert api.get("/api/fee", params={"pages": 250}).json()["amount"] == 4700


def test_report_from_the_register(api):
    app = _new(api)
    body_id = api.get("/api/bodies").json()[0]["id"]
    api.post(
        f"/api/applications/{app['id']}/events",
        json={"kind": "answered", "on": "2025-10-20", "data": {"outcome": "granted"}},
    )
    rec = api.get(f"/api/bodies/{body_id}/report/2025").json()
    assert rec["applications"]["granted"]["natural_person"] == 1
    assert [f["rule"] for f in rec["findings"]] == ["missing.table"]
    refused = api.get(f"/api/bodies/{body_id}/report/2025", params={"to": "docx"})
    assert refused.status_code == 409 and refused.json()["findings"][0]["rule"] == "missing.table"
    figures = {
        "regulations": {"issued": 1, "repealed": 0, "in_force": 3},
        "normative_documents": {"issued": 0, "repealed": 0, "in_force": 2},
        "licensing": {"decisions": 10},
        "penalty": {"decisions": 2},
        "enforcement": {"decisions": 0},
        "fees": {"amount": 0},
    }
    assert api.put(f"/api/bodies/{body_id}/figures/2025", json=figures).status_code == 200
    refused = api.get(f"/api/bodies/{body_id}/report/2025", params={"to": "docx"})  # balanced, not written
    assert refused.status_code == 409 and {f["rule"] for f in refused.json()["findings"]} == {"missing.section"}
    for section in ("overview", "problems", "other"):
        assert api.put(f"/api/bodies/{body_id}/text/2025/{section}", json={"text": "无。"}).status_code == 200
    assert api.put(f"/api/bodies/{body_id}/text/2025/tables", json={"text": "x"}).status_code == 422
    docx = api.get(f"/api/bodies/{body_id}/report/2025", params={"to": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_reviews_feed_table_four(api):
    app = _new(api)
    body_id = api.get("/api/bodies").json()[0]["id"]
    r = api.post(
        "/api/reviews",
        json={"body_id": body_id, "kind": "review", "filed_on": "2025-12-01", "application_id": app["id"]},
    ).json()
    d = api.patch(f"/api/reviews/{r['id']}", json={"result": "corrected", "decided_on": "2025-12-20", "version": 1})
    assert d.json()["version"] == 2
    stale = api.patch(f"/api/reviews/{r['id']}", json={"result": "upheld", "decided_on": "2025-12-21", "version": 1})
    assert stale.status_code == 409
    table = api.get(f"/api/bodies/{body_id}/report/2025").json()["review_litigation"]
    assert table["review"] == {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1}


def test_calendar_entries_recompute_through_the_api(api, monkeypatch):
    monkeypatch.setenv("XXGK_TODAY", "2026-12-20")  # the scenario's today
    app = _new(api, received="2026-12-15")
    assert app["due_on"] is None and "2027" in app["deadline_error"]
    assert api.put("/api/calendar/years/2027").status_code == 403  # the calendar is the admin's
    admin = login(api, "admin", "admin-password")
    api.put("/api/calendar/days/2027-01-01", json={"workday": False, "note": "元旦"}, headers=admin)
    assert api.put("/api/calendar/years/2027", headers=admin).json() == {"recomputed": 1}
    assert api.get(f"/api/applications/{app['id']}").json()["due_on"] == "2027-01-13"


def test_openapi_documents_the_register(api):
    paths = api.get("/openapi.json").json()["paths"]
    assert {"/api/applications", "/api/applications/{app_id}/events", "/api/deadline"} <= set(paths)


def test_calls_need_a_login_except_the_calculators(api):
    anonymous = {"Authorization": ""}
    assert api.get("/api/applications", headers=anonymous).status_code == 401
    assert api.post("/api/bodies", json={"name": "某局"}, headers=anonymous).status_code == 401
    assert api.get("/api/fee", params={"pages": 10}, headers=anonymous).status_code == 200
    for absurd in (
        {"earlier": 934434011618143},
        {"earlier": 300000000},
        {"pages": 10**13},
        {"earlier": 0, "requests": 10**9},
    ):
        assert api.get("/api/fee", params=absurd, headers=anonymous).status_code == 422, absurd
    assert api.post("/api/login", json={"username": "zhang", "password": "wrong"}).status_code == 401


def test_an_officer_reaches_only_their_own_bodys_register(api, sessions):
    """Another body's application by id is answered 404, as if it did not exist; so is
    registering one for that body or recording an event on it."""
    with sessions() as s:
        other = service.add_body(s, "示例区卫生健康委员会")
        add_user(s, "li", "li-password", "officer", name="李科员", body=other)
        other_id = other.id
    li = login(api, "li", "li-password")
    theirs = api.post("/api/applications", json={"body_id": other_id, "received": "2025-09-30"}, headers=li).json()
    mine = _new(api)
    assert api.get(f"/api/applications/{theirs['id']}").status_code == 404
    assert api.get(f"/api/applications/{theirs['id']}/deadline").status_code == 404
    assert (
        api.post(
            f"/api/applications/{theirs['id']}/events",
            json={"kind": "answered", "on": "2025-10-09", "data": {"outcome": "granted"}},
        ).status_code
        == 404
    )
    assert api.post("/api/applications", json={"body_id": other_id, "received": "2025-09-30"}).status_code == 404
    assert [a["id"] for a in api.get("/api/applications", params={"today": "2025-10-01"}).json()] == [mine["id"]]
    assert [b["name"] for b in api.get("/api/bodies").json()] == ["示例区教育局"]
    assert api.post("/api/bodies", json={"name": "某局"}).status_code == 403
    admin = login(api, "admin", "admin-password")
    assert api.get(f"/api/applications/{theirs['id']}", headers=admin).status_code == 200


def test_an_event_costs_few_statements(api, sessions):
    """Recording an event reads the caller, the application (once), its events and the
    rules, writes the row and the event, and reads the view it answers with: 9 statements
    (12 when the access check read a whole view it threw away, and the application was
    read again after the write)."""
    from sqlalchemy import event

    app = _new(api)
    said: list[str] = []

    def count(conn, cursor, statement, *_):
        said.append(statement)

    engine = sessions.kw["bind"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        r = api.post(
            f"/api/applications/{app['id']}/events",
            json={"kind": "answered", "on": "2025-10-09", "data": {"outcome": "granted"}},
        )
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert r.status_code == 201 and r.json()["status"] == "answered", r.text
    assert len(said) <= 9, said
