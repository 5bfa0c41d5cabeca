"""schemathesis against the app's own OpenAPI schema, in-process: every operation, with
generated valid and invalid input, logged in as a coordinator. No 5xx, and every JSON answer
matches the schema it promises. `make fuzz` runs the long version (FUZZ_EXAMPLES)."""

from __future__ import annotations

import contextlib
import os
import re
from typing import Any

import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from schemathesis.core.result import Ok
from schemathesis.generation import GenerationMode
from sqlmodel import Session

from app.teams.models import Role
from tests.factories import login, make_conversation, make_neighbourhood, make_team, make_user

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
PATH_PARAM = re.compile(r"{(\w+)}")
CHECKS = [checks.not_a_server_error, checks.response_schema_conformance]


def test_every_operation_with_generated_input(
    app: FastAPI, client: TestClient, session: Session
) -> None:
    team = make_team(session)
    coordinator = make_user(session, team, role=Role.coordinator)
    make_conversation(session, team, coordinator, make_neighbourhood(session, team))
    session.flush()
    body = login(client, coordinator)
    headers = {
        "cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items()),
        "x-csrf-token": str(body["csrf_token"]),
        "origin": "http://testserver",
    }
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        if not isinstance(result, Ok):
            failures.append(f"the schema itself: {result}")
            continue
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(result.ok(), mode, headers, failures)
    assert operations > 30
    assert not failures, "\n".join(failures)


def _fuzz(
    operation: Any, mode: GenerationMode, headers: dict[str, str], failures: list[str]
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:
            failures.append(f"{operation.label} [{mode.value}]: {str(exc)[:400]}")
            raise

    with contextlib.suppress(Exception, BaseExceptionGroup):  # recorded in `failures`
        run()


def test_every_path_parameter_is_declared_with_its_type(app: FastAPI) -> None:
    """Client generators and API tools refuse a document whose paths name parameters it does
    not declare (schemathesis: "Path parameter 'person_id' is not defined")."""
    document = app.openapi()
    checked = 0
    for path, operations in document["paths"].items():
        named = set(PATH_PARAM.findall(path))
        for method, operation in operations.items():
            declared = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "path"}
            assert set(declared) == named, (method, path, sorted(declared))
            for name, parameter in declared.items():
                assert parameter["required"] is True, (method, path, name)
                if name.endswith("_id") and name != "revision_id":
                    assert parameter["schema"].get("format") == "uuid", (method, path, name)
                checked += 1
    assert checked > 15
