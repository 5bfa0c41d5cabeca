"""The bytes of attachments: one copy per team per SHA-256, uploaded in chunks that each
commit on their own, so an upload resumes from the last stored chunk after a dropped
connection, a killed server or a closed app. A file is accepted only when every chunk is there,
the hash of their bytes matches its name and the bytes are what its type says (a JPEG without
EXIF: a photo never tells where it was taken). Read and written one chunk at a time: memory
stays flat for a file of any allowed size.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

from babel.numbers import format_decimal
from sqlalchemy import delete, func, or_
from sqlmodel import Session, col, select

from app.attachments.models import ALL_MEDIA_TYPES, Attachment, FileChunk, StoredFile
from app.attachments.schemas import MAX_FILE_BYTES, FileStart, FileStatus
from app.auth.service import Principal
from app.db import SessionFactory, serialise_on, utcnow
from app.errors import AppError, NotFoundError
from app.i18n import current_locale
from app.i18n import gettext as _

CHUNK_SIZE = 1024 * 1024


class FileMissingError(AppError):
    """Chunks are missing: the answer lists them, so the phone sends exactly those."""

    status_code = 409

    def __init__(self, message: str, missing: list[int]) -> None:
        super().__init__(message)
        self.missing = missing


def _megabytes(size: int) -> str:
    return format_decimal(size / (1024 * 1024), format="0.0", locale=current_locale())


def find_file(session: Session, team_id: uuid.UUID, sha256: str) -> StoredFile | None:
    return session.exec(
        select(StoredFile).where(StoredFile.team_id == team_id, StoredFile.sha256 == sha256)
    ).first()


def received_chunks(session: Session, file_id: uuid.UUID) -> list[int]:
    return list(
        session.exec(
            select(FileChunk.position)
            .where(FileChunk.file_id == file_id)
            .order_by(col(FileChunk.position))
        )
    )


def file_status(session: Session, stored: StoredFile) -> FileStatus:
    return FileStatus(
        sha256=stored.sha256,
        size=stored.size,
        media_type=stored.media_type,
        chunk_size=stored.chunk_size,
        received=list(range(stored.chunk_count))
        if stored.complete
        else received_chunks(session, stored.id),
        complete=stored.complete,
    )


def _lock(session: Session, team_id: uuid.UUID, sha256: str) -> None:
    # Two requests for one file (a retry racing the original) take turns.
    serialise_on(session, f"file:{team_id}:{sha256}")


def _require(session: Session, principal: Principal, sha256: str) -> StoredFile:
    stored = find_file(session, principal.team.id, sha256)
    if stored is None:
        raise NotFoundError(_("Dit bestand is nog niet begonnen."))
    return stored


def team_bytes(session: Session, team_id: uuid.UUID) -> int:
    used = session.exec(
        select(func.coalesce(func.sum(StoredFile.size), 0)).where(StoredFile.team_id == team_id)
    ).one()
    return int(used)


def start_upload(
    session: Session, principal: Principal, data: FileStart, *, team_limit: int
) -> FileStatus:
    """Begin (or look up) the upload of a file; the answer says which chunks are still
    wanted. A file the team already has is never sent again."""
    team_id = principal.team.id
    if data.media_type not in ALL_MEDIA_TYPES:
        raise AppError(
            _("Dit soort bestand ({type}) kan de app niet bewaren.").format(type=data.media_type),
            415,
        )
    if data.size > MAX_FILE_BYTES:
        raise AppError(
            _("Dit bestand is {size} MB; de app bewaart bestanden tot {limit} MB.").format(
                size=_megabytes(data.size), limit=MAX_FILE_BYTES // (1024 * 1024)
            ),
            413,
        )
    _lock(session, team_id, data.sha256)
    stored = find_file(session, team_id, data.sha256)
    if stored is not None:
        if stored.size != data.size:
            raise AppError(_("Dit bestand is al begonnen met een andere grootte."), 422)
        return file_status(session, stored)
    used = team_bytes(session, team_id)
    if used + data.size > team_limit:
        raise AppError(
            _(
                "De opslag van je team is vol ({used} van {limit} MB). Een coördinator kan "
                "oude foto's en spraakmemo's opruimen."
            ).format(used=_megabytes(used), limit=_megabytes(team_limit)),
            413,
        )
    stored = StoredFile(
        team_id=team_id,
        sha256=data.sha256,
        size=data.size,
        media_type=data.media_type,
        chunk_size=CHUNK_SIZE,
        created_by_id=principal.user.id,
    )
    session.add(stored)
    session.flush()
    return file_status(session, stored)


def put_chunk(
    session: Session, principal: Principal, sha256: str, position: int, data: bytes
) -> FileStatus:
    """Store one chunk; sending it again changes nothing."""
    stored = _require(session, principal, sha256)
    if stored.complete:
        return file_status(session, stored)
    if not 0 <= position < stored.chunk_count:
        raise AppError(
            _("Stuk {n} bestaat niet: dit bestand heeft {count} stukken.").format(
                n=position, count=stored.chunk_count
            ),
            422,
        )
    expected = min(stored.chunk_size, stored.size - position * stored.chunk_size)
    if len(data) != expected:
        raise AppError(
            _("Stuk {n} hoort {expected} bytes te zijn, niet {got}.").format(
                n=position, expected=expected, got=len(data)
            ),
            422,
        )
    _lock(session, principal.team.id, sha256)
    if session.get(FileChunk, (stored.id, position)) is None:
        session.add(FileChunk(file_id=stored.id, position=position, data=data))
        session.flush()
    return file_status(session, stored)


def _chunk(session: Session, file_id: uuid.UUID, position: int) -> bytes | None:
    return session.exec(
        select(FileChunk.data).where(FileChunk.file_id == file_id, FileChunk.position == position)
    ).first()


def complete_upload(session: Session, principal: Principal, sha256: str) -> FileStatus:
    """Accept the file when all chunks are there and their hash and type hold. A file whose
    bytes do not match is discarded (committed here), so the phone starts it again."""
    stored = _require(session, principal, sha256)
    if stored.complete:
        return file_status(session, stored)
    _lock(session, principal.team.id, sha256)
    have = set(received_chunks(session, stored.id))
    missing = [p for p in range(stored.chunk_count) if p not in have]
    if missing:
        raise FileMissingError(_("Er ontbreken nog stukken van dit bestand."), missing)
    digest = hashlib.sha256()
    head = b""
    for position in range(stored.chunk_count):
        data = _chunk(session, stored.id, position) or b""
        if position == 0:
            head = data
        digest.update(data)
        del data  # not alive while the next one is read: one chunk (and the head) at a time
    problem = (
        _("De inhoud klopt niet met de hash; het bestand wordt opnieuw verstuurd.")
        if digest.hexdigest() != stored.sha256
        else content_problem(stored.media_type, head)
    )
    if problem is not None:
        session.execute(delete(FileChunk).where(col(FileChunk.file_id) == stored.id))
        session.commit()  # discarded for good, whatever the answer does
        raise AppError(problem, 422)
    stored.completed_at = utcnow()
    session.add(stored)
    session.flush()
    return file_status(session, stored)


def store_bytes(
    session: Session, team_id: uuid.UUID, data: bytes, media_type: str, actor_id: uuid.UUID | None
) -> StoredFile:
    """A whole file stored at once, by the server itself (the demo's photos): the same checks
    as an upload's completion, one copy per team per hash."""
    digest = hashlib.sha256(data).hexdigest()
    stored = find_file(session, team_id, digest)
    if stored is not None:
        return stored
    problem = content_problem(media_type, data[:CHUNK_SIZE])
    if problem is not None:
        raise AppError(problem, 422)
    stored = StoredFile(
        team_id=team_id,
        sha256=digest,
        size=len(data),
        media_type=media_type,
        chunk_size=CHUNK_SIZE,
        created_by_id=actor_id,
        completed_at=utcnow(),
    )
    session.add(stored)
    session.flush()
    for position in range(stored.chunk_count):
        chunk = data[position * CHUNK_SIZE : (position + 1) * CHUNK_SIZE]
        session.add(FileChunk(file_id=stored.id, position=position, data=chunk))
    session.flush()
    return stored


# ------------------------------------------------------------------ what the bytes must be


def content_problem(media_type: str, head: bytes) -> str | None:
    """Why these bytes are not a safe file of this type, or None. Only types the phone makes
    are accepted, each by its signature, so nothing else (a page, a script) is ever stored as
    a photo or a recording."""
    if media_type == "image/jpeg":
        if not head.startswith(b"\xff\xd8\xff"):
            return _("Dit is geen JPEG-foto.")
        if jpeg_metadata(head):
            return _(
                "Deze foto bevat nog gegevens over plaats of toestel (EXIF). De app haalt die "
                "eruit; voeg de foto opnieuw toe in de app."
            )
        return None
    signatures = {
        "audio/webm": head.startswith(b"\x1a\x45\xdf\xa3"),
        "audio/ogg": head.startswith(b"OggS"),
        "audio/mp4": head[4:8] == b"ftyp",
        "audio/aac": head[:2] in (b"\xff\xf1", b"\xff\xf9") or head.startswith(b"ADIF"),
        "audio/mpeg": head.startswith(b"ID3")
        or (len(head) > 1 and head[0] == 0xFF and head[1] >= 0xE0),
    }
    if not signatures.get(media_type, False):
        return _("Dit is geen geluidsopname van het soort {type}.").format(type=media_type)
    return None


def jpeg_metadata(head: bytes) -> bool:
    """Whether a JPEG carries EXIF or XMP (APP1) before its image data: where GPS lives."""
    position = 2
    while position + 4 <= len(head):
        if head[position] != 0xFF:
            return False  # not a marker: past the headers (or damaged), nothing more to read
        marker = head[position + 1]
        if marker in (0xD9, 0xDA):  # end of image, start of scan: the headers are over
            return False
        if marker == 0xFF or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            position += 1 if marker == 0xFF else 2
            continue
        length = int.from_bytes(head[position + 2 : position + 4], "big")
        if marker == 0xE1:
            return True
        position += 2 + length
    return False


# ------------------------------------------------------------------ reading out, and purging


def stream_chunks(
    factory: SessionFactory, file_id: uuid.UUID, chunk_size: int, start: int, end: int
) -> Iterator[bytes]:
    """Bytes start..end (inclusive), one chunk per short read transaction: a slow phone
    receiving a recording holds no connection in between."""
    for position in range(start // chunk_size, end // chunk_size + 1):
        with factory(False) as session:
            data = _chunk(session, file_id, position)
        if data is None:
            return  # erased meanwhile: the answer ends short
        offset = position * chunk_size
        if start <= offset and offset + len(data) - 1 <= end:
            yield data  # the whole chunk: a slice would copy it
        else:
            yield data[max(start - offset, 0) : end - offset + 1]


# An upload left unfinished this long was given up (the phone still holds the bytes and starts
# again if it comes back); a whole file no record ever named is kept longer, for a record
# that waits on a phone to be corrected and sent.
UNFINISHED_KEPT = timedelta(days=14)
UNNAMED_KEPT = timedelta(days=90)


def purge_stray_files(session: Session, team_id: uuid.UUID, now: datetime) -> int:
    """The nightly clean-up: files no live attachment names, past their time."""
    named = select(Attachment.sha256).where(
        Attachment.team_id == team_id, col(Attachment.deleted_at).is_(None)
    )
    stray = session.exec(
        select(StoredFile.id).where(
            StoredFile.team_id == team_id,
            col(StoredFile.sha256).not_in(named),
            or_(
                col(StoredFile.completed_at).is_(None)
                & (col(StoredFile.created_at) < now - UNFINISHED_KEPT),
                col(StoredFile.created_at) < now - UNNAMED_KEPT,
            ),
        )
    ).all()
    return _delete_files(session, list(stray))


def purge_unreferenced(session: Session, team_id: uuid.UUID, sha256s: set[str]) -> int:
    """Delete the stored files of these hashes that no live attachment of the team names."""
    if not sha256s:
        return 0
    named = set(
        session.exec(
            select(Attachment.sha256).where(
                Attachment.team_id == team_id,
                col(Attachment.sha256).in_(sha256s),
                col(Attachment.deleted_at).is_(None),
            )
        )
    )
    unnamed = session.exec(
        select(StoredFile.id).where(
            StoredFile.team_id == team_id, col(StoredFile.sha256).in_(sha256s - named)
        )
    ).all()
    return _delete_files(session, list(unnamed))


def _delete_files(session: Session, file_ids: list[uuid.UUID]) -> int:
    """Stored files and their chunks, gone; how many files."""
    if file_ids:
        session.execute(delete(FileChunk).where(col(FileChunk.file_id).in_(file_ids)))
        session.execute(delete(StoredFile).where(col(StoredFile.id).in_(file_ids)))
    return len(file_ids)
