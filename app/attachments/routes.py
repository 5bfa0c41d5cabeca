"""The attachments' bytes: resumable uploads for phones (/api/files, wire contract in
ARCHITECTURE.md) and the team's downloads (/bestanden/{id}) for pages and players."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse

from app.attachments.downloads import Download, open_download
from app.attachments.files import (
    FileMissingError,
    complete_upload,
    file_status,
    find_file,
    put_chunk,
    start_upload,
)
from app.attachments.schemas import FileMissing, FileStart, FileStatus
from app.auth.dependencies import PrincipalDep, require_form_csrf
from app.db import SessionDep
from app.dependencies import SettingsDep
from app.devices.routes import device_not_revoked
from app.errors import NotFoundError
from app.i18n import gettext as _

router = APIRouter(
    prefix="/api/files",
    dependencies=[Depends(device_not_revoked), Depends(require_form_csrf)],
)
downloads_router = APIRouter()

Sha256Path = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", min_length=64, max_length=64)]
ERRORS = {
    404: {"description": "Het team heeft (nog) geen bestand met deze hash."},
    413: {"description": "Groter dan 25 MB, of de opslag van het team is vol."},
    415: {"description": "Dit soort bestand bewaart de app niet."},
    422: {"description": "Grootte, stuk of inhoud klopt niet (de inhoud is dan weggegooid)."},
}


@router.post("", response_model=FileStatus, responses={413: ERRORS[413], 415: ERRORS[415]})
def start(
    body: FileStart, session: SessionDep, principal: PrincipalDep, settings: SettingsDep
) -> FileStatus:
    status = start_upload(session, principal, body, team_limit=settings.team_storage_bytes)
    session.commit()
    return status


@router.get("/{sha256}", response_model=FileStatus, responses={404: ERRORS[404]})
def status(sha256: Sha256Path, session: SessionDep, principal: PrincipalDep) -> FileStatus:
    stored = find_file(session, principal.team.id, sha256)
    if stored is None:
        raise NotFoundError(_("Dit bestand is nog niet begonnen."))
    return file_status(session, stored)


@router.put(
    "/{sha256}/chunks/{position}",
    response_model=FileStatus,
    responses={404: ERRORS[404], 422: ERRORS[422]},
)
def chunk(
    sha256: Sha256Path,
    position: Annotated[int, Path(ge=0, le=10_000)],
    session: SessionDep,
    principal: PrincipalDep,
    # Optional, so that a chunk sent empty is answered for what it is (422), after the file.
    data: Annotated[bytes, Body(media_type="application/octet-stream")] = b"",
) -> FileStatus:
    status = put_chunk(session, principal, sha256, position, data)
    session.commit()  # acknowledged only once stored: the phone never skips a lost chunk
    return status


@router.post(
    "/{sha256}/complete",
    response_model=FileStatus,
    responses={404: ERRORS[404], 409: {"model": FileMissing}, 422: ERRORS[422]},
)
def complete(sha256: Sha256Path, session: SessionDep, principal: PrincipalDep) -> Response:
    try:
        status = complete_upload(session, principal, sha256)
    except FileMissingError as exc:
        body = FileMissing(detail=exc.message, missing=exc.missing)
        return JSONResponse(body.model_dump(), status_code=409)
    session.commit()
    return JSONResponse(status.model_dump())


@downloads_router.get("/bestanden/{attachment_id}", response_class=StreamingResponse)
def download(
    request: Request,
    attachment_id: uuid.UUID,
    session: SessionDep,
    principal: PrincipalDep,
) -> Response:
    found: Download = open_download(session, principal, attachment_id, request.headers.get("range"))
    return StreamingResponse(
        found.stream(request.app.state.session_factory),
        status_code=found.status_code,
        media_type=found.media_type,
        headers=found.headers,
    )
