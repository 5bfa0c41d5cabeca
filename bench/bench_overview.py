"""The krachtenoverzicht of one buurt at scale: every discovery of a generated buurt is
shareable (the worst case: all of it must be assembled), and the overview is made in each
format in-process, against a bare `COUNT(*) GROUP BY` of the same rows.

The assembly (queries and privacy rules) is timed on its own, then each format is made from one
assembled overview: a download costs the two together. Time: median of the timed runs after
one warm-up. Memory: the peak of Python's heap during one more run under tracemalloc (a
separate run, as tracing slows Python down), assembly and format added up; Pango's own C
allocations (PDF) are not in it.
"""

from __future__ import annotations

import random
import statistics
import time
import tracemalloc
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, func, insert, select, update
from sqlmodel import Session, col

from app.auth.service import create_user
from app.changes.models import ChangeCounter
from app.conversations.models import (
    Conversation,
    ConversationPerson,
    Discovery,
    DiscoveryPerson,
    DiscoveryTheme,
    Visibility,
)
from app.db import READ_ONLY_OPTION, create_db_engine
from app.export import formats
from app.export.assemble import Overview, assemble
from app.export.document import document_context
from app.export.tables import tables
from app.main import install_template_globals
from app.people.models import Consent, Person
from app.schema import upgrade_database
from app.teams.models import Role
from app.teams.service import create_neighbourhood, create_team, list_themes
from app.templating import templates
from bench.bench_journey import FRAGMENTS, PASSWORD, _synced
from bench.bench_sync import batched

FORMATS = ("html", "pdf", "xlsx", "csv")
KINDS = (
    ("quality", 30),
    ("group", 8),
    ("place", 8),
    ("institution", 5),
    ("exchange", 6),
    ("story", 13),
    ("connection", 15),
    ("idea", 15),
)
FIRST_NAMES = ("Ria", "Priya", "Daan", "Gerda", "Lotte", "Mehmet", "Kees", "Aïcha", "Yusuf")


@dataclass
class Buurt:
    engine: Engine
    team_id: uuid.UUID
    buurt_id: uuid.UUID
    discoveries: int


def generate(path: Path, discoveries: int, seed: int = 11) -> Buurt:
    """One buurt with `discoveries` shareable discoveries (two a conversation, spread over two
    years), a theme each, people linked to qualities and ideas, a third of them named and half
    of those with consent to be named in an overview."""
    rng = random.Random(seed)
    engine = create_db_engine(f"sqlite:///{path}")
    upgrade_database(engine)
    with Session(engine) as session:
        team = create_team(session, name=f"Overzicht {path.stem}")
        user = create_user(
            session,
            team,
            email=f"bench-{uuid.uuid4().hex[:8]}@example.org",
            name="Bench",
            password=PASSWORD,
            role=Role.coordinator,
        )
        buurt = create_neighbourhood(session, team, name="Oosterpark")
        theme_ids = [t.id for t in list_themes(session, team.id)]
        session.commit()
        team_id, user_id, buurt_id = team.id, user.id, buurt.id
    now = datetime.now(UTC)
    seq = 1000
    people = max(30, discoveries * 3 // 10)
    person_ids = [uuid.uuid4() for _ in range(people)]
    kinds = [k for k, weight in KINDS for _ in range(weight)]
    with engine.begin() as connection:
        person_rows, consent_rows = [], []
        for n, person_id in enumerate(person_ids):
            seq += 1
            named = n % 3 == 0
            person_rows.append(
                _synced(team_id, user_id, seq, now)
                | {
                    "id": person_id,
                    "pseudonym": f"B-{n:06d}",
                    "first_name": rng.choice(FIRST_NAMES) if named else None,
                    "recognition": "",
                    "street": "",
                    "is_connector": n % 50 == 0,
                    "neighbourhood_id": buurt_id,
                    "last_contact_at": now,
                }
            )
            if named:
                scopes = ["store_name", "share_in_team"]
                if n % 2 == 0:
                    scopes.append("name_in_overview")
                consent_rows.append(
                    {
                        "id": uuid.uuid4(),
                        "team_id": team_id,
                        "person_id": person_id,
                        "scopes": scopes,
                        "how": "mondeling",
                        "recorded_at": now,
                        "recorded_by_id": user_id,
                    }
                )
        for rows in batched(person_rows, 2000):
            connection.execute(insert(Person), rows)
        for rows in batched(consent_rows, 2000):
            connection.execute(insert(Consent), rows)
        talks: list[dict[str, object]] = []
        found: list[dict[str, object]] = []
        themes: list[dict[str, object]] = []
        linked: list[dict[str, object]] = []
        met: list[dict[str, object]] = []
        for n in range(discoveries // 2):
            seq += 1
            talk_id = uuid.uuid4()
            talks.append(
                _synced(team_id, user_id, seq, now)
                | {
                    "id": talk_id,
                    "neighbourhood_id": buurt_id,
                    "occurred_at": now - timedelta(minutes=(2 * 365 * 24 * 60 * n) // discoveries),
                    "kind": "street",
                    "place": "",
                    "summary": rng.choice(FRAGMENTS),
                    "unnamed_count": 1,
                    "referrals": "",
                    "prompt_ids": [],
                }
            )
            met.append({"conversation_id": talk_id, "person_id": rng.choice(person_ids)})
            for _ in range(2):
                seq += 1
                kind = rng.choice(kinds)
                discovery_id = uuid.uuid4()
                person = rng.choice(person_ids)
                row = _synced(team_id, user_id, seq, now) | {
                    "id": discovery_id,
                    "conversation_id": talk_id,
                    "kind": kind,
                    "title": rng.choice(FRAGMENTS)[:40].capitalize(),
                    "description": f"{rng.choice(FRAGMENTS).capitalize()}.",
                    "visibility": Visibility.overview.value,
                    "dimensions": [rng.choice(("head", "heart", "hands"))],
                    "willingness": [],
                    "offers": ["space"] if kind == "institution" else [],
                    "review_status": "discussed",
                    "review_note": "",
                    "highlight": rng.random() < 0.001,
                    "group_would_like": "samen iets organiseren" if kind == "group" else "",
                    "group_if_asked": "",
                    "idea_self": "zelf doen" if kind == "idea" else "",
                    "idea_little_help": "",
                    "idea_outside": "een vergunning" if kind == "idea" and n % 4 == 0 else "",
                    "status": (
                        rng.choice(("dream", "exploring", "started", "running"))
                        if kind == "idea"
                        else rng.choice(("chance", "met", "active_together"))
                        if kind == "connection"
                        else None
                    ),
                }
                connected = kind == "connection"
                row |= {  # every row has every key: one multi-row INSERT for them all
                    "from_ref_type": "person" if connected else None,
                    "from_ref_id": person if connected else None,
                    "to_ref_type": "person" if connected else None,
                    "to_ref_id": rng.choice(person_ids) if connected else None,
                    "connection_kind": "know_each_other" if connected else None,
                }
                found.append(row)
                themes.append({"discovery_id": discovery_id, "theme_id": rng.choice(theme_ids)})
                if kind in ("quality", "idea"):
                    role = "trekker" if kind == "idea" else "subject"
                    linked.append({"discovery_id": discovery_id, "person_id": person, "role": role})
        for rows in batched(talks, 2000):
            connection.execute(insert(Conversation), rows)
        for rows in batched(met, 5000):
            connection.execute(insert(ConversationPerson), rows)
        for rows in batched(found, 1000):
            connection.execute(insert(Discovery), rows)
        for rows in batched(themes, 5000):
            connection.execute(insert(DiscoveryTheme), rows)
        for rows in batched(linked, 5000):
            connection.execute(insert(DiscoveryPerson), rows)
        connection.execute(
            update(ChangeCounter).where(col(ChangeCounter.team_id) == team_id).values(last_seq=seq)
        )
    return Buurt(engine, team_id, buurt_id, len(found))


@dataclass(frozen=True)
class Measured:
    median: float
    runs: list[float]
    peak_bytes: int
    size_bytes: int


@dataclass(frozen=True)
class OverviewResult:
    discoveries: int
    count_group_by: Measured
    assembly: Measured
    # Each format made from one assembled overview; a download costs assembly + this.
    rendering: dict[str, Measured]

    def total(self, name: str) -> float:
        return self.assembly.median + self.rendering[name].median

    def peak(self, name: str) -> int:
        return self.assembly.peak_bytes + self.rendering[name].peak_bytes


def _measure(make: Callable[[], object], repeat: int) -> Measured:
    result = make()  # warm-up: caches, templates, fonts
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = make()
        runs.append(time.perf_counter() - start)
    tracemalloc.start()
    try:
        make()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = len(result) if isinstance(result, bytes | str) else 0
    return Measured(statistics.median(runs), runs, peak, size)


def measure(buurt: Buurt, repeat: int) -> OverviewResult:
    reader = buurt.engine.execution_options(**{READ_ONLY_OPTION: True})
    install_template_globals()
    with Session(reader) as session:

        def overview() -> Overview:
            return assemble(
                session, buurt.team_id, neighbourhood_ids=[buurt.buurt_id], start=None, end=None
            )

        def count_group_by() -> object:
            return session.execute(
                select(col(Discovery.kind), func.count())
                .join(Conversation, col(Conversation.id) == col(Discovery.conversation_id))
                .where(
                    col(Discovery.team_id) == buurt.team_id,
                    col(Conversation.neighbourhood_id) == buurt.buurt_id,
                    col(Discovery.deleted_at).is_(None),
                    col(Discovery.visibility) == Visibility.overview.value,
                )
                .group_by(col(Discovery.kind))
            ).all()

        baseline = _measure(count_group_by, repeat)
        assembly = _measure(overview, repeat)
        assembled = overview()

        def html() -> str:
            return templates.get_template("export/print.html").render(
                {**document_context(assembled), "for_pdf": True, "standalone": True}
            )

        # The spreadsheet and CSV read their rows while they are written (the session stays
        # open), so their own part includes those reads.
        makers: dict[str, Callable[[], object]] = {
            "html": html,
            "pdf": lambda: formats.pdf(html()),
            "xlsx": lambda: formats.xlsx(tables(assembled)),
            "csv": lambda: formats.csv_zip(tables(assembled)),
        }
        rendering = {name: _measure(make, repeat) for name, make in makers.items()}
    return OverviewResult(buurt.discoveries, baseline, assembly, rendering)
