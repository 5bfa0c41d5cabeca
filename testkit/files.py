"""Files as a phone makes and sends them, for tests and benchmarks: a JPEG with or without GPS
in its EXIF, a recording's bytes, and the resumable upload of app.attachments (start, the
chunks still wanted, complete)."""

from __future__ import annotations

import hashlib
import io
import os
from typing import Any, Protocol

WEBM_MAGIC = b"\x1a\x45\xdf\xa3"


class Answer(Protocol):
    @property
    def status_code(self) -> int: ...
    def json(self) -> Any: ...


class Client(Protocol):
    def post(self, url: str, *, json: Any = ...) -> Answer: ...
    def put(self, url: str, *, content: bytes, headers: dict[str, str]) -> Answer: ...


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def recording(size: int, seed: int = 0) -> bytes:
    """Bytes that pass for a WebM recording: its signature, then noise that does not compress."""
    noise = hashlib.shake_256(f"recording-{seed}".encode()).digest(max(size - 4, 0))
    return (WEBM_MAGIC + noise)[:size]


def jpeg(*, gps: bool, size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG photo; with `gps`, EXIF with a camera and a position (Amsterdam-Oost)."""
    from PIL import Image

    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    if not gps:
        image.save(out, "JPEG", quality=85)
        return out.getvalue()
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    gps_ifd = {1: "N", 2: (52.0, 21.0, 36.0), 3: "E", 4: (4.0, 55.0, 12.0)}
    exif[0x8825] = gps_ifd  # GPSInfo
    image.save(out, "JPEG", quality=85, exif=exif.tobytes())
    return out.getvalue()


def random_bytes(size: int) -> bytes:
    return os.urandom(size)


def upload(client: Client, data: bytes, media_type: str = "audio/webm") -> dict[str, Any]:
    """The phone's upload: start, send only the chunks the server still wants, complete.
    Returns the final status; raises on any answer but the expected ones."""
    digest = sha256(data)
    started = client.post(
        "/api/files", json={"sha256": digest, "size": len(data), "media_type": media_type}
    )
    assert started.status_code == 200, started.json()
    status: dict[str, Any] = started.json()
    if status["complete"]:
        return status
    step = status["chunk_size"]
    have = set(status["received"])
    for position in range(-(-len(data) // step)):
        if position in have:
            continue
        sent = client.put(
            f"/api/files/{digest}/chunks/{position}",
            content=data[position * step : (position + 1) * step],
            headers={"content-type": "application/octet-stream"},
        )
        assert sent.status_code == 200, sent.json()
    done = client.post(f"/api/files/{digest}/complete")
    assert done.status_code == 200, done.json()
    result: dict[str, Any] = done.json()
    return result
