"""The sync wire contract (DESIGN.md §4) as a device speaks it: changes with fresh UUIDs,
pushes, and pulls page by page. For FastAPI's TestClient and for an httpx client of a real
server alike."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol, TypedDict

DEVICE = uuid.UUID("00000000-0000-4000-8000-00000000d001")
# A pull that needs more pages than this is broken, not slow.
MAX_PULL_PAGES = 10_000


class Answer(Protocol):
    @property
    def status_code(self) -> int: ...
    @property
    def text(self) -> str: ...
    def json(self) -> Any: ...


class Client(Protocol):
    """What the kit needs of a client: FastAPI's TestClient and httpx.Client both are one."""

    def post(self, url: str, *, content: str, headers: dict[str, str]) -> Answer: ...
    def get(self, url: str, *, params: dict[str, Any]) -> Answer: ...


class WireChange(TypedDict):
    """One change of a push, as app.sync.schemas.ChangeIn reads it."""

    op_id: str
    entity: str
    id: str
    base_version: int | None
    deleted: bool
    fields: dict[str, Any] | None


def change(
    entity: str,
    fields: dict[str, Any] | None,
    *,
    record_id: uuid.UUID | None = None,
    base_version: int | None = None,
    deleted: bool = False,
    op_id: uuid.UUID | None = None,
) -> WireChange:
    return {
        "op_id": str(op_id or uuid.uuid4()),
        "entity": entity,
        "id": str(record_id or uuid.uuid4()),
        "base_version": base_version,
        "deleted": deleted,
        "fields": fields,
    }


def conversation_with_quality(
    neighbourhood_id: str, theme_id: str, n: int
) -> tuple[WireChange, WireChange]:
    """What a phone pushes after an ordinary street conversation: the talk and one quality."""
    talk = change(
        "conversation",
        {
            "neighbourhood_id": neighbourhood_id,
            "occurred_at": (datetime.now(UTC) - timedelta(minutes=n)).isoformat(),
            "kind": "street",
            "place": "Speeltuin",
            "summary": f"Praatje bij de speeltuin over de straat ({n}).",
        },
    )
    quality = change(
        "discovery",
        {
            "conversation_id": talk["id"],
            "kind": "quality",
            "title": "Fietsen maken",
            "description": "Repareert fietsen voor de kinderen uit de straat.",
            "quality_type": "skill",
            "dimensions": ["hands"],
            "willingness": ["teach"],
            "themes": [theme_id],
        },
    )
    return talk, quality


def push_answer(client: Client, *changes: WireChange, device_id: uuid.UUID = DEVICE) -> Answer:
    # JSON with ASCII escapes, as many clients send it: so a test can send what UTF-8 cannot
    # carry, such as a lone surrogate ("\ud800").
    body = json.dumps({"device_id": str(device_id), "changes": list(changes)})
    return client.post("/api/sync/push", content=body, headers={"content-type": "application/json"})


def push(
    client: Client, *changes: WireChange, device_id: uuid.UUID = DEVICE
) -> list[dict[str, Any]]:
    """Push and return the answer per change; anything but 200 is an error."""
    response = push_answer(client, *changes, device_id=device_id)
    if response.status_code != 200:
        raise AssertionError(f"push answered {response.status_code}: {response.text[:300]}")
    results: list[dict[str, Any]] = response.json()["results"]
    return results


@dataclass(frozen=True)
class Pulled:
    changes: list[dict[str, Any]]
    cursor: str
    page_seconds: tuple[float, ...]


def pull(client: Client, cursor: str | None = None, limit: int = 500) -> Pulled:
    """From `cursor` (None: from the start, as a fresh device) to the end, page by page."""
    changes: list[dict[str, Any]] = []
    timings = []
    for _page in range(MAX_PULL_PAGES):
        params: dict[str, Any] = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        start = time.perf_counter()
        response = client.get("/api/sync/pull", params=params)
        timings.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise AssertionError(f"pull answered {response.status_code}: {response.text[:300]}")
        body = response.json()
        changes += body["changes"]
        cursor = body["cursor"]
        if not body["more"]:
            return Pulled(changes, str(cursor), tuple(timings))
    raise AssertionError(f"pull did not end within {MAX_PULL_PAGES} pages")


def pull_all(
    client: Client, cursor: str | None = None, limit: int = 500
) -> tuple[list[dict[str, Any]], str]:
    pulled = pull(client, cursor, limit)
    return pulled.changes, pulled.cursor
