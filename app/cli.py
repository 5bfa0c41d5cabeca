"""Command line: `python -m app COMMAND`. Errors are Dutch sentences and exit code 2."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence

import uvicorn
from pydantic import ValidationError
from sqlmodel import Session, select

from app.auth.models import User
from app.auth.service import create_user, disable_user, normalise_email, revoke_user_sessions
from app.config import Settings, get_settings
from app.db import UnsafeDatabaseError, check_durability, create_db_engine
from app.demo.seed import DEMO_PASSWORD, DEMO_TEAM, DEMO_USERS, seed_demo
from app.errors import AppError
from app.schema import upgrade_database
from app.teams.models import Role, Team
from app.teams.service import create_neighbourhood, create_team, get_team_by_name

KEEP_ALIVE_SECONDS = 75  # see cmd_serve


def _session(settings: Settings) -> Session:
    engine = create_db_engine(settings.database_url)
    check_durability(engine)
    return Session(engine, expire_on_commit=False)


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Wachtwoord: ")
    second = getpass.getpass("Nog een keer: ")
    if first != second:
        raise AppError("De twee wachtwoorden zijn niet gelijk.")
    return first


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> None:
    engine = create_db_engine(settings.database_url)
    upgrade_database(engine)
    check_durability(engine)
    engine.dispose()
    print("Database is bijgewerkt.")


def cmd_create_team(args: argparse.Namespace, settings: Settings) -> None:
    with _session(settings) as session:
        team = create_team(session, name=args.name)
        session.commit()
        print(f"Team '{team.name}' is aangemaakt.")


def cmd_create_neighbourhood(args: argparse.Namespace, settings: Settings) -> None:
    with _session(settings) as session:
        team = get_team_by_name(session, args.team)
        neighbourhood = create_neighbourhood(session, team, name=args.name)
        session.commit()
        print(f"Buurt '{neighbourhood.name}' is toegevoegd aan team '{team.name}'.")


def cmd_create_user(args: argparse.Namespace, settings: Settings) -> None:
    with _session(settings) as session:
        team = get_team_by_name(session, args.team)
        password = _read_password(args)
        user = create_user(
            session,
            team,
            email=args.email,
            name=args.name or "",
            password=password,
            role=Role(args.role),
        )
        session.commit()
        print(f"Account {user.email} ({args.role}) is aangemaakt in team '{team.name}'.")


def _user_by_email(session: Session, email: str) -> User:
    user = session.exec(select(User).where(User.email == normalise_email(email))).first()
    if user is None:
        raise AppError(f"Er is geen account met e-mailadres {email}.")
    return user


def cmd_disable_user(args: argparse.Namespace, settings: Settings) -> None:
    with _session(settings) as session:
        user = _user_by_email(session, args.email)
        disable_user(session, user)
        session.commit()
        print(f"Account {user.email} is uitgeschakeld; open sessies zijn beëindigd.")


def cmd_revoke_sessions(args: argparse.Namespace, settings: Settings) -> None:
    with _session(settings) as session:
        user = _user_by_email(session, args.email)
        count = revoke_user_sessions(session, user.id)
        session.commit()
        print(f"{count} sessie(s) van {user.email} beëindigd.")


def cmd_audit_verify(args: argparse.Namespace, settings: Settings) -> None:
    from app.audit.service import verify_chain

    with _session(settings) as session:
        report = verify_chain(session)
    if not report.ok:
        raise AppError(
            f"De auditlog is aangepast of ingekort bij gebeurtenis {report.broken_at} "
            f"(na {report.checked} goede)."
        )
    print(f"Auditlog in orde: {report.checked} gebeurtenissen, de keten is heel.")


def cmd_retention(args: argparse.Namespace, settings: Settings) -> None:
    from app.db import utcnow
    from app.people.retention import run_retention

    with _session(settings) as session:
        runs = run_retention(session, utcnow(), dry_run=args.dry_run)
        if not args.dry_run:
            session.commit()
    verb = "zou wissen" if args.dry_run else "gewist"
    for run in runs:
        print(
            f"{run.team}: {run.erased} bewoner(s) {verb}; {run.to_review} te beoordelen; "
            f"{run.stray_files} achtergebleven bestand(en) opgeruimd."
        )


def print_demo_logins(settings: Settings, host: str, port: int) -> None:
    print()
    print(f"  Ontdekkingstocht draait op http://{host}:{port}")
    print(f"  Inloggen met een demo-account van '{DEMO_TEAM}' (wachtwoord: {DEMO_PASSWORD}):")
    for user in DEMO_USERS:
        print(f"    {user.email:<28} {user.name} ({user.role.value})")
    print()


def seed_demo_if_empty(settings: Settings) -> bool:
    with _session(settings) as session:
        if session.exec(select(Team.id)).first() is not None:
            return False
        seed_demo(session)
        session.commit()
        return True


def cmd_seed_demo(args: argparse.Namespace, settings: Settings) -> None:
    if settings.is_production:
        raise AppError("Demodata is alleen voor ontwikkeling, niet met APP_ENV=production.")
    with _session(settings) as session:
        summary = seed_demo(session)
        session.commit()
    print(
        f"Demodata aangemaakt: {summary.conversations} gesprekken, "
        f"{summary.discoveries} ontdekkingen, {summary.people} bewoners."
    )
    print_demo_logins(settings, settings.host, settings.port)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> None:
    cmd_migrate(args, settings)
    if not settings.is_production:
        if seed_demo_if_empty(settings):
            print("Lege database: demodata aangemaakt.")
        with _session(settings) as session:
            demo_present = session.exec(select(Team.id).where(Team.name == DEMO_TEAM)).first()
        if demo_present is not None:
            print_demo_logins(settings, args.host or settings.host, args.port or settings.port)
    uvicorn.run(
        "app.main:app",
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers,
        proxy_headers=True,
        # Longer than the idle time of whoever reuses the connection (nginx's upstream
        # keepalive_timeout is 60 s, a phone's a few seconds): the side that closes an idle
        # connection must be the client, or a request sent just as the server closes it is
        # lost in flight (the load run saw it with uvicorn's default of 5 s).
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        log_level="info",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app", description="Ontdekkingstocht")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("migrate", help="database bijwerken naar het nieuwste schema")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("create-team", help="een team aanmaken")
    p.add_argument("name")
    p.set_defaults(func=cmd_create_team)

    p = sub.add_parser("create-neighbourhood", help="een buurt aan een team toevoegen")
    p.add_argument("name")
    p.add_argument("--team", required=True)
    p.set_defaults(func=cmd_create_neighbourhood)

    p = sub.add_parser("create-user", help="een account aanmaken")
    p.add_argument("email")
    p.add_argument("--team", required=True)
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--name", default="")
    p.add_argument("--password-stdin", action="store_true", help="wachtwoord van stdin lezen")
    p.set_defaults(func=cmd_create_user)

    p = sub.add_parser("disable-user", help="een account uitschakelen (sessies eindigen direct)")
    p.add_argument("email")
    p.set_defaults(func=cmd_disable_user)

    p = sub.add_parser("revoke-sessions", help="alle sessies van een account beëindigen")
    p.add_argument("email")
    p.set_defaults(func=cmd_revoke_sessions)

    p = sub.add_parser("audit-verify", help="de hash-keten van de auditlog controleren")
    p.set_defaults(func=cmd_audit_verify)

    p = sub.add_parser("retention", help="bewoners na de bewaartermijn wissen (dagelijks)")
    p.add_argument("--dry-run", action="store_true", help="alleen tonen, niets wissen")
    p.set_defaults(func=cmd_retention)

    p = sub.add_parser("seed-demo", help="demodata aanmaken (alleen ontwikkeling)")
    p.set_defaults(func=cmd_seed_demo)

    p = sub.add_parser("serve", help="bijwerken, demodata bij een lege database, en starten")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.add_argument(
        "--workers", type=int, default=1, help="processen (PostgreSQL; SQLite: houd 1 aan)"
    )
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace, Settings], None] = args.func
    try:
        settings = get_settings()
    except ValidationError as exc:
        print(f"Fout in de instellingen (APP_...): {exc}", file=sys.stderr)
        return 2
    try:
        func(args, settings)
    except AppError as exc:
        print(f"Fout: {exc.message}", file=sys.stderr)
        return 2
    except UnsafeDatabaseError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    return 0
