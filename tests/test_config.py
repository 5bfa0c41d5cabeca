import pytest
from pydantic import ValidationError

from app.config import DEFAULT_SECRET_KEY, Environment, Settings


def test_production_refuses_the_default_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("APP_SECRET_KEY", raising=False)
    with pytest.raises(ValidationError, match="APP_SECRET_KEY"):
        Settings(env=Environment.production)


def test_settings_are_read_from_app_prefixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("APP_SECRET_KEY", "a-long-random-production-secret")
    monkeypatch.setenv("APP_DATABASE_URL", "postgresql://db.internal/ot")
    monkeypatch.setenv("APP_SESSION_IDLE_MINUTES", "30")
    settings = Settings()
    assert settings.is_production
    assert settings.database_url == "postgresql://db.internal/ot"
    assert settings.session_idle.total_seconds() == 30 * 60
    assert settings.secret_key != DEFAULT_SECRET_KEY


def test_default_database_is_sqlite_under_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("APP_DATABASE_URL", raising=False)
    assert Settings().database_url.endswith("/data/ontdekkingstocht.db")
