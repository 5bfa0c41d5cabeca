"""Two-step verification: setting it up, the second step of a login (HTML and API), single-use
codes, recovery codes, throttling, the team setting for coordinators, reset and turning off."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx2
import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.audit.models import AuditEvent
from app.auth import mfa
from app.auth.models import AuthSession, LoginAttempt, RecoveryCode, User
from app.config import Settings
from app.db import utcnow
from app.teams.models import Role, Team
from tests.factories import PASSWORD, form_token, login, make_team, make_user


def _secret_on(page: str) -> str:
    match = re.search(r'id="mfa-secret">([A-Z2-7 ]+)<', page)
    assert match, "the setup page shows the key to type"
    return match.group(1).replace(" ", "")


def _codes_on(page: str) -> list[str]:
    return re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", page)


def _code(secret: str, steps_ahead: int = 0) -> str:
    return pyotp.TOTP(secret).at(utcnow() + timedelta(seconds=30 * steps_ahead))


def enable_mfa(client: TestClient) -> tuple[str, list[str]]:
    """Set up two-step verification for the logged-in user; returns the secret and the
    recovery codes. The code used is the current one (so logins then use a later step)."""
    page = client.get("/account/tweestaps")
    assert page.status_code == 200
    secret = _secret_on(page.text)
    token = form_token(client, "/account/tweestaps")
    done = client.post(
        "/account/tweestaps/aanzetten", data={"csrf_token": token, "code": _code(secret)}
    )
    assert done.status_code == 200, done.text
    codes = _codes_on(done.text)
    assert len(codes) == mfa.RECOVERY_CODES
    return secret, codes


def password_step(client: TestClient, user: User, next_path: str = "/tocht") -> str:
    client.cookies.clear()
    token = form_token(client)
    answer = client.post(
        "/login",
        data={"csrf_token": token, "email": user.email, "password": PASSWORD, "next": next_path},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    return answer.headers["location"]


def password_step_status(client: TestClient, user: User) -> int:
    token = form_token(client)
    answer = client.post(
        "/login",
        data={"csrf_token": token, "email": user.email, "password": PASSWORD},
        follow_redirects=False,
    )
    return answer.status_code


def code_step(client: TestClient, code: str, next_path: str = "/tocht") -> httpx2.Response:
    token = form_token(client, "/login/code")
    return client.post(
        "/login/code",
        data={"csrf_token": token, "code": code, "next": next_path},
        follow_redirects=False,
    )


@pytest.fixture
def worker(session: Session) -> User:
    user = make_user(session, make_team(session))
    session.flush()
    return user


def test_setting_it_up_needs_a_right_code_and_keeps_only_sealed_and_hashed_secrets(
    client: TestClient, session: Session, worker: User
) -> None:
    login(client, worker)
    page = client.get("/account/tweestaps")
    secret = _secret_on(page.text)
    assert "<svg" in page.text  # the QR code to scan
    assert _secret_on(client.get("/account/tweestaps").text) == secret, "a reload keeps the key"
    token = form_token(client, "/account/tweestaps")
    wrong = client.post(
        "/account/tweestaps/aanzetten", data={"csrf_token": token, "code": "000000"}
    )
    assert wrong.status_code == 400
    assert "klopt niet" in wrong.text
    session.refresh(worker)
    assert worker.totp_enabled_at is None

    secret, codes = enable_mfa(client)
    session.refresh(worker)
    assert worker.totp_enabled_at is not None
    assert worker.totp_secret is not None
    assert secret not in worker.totp_secret, "the secret is encrypted at rest"
    stored = session.exec(
        select(RecoveryCode.code_hash).where(RecoveryCode.user_id == worker.id)
    ).all()
    assert len(stored) == mfa.RECOVERY_CODES
    assert not {c.replace("-", "") for c in codes} & set(stored), "only hashes are kept"
    assert session.exec(select(AuditEvent).where(col(AuditEvent.action) == "mfa.enable")).one()
    account = client.get("/account/tweestaps").text
    assert "Staat aan" in account
    assert "nog 10 herstelcodes" in account


def test_a_login_with_mfa_waits_for_the_code_and_then_gets_a_new_token(
    client: TestClient, session: Session, worker: User
) -> None:
    login(client, worker)
    secret, _codes = enable_mfa(client)

    assert password_step(client, worker).startswith("/login/code?next=%2Ftocht")
    pending = dict(client.cookies)
    # The half-done login opens nothing else.
    assert client.get("/api/session").status_code == 401
    assert client.get("/tocht", follow_redirects=False).headers["location"].startswith("/login")
    assert client.get("/login/code").status_code == 200

    wrong = code_step(client, "123456")
    assert wrong.status_code == 401
    assert "klopt niet" in wrong.text
    done = code_step(client, _code(secret, 1))
    assert done.status_code == 303
    assert done.headers["location"] == "/tocht"
    assert client.get("/api/session").status_code == 200
    # The cookie was replaced: the half-done token is worthless now.
    client.cookies.clear()
    client.cookies.update(pending)
    assert client.get("/api/session").status_code == 401


def test_a_code_counts_once(client: TestClient, session: Session, worker: User) -> None:
    login(client, worker)
    secret, _codes = enable_mfa(client)
    code = _code(secret, 1)
    password_step(client, worker)
    assert code_step(client, code).status_code == 303
    password_step(client, worker)
    again = code_step(client, code)
    assert again.status_code == 401
    assert "al gebruikt" in again.text


def test_a_recovery_code_works_once_and_is_logged(
    client: TestClient, session: Session, worker: User
) -> None:
    login(client, worker)
    _secret, codes = enable_mfa(client)
    password_step(client, worker)
    # Typed carelessly: capitals and spaces instead of the dash still count.
    assert code_step(client, codes[0].upper().replace("-", " ")).status_code == 303
    assert session.exec(
        select(AuditEvent).where(col(AuditEvent.action) == "mfa.recovery_used")
    ).one()
    assert "nog 9 herstelcodes" in client.get("/account/tweestaps").text
    password_step(client, worker)
    assert code_step(client, codes[0]).status_code == 401


def test_wrong_codes_count_as_failed_logins_and_a_password_does_not_reset_them(
    client: TestClient, session: Session, settings: Settings, worker: User
) -> None:
    login(client, worker)
    secret, _codes = enable_mfa(client)
    password_step(client, worker)
    for _attempt in range(settings.login_max_failures):
        assert code_step(client, "000000").status_code == 401
    assert code_step(client, _code(secret, 1)).status_code == 429
    # Starting over with the right password gives no fresh guesses: the login waits too.
    client.cookies.clear()
    token = form_token(client)
    again = client.post(
        "/login", data={"csrf_token": token, "email": worker.email, "password": PASSWORD}
    )
    assert again.status_code == 429


def test_the_api_takes_the_code_in_the_login_body(
    client: TestClient, session: Session, worker: User
) -> None:
    login(client, worker)
    secret, _codes = enable_mfa(client)
    client.cookies.clear()
    body = {"email": worker.email, "password": PASSWORD}
    missing = client.post("/api/session", json=body)
    assert missing.status_code == 401
    assert missing.json()["detail"]
    assert client.get("/api/session").status_code == 401
    ok = client.post("/api/session", json=body | {"code": _code(secret, 1)})
    assert ok.status_code == 200, ok.text
    assert client.get("/api/session").status_code == 200


def test_a_half_done_login_expires(client: TestClient, session: Session, worker: User) -> None:
    login(client, worker)
    enable_mfa(client)
    password_step(client, worker)
    pending = session.exec(
        select(AuthSession).where(col(AuthSession.mfa_stage) == mfa.STAGE_CODE)
    ).one()
    assert pending.expires_at - pending.created_at == mfa.PENDING_LIFETIME
    pending.expires_at = utcnow() - timedelta(seconds=1)
    session.add(pending)
    session.commit()
    answer = client.get("/login/code", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?verlopen=1")


def _coordinators(session: Session) -> tuple[Team, User, User, User]:
    team = make_team(session)
    lead = make_user(session, team, role=Role.coordinator)
    other = make_user(session, team, role=Role.admin)
    worker = make_user(session, team, role=Role.worker)
    session.flush()
    return team, lead, other, worker


def _require(client: TestClient, value: str) -> int:
    token = form_token(client, "/team")
    answer = client.post(
        "/team/tweestaps", data={"csrf_token": token, "require": value}, follow_redirects=False
    )
    return answer.status_code


def test_the_team_can_require_mfa_of_coordinators_and_admins(
    client: TestClient, session: Session
) -> None:
    team, lead, other, worker = _coordinators(session)
    other_client = TestClient(client.app)
    login(other_client, other)
    worker_client = TestClient(client.app)
    login(worker_client, worker)

    login(client, lead)
    assert _require(client, "ja") == 400, "not before the coordinator has it on"
    enable_mfa(client)
    assert _require(client, "ja") == 303
    session.refresh(team)
    assert team.require_mfa
    assert session.exec(select(AuditEvent).where(col(AuditEvent.action) == "team.mfa")).one()
    assert client.get("/api/session").status_code == 200

    # The admin without it is out at once; the buurtwerker goes on.
    assert other_client.get("/api/session").status_code == 401
    assert worker_client.get("/api/session").status_code == 200
    # The admin's next login: set it up first.
    assert (
        other_client.post(
            "/api/session", json={"email": other.email, "password": PASSWORD}
        ).status_code
        == 403
    )
    assert password_step(other_client, other).startswith("/login/tweestaps-instellen")
    assert other_client.get("/tocht", follow_redirects=False).status_code == 303
    setup = other_client.get("/login/tweestaps-instellen")
    assert setup.status_code == 200
    secret = _secret_on(setup.text)
    token = form_token(other_client, "/login/tweestaps-instellen")
    done = other_client.post(
        "/login/tweestaps-instellen",
        data={"csrf_token": token, "code": _code(secret), "next": "/tocht"},
    )
    assert done.status_code == 200
    assert len(_codes_on(done.text)) == mfa.RECOVERY_CODES
    assert other_client.get("/api/session").status_code == 200

    # Required means it cannot be turned off.
    token = form_token(other_client, "/account/tweestaps")
    refused = other_client.post(
        "/account/tweestaps/uitzetten", data={"csrf_token": token, "code": _code(secret, 1)}
    )
    assert refused.status_code == 403


def turn_off(client: TestClient, code: str, password: str = PASSWORD) -> httpx2.Response:
    token = form_token(client, "/account/tweestaps")
    return client.post(
        "/account/tweestaps/uitzetten",
        data={"csrf_token": token, "password": password, "code": code},
        follow_redirects=False,
    )


def new_recovery_codes(client: TestClient, code: str) -> httpx2.Response:
    token = form_token(client, "/account/tweestaps")
    return client.post("/account/tweestaps/herstelcodes", data={"csrf_token": token, "code": code})


def test_turning_it_off_takes_the_password_and_a_code(
    client: TestClient, session: Session, worker: User
) -> None:
    login(client, worker)
    secret, _codes = enable_mfa(client)
    wrong = turn_off(client, "1")
    assert wrong.status_code == 400
    assert wrong.template.name == "auth/mfa_account.html"  # type: ignore[attr-defined]
    off = turn_off(client, _code(secret, 1))
    assert off.status_code == 303
    session.refresh(worker)
    assert worker.totp_secret is None
    assert not session.exec(select(RecoveryCode).where(RecoveryCode.user_id == worker.id)).all()
    assert password_step(client, worker) == "/tocht"


def test_a_coordinator_resets_a_teammate_who_lost_everything(
    client: TestClient, session: Session
) -> None:
    _team, lead, _other, worker = _coordinators(session)
    other_client = TestClient(client.app)
    login(other_client, worker)
    enable_mfa(other_client)
    session.refresh(worker)
    assert worker.totp_enabled_at is not None

    login(client, lead)
    token = form_token(client, "/team")
    assert "Tweestaps resetten" in client.get("/team").text
    reset = client.post(
        f"/team/leden/{worker.id}/tweestaps-resetten",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert reset.status_code == 303
    session.refresh(worker)
    assert worker.totp_secret is None
    assert other_client.get("/api/session").status_code == 401, "their logins ended"
    assert session.exec(select(AuditEvent).where(col(AuditEvent.action) == "mfa.reset")).one()

    # A buurtwerker cannot reset anyone.
    login(other_client, worker)
    token = form_token(other_client, "/account/tweestaps")
    refused = other_client.post(
        f"/team/leden/{lead.id}/tweestaps-resetten", data={"csrf_token": token}
    )
    assert refused.status_code == 403


def test_a_changed_server_key_gives_a_clear_answer(session: Session, settings: Settings) -> None:
    user = make_user(session, make_team(session))
    session.flush()
    secret = mfa.start_setup(session, settings, user)
    mfa.confirm_setup(session, settings, user, pyotp.TOTP(secret).now())
    moved = settings.model_copy(update={"secret_key": "another-secret-key-entirely"})
    with pytest.raises(mfa.MfaError, match="coördinator"):
        mfa.verify(session, moved, user, pyotp.TOTP(secret).now())


def test_one_recovery_code_without_the_password_does_not_turn_it_off(
    client: TestClient, session: Session, worker: User
) -> None:
    login(client, worker)
    _secret, codes = enable_mfa(client)
    without = turn_off(client, codes[0], password="")
    assert without.status_code == 400
    assert "Vul je wachtwoord in." in without.text
    wrong = turn_off(client, codes[0], password="niet-mijn-wachtwoord")
    assert wrong.status_code == 400
    assert "Dit wachtwoord klopt niet." in wrong.text
    session.refresh(worker)
    assert mfa.is_enabled(worker)
    assert mfa.recovery_codes_left(session, worker) == mfa.RECOVERY_CODES, "no code was used"
    # With the password, the recovery code does it (the phone may be gone).
    assert turn_off(client, codes[0]).status_code == 303
    session.refresh(worker)
    assert not mfa.is_enabled(worker)


def test_wrong_codes_for_turning_it_off_are_throttled_like_the_login(
    client: TestClient, session: Session, settings: Settings, worker: User
) -> None:
    login(client, worker)
    secret, _codes = enable_mfa(client)
    for _attempt in range(settings.login_max_failures):
        assert turn_off(client, "000000").status_code == 400
    throttled = turn_off(client, _code(secret, 1))
    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) > 0
    assert "Te veel mislukte pogingen" in throttled.text
    session.refresh(worker)
    assert mfa.is_enabled(worker)
    # The account's login waits as well: the guesses were the login's guesses.
    client.cookies.clear()
    assert password_step_status(client, worker) == 429


def test_wrong_passwords_for_turning_it_off_count_as_failures(
    client: TestClient, session: Session, settings: Settings, worker: User
) -> None:
    login(client, worker)
    secret, _codes = enable_mfa(client)
    for _attempt in range(settings.login_max_failures):
        assert (
            turn_off(client, _code(secret, 1), password="niet-mijn-wachtwoord").status_code == 400
        )
    assert turn_off(client, _code(secret, 1)).status_code == 429


def test_wrong_codes_for_new_recovery_codes_are_throttled_like_the_login(
    client: TestClient, session: Session, settings: Settings, worker: User
) -> None:
    login(client, worker)
    secret, _codes = enable_mfa(client)
    for _attempt in range(settings.login_max_failures):
        wrong = new_recovery_codes(client, "000000")
        assert wrong.status_code == 400
        assert "klopt niet" in wrong.text
    throttled = new_recovery_codes(client, _code(secret, 1))
    assert throttled.status_code == 429
    assert throttled.template.name == "auth/mfa_account.html"  # type: ignore[attr-defined]
    assert not _codes_on(throttled.text)
    assert mfa.recovery_codes_left(session, worker) == mfa.RECOVERY_CODES, "the old ones stay"


def test_new_recovery_codes_for_a_right_code(
    client: TestClient, session: Session, worker: User
) -> None:
    login(client, worker)
    secret, codes = enable_mfa(client)
    answer = new_recovery_codes(client, _code(secret, 1))
    assert answer.status_code == 200
    fresh = _codes_on(answer.text)
    assert len(fresh) == mfa.RECOVERY_CODES
    assert not set(fresh) & set(codes)


def test_an_empty_code_at_the_login_just_asks_for_the_code(
    client: TestClient, session: Session, settings: Settings, worker: User
) -> None:
    login(client, worker)
    enable_mfa(client)
    password_step(client, worker)
    for _attempt in range(settings.login_max_failures + 1):
        empty = code_step(client, "  ")
        assert empty.status_code == 401
        assert "Vul de code van zes cijfers uit je app in." in empty.text
        assert "herstelcode klopt niet" not in empty.text
    failures = session.exec(
        select(LoginAttempt).where(
            col(LoginAttempt.email) == worker.email, col(LoginAttempt.succeeded).is_(False)
        )
    ).all()
    assert failures == [], "asking again is no failed guess"


@pytest.mark.parametrize("code", ["²²²²²²", "١٢٣٤٥٦", "１２３４５６"])
def test_a_code_of_other_digits_is_a_wrong_code_not_a_500(
    client: TestClient, session: Session, worker: User, code: str
) -> None:
    login(client, worker)
    enable_mfa(client)
    password_step(client, worker)
    answer = code_step(client, code)
    assert answer.status_code == 401
    assert "klopt niet" in answer.text
