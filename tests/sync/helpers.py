"""Building pushes the way a device does: fresh UUIDs for records and operations."""

from __future__ import annotations

import json
import uuid
from typing import Any

from fastapi.testclient import TestClient

DEVICE = uuid.UUID("00000000-0000-4000-8000-00000000d001")


def change(
    entity: str,
    fields: dict[str, Any] | None,
    *,
    record_id: uuid.UUID | None = None,
    base_version: int | None = None,
    deleted: bool = False,
    op_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    return {
        "op_id": str(op_id or uuid.uuid4()),
        "entity": entity,
        "id": str(record_id or uuid.uuid4()),
        "base_version": base_version,
        "deleted": deleted,
        "fields": fields,
    }


def push(
    client: TestClient, *changes: dict[str, Any], device_id: uuid.UUID = DEVICE
) -> list[dict[str, Any]]:
    # Encoded as JSON with ASCII escapes, as many clients do: so a test can send what UTF-8
    # cannot carry, such as a lone surrogate ("\ud800").
    body = json.dumps({"device_id": str(device_id), "changes": list(changes)})
    response = client.post(
        "/api/sync/push", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def pull_all(
    client: TestClient, cursor: str | None = None, limit: int = 500
) -> tuple[list[dict[str, Any]], str]:
    changes: list[dict[str, Any]] = []
    while True:
        params: dict[str, Any] = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        response = client.get("/api/sync/pull", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        changes += body["changes"]
        cursor = body["cursor"]
        if not body["more"]:
            return changes, cursor
