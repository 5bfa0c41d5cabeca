"""Request-wide dependencies: settings of the running app, a form with repeated fields."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from app.config import Settings


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]


async def get_form(request: Request) -> FormData:
    """The whole form, for pages whose fields repeat per row (parsed once per request: the
    CSRF check has read it already)."""
    return await request.form()


FormDep = Annotated[FormData, Depends(get_form)]
