"""Every operation of /openapi.json fed what its schema allows and what it does not
(schemathesis, bounded): no answer is a server error. Made as an admin, so that the
calls get past the login into the code that could break."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from xxgk.register import service
from xxgk.store.accounts import add_user
from xxgk.web.app import create_app


@pytest.fixture
def api_schema(db_url, tmp_path):
    from xxgk.store.db import open_db

    sessions = open_db(db_url)
    with sessions() as s:
        body = service.add_body(s, "示例市教育局")
        service.receive(s, body, service.today().replace(day=1), "natural_person", "seed", applicant_name="张三")
        add_user(s, "root", "password-123", "admin")
    app = create_app(sessions, uploads=tmp_path / "uploads")
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    sessions.kw["bind"].dispose()


def test_no_operation_answers_with_a_server_error(api_schema):
    from fastapi.testclient import TestClient

    with TestClient(api_schema.app) as c:
        token = c.post("/api/login", json={"username": "root", "password": "password-123"}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20
    broken = []
    for op in operations:

        @given(case=op.as_strategy())
        @settings(
            max_examples=25, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
        )
        def calls(case) -> None:
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        try:
            calls()
        except Exception as e:  # noqa: BLE001 - every operation is tried; all failures are listed
            broken.append(f"{op.method.upper()} {op.path}: {str(e)[:800]}")
    assert not broken, "\n\n".join(broken)
