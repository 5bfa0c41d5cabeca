"""The Tocht at scale: a generated team (conversations, discoveries, people, the search index),
then the first page of the Tocht and a Dutch search, at a small and a large size, in-process
(the route, the queries and the template; no HTTP), plus the same search as an unindexed scan.

Generation uses SQLAlchemy Core and the app's own indexer (app.search.index), so the index
holds exactly what the app would have written."""

from __future__ import annotations

import random
import secrets
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, insert, or_, select, update
from sqlmodel import Session, col

from app.auth.models import AuthSession, User
from app.auth.service import Principal, create_user
from app.changes.models import ChangeCounter
from app.config import Settings
from app.conversations.models import Conversation, ConversationPerson, Discovery, DiscoveryTheme
from app.db import create_db_engine, make_session_factory
from app.journey import service as journey_service
from app.main import create_app
from app.people.models import Person
from app.schema import upgrade_database
from app.search.index import SearchDoc, index_docs
from app.search.query import matching_conversations
from app.search.text import query_terms
from app.teams.models import Role, Theme
from app.teams.models import Team as TeamRow
from app.teams.service import create_neighbourhood, create_team
from bench.bench_sync import batched

PASSWORD = secrets.token_urlsafe(18)
SEARCH = "fietsen repareren"
SCAN_WORDS = ("fiets", "repar")
PLACES = ("bij de bakker", "op het plein", "in de speeltuin", "bij de moskee", "in het park")
# Texts are two fragments out of many, so a search word is as rare as in a real log (the
# searched fragment is one in 32: about 6% of texts hold it).
FRAGMENTS = (
    "Praatje over de moestuin achter de flat",
    "hij kan goed fietsen repareren voor de kinderen uit de straat",
    "ze kookt elke vrijdag voor de halve portiek",
    "over vroeger en de autovrije zondagen",
    "de schakers bij de vijver zoeken een plek voor de winter",
    "zingt in een koor en wil een buurtkoor beginnen",
    "weet alles van de geschiedenis van de buurt",
    "helpt buren met formulieren en spreekt vier talen",
    "breit sjaals voor de hele familie",
    "repareert klokken in de schuur",
    "organiseert elk jaar de straatbarbecue",
    "geeft bijles wiskunde aan de buurkinderen",
    "verzorgt de plantenbakken op het plein",
    "fotografeert de markt elke zaterdag",
    "speelt gitaar op verjaardagen",
    "kent iedereen in de portiek bij naam",
    "wil een ruilkast bij de school",
    "loopt elke ochtend een rondje met de hond",
    "bakt taarten voor het buurthuis",
    "naait kostuums voor het toneel",
    "traint het voetbalteam van de jeugd",
    "schildert muurschilderingen met kinderen",
    "houdt bijen op het dak",
    "vertaalt brieven voor nieuwe buren",
    "knipt haar in de keuken voor een kleine prijs",
    "leest voor in de bibliotheek",
    "timmert vogelhuisjes van oud hout",
    "zet koffie voor iedereen die langs komt",
    "kent de wethouder nog van school",
    "wil een dansavond in het buurthuis",
    "maakt muziek met een oude accordeon",
    "ruimt zwerfafval op rond de speeltuin",
)
KINDS = ("quality", "idea", "group", "place", "story", "connection", "exchange", "institution")


@dataclass(frozen=True)
class Timing:
    median: float
    runs: list[float]


def _time(call: Callable[[], object], repeat: int) -> Timing:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        runs.append(time.perf_counter() - start)
    return Timing(statistics.median(runs), runs)


@dataclass
class Team:
    engine: Engine
    email: str
    team_id: uuid.UUID
    user_id: uuid.UUID
    discoveries: int
    people: int


def generate(path: Path, discoveries: int, people: int, seed: int = 7) -> Team:
    """A team of `discoveries` discoveries (two per conversation) and `people` people."""
    rng = random.Random(seed)
    engine = create_db_engine(f"sqlite:///{path}")
    upgrade_database(engine)
    email = f"bench-{uuid.uuid4().hex[:8]}@example.org"
    with Session(engine) as session:
        team = create_team(session, name=f"Bench {path.stem}")
        user = create_user(
            session, team, email=email, name="Bench", password=PASSWORD, role=Role.coordinator
        )
        buurten = [create_neighbourhood(session, team, name=f"Buurt {n}").id for n in range(4)]
        session.commit()
        team_id, user_id = team.id, user.id
        # Discoveries get themes as the app's own pick list offers them (never a special
        # category on these: the bench names nobody's health or faith).
        theme_ids = list(
            session.execute(
                select(col(Theme.id)).where(
                    col(Theme.team_id) == team_id, col(Theme.is_special_category).is_(False)
                )
            ).scalars()
        )
    now = datetime.now(UTC)
    seq = 1000
    person_ids = [uuid.uuid4() for _ in range(people)]
    conversations = discoveries // 2
    with engine.begin() as connection:
        person_rows = []
        for n, person_id in enumerate(person_ids):
            seq += 1
            person_rows.append(
                _synced(team_id, user_id, seq, now)
                | {
                    "id": person_id,
                    "pseudonym": f"B-{n:06d}",
                    "first_name": None,
                    "recognition": rng.choice(PLACES),
                    "street": "",
                    "is_connector": False,
                    "neighbourhood_id": rng.choice(buurten),
                    "last_contact_at": now - timedelta(days=rng.randrange(700)),
                }
            )
        for rows in batched(person_rows, 2000):
            connection.execute(insert(Person), rows)
        conversation_rows: list[dict[str, object]] = []
        discovery_rows: list[dict[str, object]] = []
        link_rows: list[dict[str, object]] = []
        theme_rows: list[dict[str, object]] = []
        docs: list[SearchDoc] = []
        for n in range(conversations):
            seq += 1
            conversation_id = uuid.uuid4()
            summary = f"{rng.choice(FRAGMENTS)}; {rng.choice(FRAGMENTS)}."
            conversation_rows.append(
                _synced(team_id, user_id, seq, now)
                | {
                    "id": conversation_id,
                    "neighbourhood_id": rng.choice(buurten),
                    "occurred_at": now - timedelta(minutes=37 * n),
                    "kind": "street",
                    "place": rng.choice(PLACES),
                    "summary": summary,
                    "unnamed_count": 0,
                    "referrals": "",
                    "prompt_ids": [],
                }
            )
            docs.append(
                SearchDoc(team_id, "conversation", conversation_id, conversation_id, None, summary)
            )
            link_rows.append(
                {"conversation_id": conversation_id, "person_id": rng.choice(person_ids)}
            )
            for _ in range(2):
                seq += 1
                discovery_id = uuid.uuid4()
                description = f"{rng.choice(FRAGMENTS).capitalize()}."
                discovery_rows.append(
                    _synced(team_id, user_id, seq, now)
                    | {
                        "id": discovery_id,
                        "conversation_id": conversation_id,
                        "kind": rng.choice(KINDS),
                        "title": "",
                        "description": description,
                        "visibility": "team",
                        "dimensions": [rng.choice(("head", "heart", "hands"))],
                        "willingness": [],
                        "offers": [],
                        "review_status": "new",
                        "review_note": "",
                        "highlight": False,
                        "group_would_like": "",
                        "group_if_asked": "",
                        "idea_self": "",
                        "idea_little_help": "",
                        "idea_outside": "",
                    }
                )
                docs.append(
                    SearchDoc(
                        team_id, "discovery", discovery_id, conversation_id, None, description
                    )
                )
                # Most discoveries carry one theme, some two, a few none.
                for theme_id in rng.sample(theme_ids, rng.choice((0, 1, 1, 1, 2, 2))):
                    theme_rows.append({"discovery_id": discovery_id, "theme_id": theme_id})
        for rows in batched(conversation_rows, 2000):
            connection.execute(insert(Conversation), rows)
        for links in batched(link_rows, 5000):
            connection.execute(insert(ConversationPerson), links)
        for rows in batched(discovery_rows, 2000):
            connection.execute(insert(Discovery), rows)
        for rows in batched(theme_rows, 5000):
            connection.execute(insert(DiscoveryTheme), rows)
        connection.execute(
            update(ChangeCounter).where(col(ChangeCounter.team_id) == team_id).values(last_seq=seq)
        )
    with Session(engine) as session:
        for batch in batched(docs, 5000):
            index_docs(session, batch, new=True)
        session.commit()
    return Team(engine, email, team_id, user_id, len(discovery_rows), people)


def _synced(team_id: uuid.UUID, user_id: uuid.UUID, seq: int, now: datetime) -> dict[str, object]:
    return {
        "team_id": team_id,
        "version": 1,
        "change_seq": seq,
        "created_at": now,
        "updated_at": now,
        "created_by_id": user_id,
        "updated_by_id": user_id,
        "deleted_at": None,
    }


def _principal(session: Session, team: Team) -> Principal:
    user = session.get(User, team.user_id)
    team_row = session.get(TeamRow, team.team_id)
    assert user is not None
    assert team_row is not None
    auth_session = AuthSession(
        token_hash=uuid.uuid4().hex,
        user_id=team.user_id,
        team_id=team.team_id,
        expires_at=datetime.now(UTC) + timedelta(hours=1),
    )
    return Principal(user=user, team=team_row, role=Role.coordinator, auth_session=auth_session)


@contextmanager
def logged_in(team: Team) -> Iterator[TestClient]:
    settings = Settings(database_url=str(team.engine.url), secret_key=secrets.token_urlsafe(32))
    app = create_app(settings, session_factory=make_session_factory(team.engine))
    with TestClient(app) as client:
        response = client.post("/api/session", json={"email": team.email, "password": PASSWORD})
        response.raise_for_status()
        yield client


@dataclass(frozen=True)
class JourneyResult:
    discoveries: int
    page: Timing
    search: Timing
    review: Timing  # the weekoverleg, with every generated discovery still open
    scan: Timing
    indexed: Timing  # words alone: newest first from the index (app.search.newest)
    general: Timing  # the one general query, as with other filters (app.search.query)
    scan_hits: int
    indexed_hits: int


def measure(team: Team, repeat: int) -> JourneyResult:
    with logged_in(team) as client:

        def page() -> None:
            response = client.get("/tocht")
            assert response.status_code == 200, response.text[:200]

        def search() -> None:
            response = client.get("/tocht", params={"q": SEARCH})
            assert response.status_code == 200, response.text[:200]

        def review() -> None:
            response = client.get("/weekoverleg")
            assert response.status_code == 200, response.text[:200]

        page()
        search()  # warm caches on both sides alike
        review()
        page_timing, search_timing = _time(page, repeat), _time(search, repeat)
        review_timing = _time(review, repeat)
    with Session(team.engine) as session:

        def scan() -> int:
            # The same question without the index: every summary and description read.
            matching = [
                or_(
                    func.lower(col(Conversation.summary)).like(f"%{word}%"),
                    col(Conversation.id).in_(
                        select(col(Discovery.conversation_id)).where(
                            func.lower(col(Discovery.description)).like(f"%{word}%")
                        )
                    ),
                )
                for word in SCAN_WORDS
            ]
            rows = session.execute(
                select(col(Conversation.id))
                .where(*matching)
                .order_by(col(Conversation.occurred_at).desc())
                .limit(26)
            ).all()
            return len(rows)

        principal = _principal(session, team)

        def indexed() -> int:
            # As the Tocht asks it for words alone: newest first from the index.
            conversations, _ranks = journey_service._from_index(
                session, principal, query_terms(SEARCH), None
            )
            return len(conversations)

        def general() -> int:
            # As the Tocht asks it with any other filter too: the general query.
            found = matching_conversations("sqlite", team.team_id, team.user_id, SEARCH)
            assert found is not None
            # As the Tocht asks it: best matches first, then newest first.
            rows = session.execute(
                select(col(Conversation.id))
                .join(found, found.c.found_id == col(Conversation.id))
                .order_by(found.c.rank, col(Conversation.occurred_at).desc())
                .limit(26)
            ).all()
            return len(rows)

        hits = scan()
        indexed_hits = indexed()
        assert general() == indexed_hits
        scan_timing, index_timing = _time(scan, repeat), _time(indexed, repeat)
        general_timing = _time(general, repeat)
    return JourneyResult(
        team.discoveries,
        page_timing,
        search_timing,
        review_timing,
        scan_timing,
        index_timing,
        general_timing,
        hits,
        indexed_hits,
    )
