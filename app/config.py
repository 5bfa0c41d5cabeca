"""Application settings: the only module that reads the environment."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET_KEY = "dev-only-secret-change-me"  # noqa: S105 - refused in production below
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'data' / 'ontdekkingstocht.db'}"


class Environment(StrEnum):
    development = "development"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_", env_file=None, extra="ignore")

    env: Environment = Environment.development
    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = Field(default=DEFAULT_SECRET_KEY, min_length=16)
    session_idle_minutes: int = Field(default=60 * 12, ge=1)
    session_absolute_hours: int = Field(default=24 * 14, ge=1)
    login_max_failures: int = Field(default=5, ge=1)
    login_window_minutes: int = Field(default=15, ge=1)
    # Requests using the database at once, per process (app.admission); the pool holds as many,
    # plus two for work outside requests.
    db_connections: int = Field(default=10, ge=1, le=100)
    host: str = "127.0.0.1"
    port: int = 8000
    # An id of the deployed build (e.g. the commit), part of the service worker's version.
    # Room for photos and voice notes per team (app.attachments.files), in MB.
    team_storage_mb: int = Field(default=2048, ge=1)
    build_id: str = Field(default="", max_length=40, pattern=r"^[A-Za-z0-9._-]*$")

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Self:
        if self.is_production and self.secret_key == DEFAULT_SECRET_KEY:
            raise ValueError(
                "APP_SECRET_KEY must be set to a long random value when APP_ENV=production"
            )
        return self

    @property
    def is_production(self) -> bool:
        return self.env is Environment.production

    @property
    def team_storage_bytes(self) -> int:
        return self.team_storage_mb * 1024 * 1024

    @property
    def session_idle(self) -> timedelta:
        return timedelta(minutes=self.session_idle_minutes)

    @property
    def session_absolute(self) -> timedelta:
        return timedelta(hours=self.session_absolute_hours)

    @property
    def login_window(self) -> timedelta:
        return timedelta(minutes=self.login_window_minutes)


@lru_cache
def get_settings() -> Settings:
    return Settings()
