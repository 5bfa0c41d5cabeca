"""Development demo data: Buurtteam Oost with six weeks of gesprekken in two buurten, and a
few from the year before (for the krachtenoverzicht's quarters).

Everything goes through the domain services, so the demo obeys the same rules as real data
(consent before a name, streets without numbers, team-bound references) and every record has
its revision. The seeder flushes; the caller commits.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlmodel import Session, select

from app.attachments.files import store_bytes
from app.attachments.models import AttachmentKind
from app.attachments.schemas import AttachmentCreate
from app.attachments.service import create_attachment
from app.auth.models import User
from app.auth.service import create_user
from app.changes.models import RevisionAction
from app.changes.service import record_change
from app.conversations.models import (
    Conversation,
    ConversationLanguage,
    Discovery,
    DiscoveryKind,
    FollowUpKind,
    RefType,
    ReviewStatus,
)
from app.conversations.schemas import (
    Ask,
    ConversationCreate,
    DiscoveryCreate,
    FollowUpCreate,
    Ref,
)
from app.conversations.service import (
    ask_values,
    check_discovery,
    create_conversation,
    create_discovery,
    create_follow_up,
)
from app.demo.content import (
    DEMO_USERS,
    FOLLOW_UPS,
    NEIGHBOURHOODS,
    SPOKEN_IN,
    DemoConversation,
    DemoDiscovery,
    DemoPerson,
    DemoRef,
    DemoReview,
    DemoUser,
)
from app.demo.content_dapperbuurt import DAPPERBUURT_CONVERSATIONS
from app.demo.content_earlier import EARLIER_CONVERSATIONS
from app.demo.content_oosterpark import OOSTERPARK_CONVERSATIONS
from app.demo.content_people import PEOPLE
from app.demo.photos import PHOTOS, jpeg_of
from app.errors import AppError
from app.i18n import gettext as _
from app.people.models import Person
from app.people.schemas import ConsentIn, PersonCreate
from app.people.service import PSEUDONYM_ALPHABET, create_person
from app.review.models import ReviewMeeting
from app.teams.cards import render_card
from app.teams.models import AddressForm, Neighbourhood, PromptCard, Team
from app.teams.refs import TeamRefs
from app.teams.service import create_neighbourhood, create_team, list_themes

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_TEAM",
    "DEMO_USERS",
    "DemoSummary",
    "DemoUser",
    "seed_demo",
]

DEMO_TEAM = "Buurtteam Oost"
DEMO_PASSWORD = "ontdekken-in-oost"  # noqa: S105 - a published demo password, never production

SEED = 2026
# The weekoverleg was held this many days ago; each reviews what came in since the last one.
# The most recent week has not been discussed yet, so its discoveries are still "new".
WEEKOVERLEG_DAYS_AGO: tuple[int, ...] = (36, 29, 22, 15, 8)
WEEKOVERLEG_TIME = time(9, 30, tzinfo=UTC)
# Consent of someone who is not in any conversation counts as recorded this long ago.
DEFAULT_CONSENT_DAYS_AGO = 30


@dataclass(frozen=True)
class DemoSummary:
    people: int
    conversations: int
    discoveries: int
    follow_ups: int


def all_conversations() -> list[DemoConversation]:
    """Oldest first, so a connection always points at something that already exists."""
    return sorted(
        (*EARLIER_CONVERSATIONS, *OOSTERPARK_CONVERSATIONS, *DAPPERBUURT_CONVERSATIONS),
        key=lambda c: -c.days_ago,
    )


def weekoverleg_after(now: datetime, days_ago: int) -> datetime | None:
    """The first weekoverleg after a conversation of `days_ago`, or None if none was held yet."""
    for review_days_ago in WEEKOVERLEG_DAYS_AGO:
        if review_days_ago < days_ago:
            day = (now - timedelta(days=review_days_ago)).date()
            return datetime.combine(day, WEEKOVERLEG_TIME)
    return None


def seed_demo(session: Session, *, now: datetime | None = None) -> DemoSummary:
    """Create Buurtteam Oost with its users, bewoners, gesprekken, ontdekkingen and
    vervolgafspraken. Refuses when the demo team already exists."""
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("now must be timezone aware")
    if session.exec(select(Team).where(Team.name == DEMO_TEAM)).first() is not None:
        raise AppError(
            _("Het demoteam '{name}' bestaat al; de demodata is al geladen.").format(name=DEMO_TEAM)
        )
    return _DemoSeeder(session, now).run()


class _DemoSeeder:
    def __init__(self, session: Session, now: datetime) -> None:
        self.session = session
        self.now = now
        self.rng = random.Random(SEED)
        self.team = create_team(session, name=DEMO_TEAM)
        self.users: dict[str, User] = {}
        self.neighbourhoods: dict[str, Neighbourhood] = {}
        self.themes: dict[str, uuid.UUID] = {}
        self.prompts: dict[str, uuid.UUID] = {}
        self.people: dict[str, Person] = {}
        self.conversations: dict[str, Conversation] = {}
        self.discoveries: dict[str, Discovery] = {}
        self.discovery_count = 0
        self.follow_up_count = 0
        # Ideas whose asks are added once every institution they may address exists.
        self.asking: list[tuple[Discovery, DemoDiscovery, uuid.UUID]] = []

    @property
    def coordinator(self) -> User:
        return self.users[DEMO_USERS[0].email]

    def run(self) -> DemoSummary:
        self._seed_team()
        talks = all_conversations()
        occurred = {talk.key: self._occurred_at(talk) for talk in talks}
        self._seed_people(talks, occurred)
        for talk in talks:
            self._seed_conversation(talk, occurred[talk.key])
        self._seed_asks()
        self._seed_photos()
        self._seed_follow_ups()
        self._seed_meetings()
        return DemoSummary(
            people=len(self.people),
            conversations=len(self.conversations),
            discoveries=self.discovery_count,
            follow_ups=self.follow_up_count,
        )

    def _seed_meetings(self) -> None:
        """The weekoverleggen held so far: everyone there, a line of notes."""
        everyone = [str(user.id) for user in self.users.values()]
        for days_ago in WEEKOVERLEG_DAYS_AGO:
            day = (self.now - timedelta(days=days_ago)).date()
            self.session.add(
                ReviewMeeting(
                    team_id=self.team.id,
                    held_at=datetime.combine(day, WEEKOVERLEG_TIME),
                    attendee_ids=everyone,
                    notes=_("Ontdekkingen van de week doorgelopen; vervolgafspraken verdeeld."),
                    created_by_id=self.coordinator.id,
                )
            )
        self.session.flush()

    def _seed_team(self) -> None:
        for user in DEMO_USERS:
            self.users[user.email] = create_user(
                self.session,
                self.team,
                email=user.email,
                name=user.name,
                password=DEMO_PASSWORD,
                role=user.role,
            )
        for name in NEIGHBOURHOODS:
            self.neighbourhoods[name] = create_neighbourhood(
                self.session, self.team, name=name, actor_id=self.coordinator.id
            )
        self.themes = {theme.name: theme.id for theme in list_themes(self.session, self.team.id)}
        cards = self.session.exec(select(PromptCard).where(PromptCard.team_id == self.team.id))
        # The demo's conversations name their cards as they read in the u-form.
        self.prompts = {render_card(card.text, AddressForm.u.value): card.id for card in cards}

    def _occurred_at(self, talk: DemoConversation) -> datetime:
        day = (self.now - timedelta(days=talk.days_ago)).date()
        minute = self.rng.randrange(0, 60, 5)
        return datetime.combine(day, time(talk.hour, minute, tzinfo=UTC))

    def _pseudonym(self) -> str:
        # Drawn from the seeded generator (not the service's) so the demo is the same each time.
        taken = {person.pseudonym for person in self.people.values()}
        while True:
            candidate = "B-" + "".join(self.rng.choice(PSEUDONYM_ALPHABET) for _ in range(4))
            if candidate not in taken:
                return candidate

    def _seed_people(self, talks: list[DemoConversation], occurred: dict[str, datetime]) -> None:
        first_talk: dict[str, DemoConversation] = {}
        for talk in talks:
            for key in talk.people:
                first_talk.setdefault(key, talk)
        for person in PEOPLE:
            first = first_talk.get(person.key)
            if first is None:
                actor = self.coordinator
                met_at = self.now - timedelta(days=DEFAULT_CONSENT_DAYS_AGO)
            else:
                actor = self.users[first.author]
                met_at = occurred[first.key]
            self.people[person.key] = create_person(
                self.session,
                self.team,
                actor.id,
                data=self._person_data(person, met_at),
            )

    def _person_data(self, person: DemoPerson, met_at: datetime) -> PersonCreate:
        consent = None
        if person.scopes:
            consent = ConsentIn(scopes=list(person.scopes), how=person.how, recorded_at=met_at)
        return PersonCreate(
            neighbourhood_id=self.neighbourhoods[person.neighbourhood].id,
            pseudonym=self._pseudonym(),
            first_name=person.first_name,
            recognition=person.recognition,
            street=person.street,
            is_connector=person.is_connector,
            consent=consent,
        )

    def _seed_conversation(self, talk: DemoConversation, occurred_at: datetime) -> None:
        author = self.users[talk.author]
        conversation = create_conversation(
            self.session,
            self.team,
            author.id,
            data=ConversationCreate(
                neighbourhood_id=self.neighbourhoods[talk.neighbourhood].id,
                occurred_at=occurred_at,
                kind=talk.kind,
                place=talk.place,
                summary=talk.summary,
                person_ids=[self.people[key].id for key in talk.people],
                unnamed_count=talk.unnamed,
                prompt_ids=[self.prompts[text] for text in talk.prompts],
                language=SPOKEN_IN.get(talk.key, ConversationLanguage.dutch),
            ),
        )
        self.conversations[talk.key] = conversation
        for tip in talk.talk_to:
            spoken = occurred_at + timedelta(days=2)
            create_follow_up(
                self.session,
                self.team,
                author.id,
                data=FollowUpCreate(
                    kind=FollowUpKind.talk_to,
                    what=tip.what,
                    owner_id=author.id,
                    conversation_id=conversation.id,
                    person_id=self.people[tip.person].id if tip.person else None,
                    done_at=min(spoken, self.now) if tip.spoken else None,
                ),
            )
            self.follow_up_count += 1
        reviewed_at = weekoverleg_after(self.now, talk.days_ago)
        for item in talk.discoveries:
            discovery = create_discovery(
                self.session,
                self.team,
                author.id,
                data=self._discovery_data(item, conversation.id),
            )
            self.discovery_count += 1
            if item.key:
                if item.key in self.discoveries:
                    raise ValueError(f"demo discovery key {item.key!r} is used twice")
                self.discoveries[item.key] = discovery
            if item.asks:
                self.asking.append((discovery, item, author.id))
            if item.review is not None and reviewed_at is not None:
                self._review(discovery, item.review, reviewed_at)
            self._backdate(discovery, occurred_at, reviewed_at if item.review else None)
        self._backdate(conversation, occurred_at, None)

    @staticmethod
    def _backdate(
        record: Conversation | Discovery, occurred_at: datetime, reviewed_at: datetime | None
    ) -> None:
        """As if the phone synced half an hour after the talk (and the weekoverleg decided
        later), so "new since the last weekoverleg" means on the demo what it means in use."""
        record.created_at = occurred_at + timedelta(minutes=30)
        record.updated_at = max(record.created_at, reviewed_at or record.created_at)

    def _ids(self, keys: tuple[str, ...]) -> list[uuid.UUID]:
        return [self.people[key].id for key in keys]

    def _ref(self, ref: DemoRef | None) -> Ref | None:
        if ref is None:
            return None
        if ref.type is RefType.person:
            return Ref(type=ref.type, id=self.people[ref.key].id)
        return Ref(type=ref.type, id=self.discoveries[ref.key].id)

    def _discovery_data(self, item: DemoDiscovery, conversation_id: uuid.UUID) -> DiscoveryCreate:
        return DiscoveryCreate(
            conversation_id=conversation_id,
            kind=item.kind,
            title=item.title,
            description=item.description,
            person_ids=self._ids(item.people),
            trekker_ids=self._ids(item.trekkers),
            supporter_ids=self._ids(item.supporters),
            themes=[self.themes[name] for name in item.themes],
            dimensions=list(item.dimensions),
            willingness=list(item.willingness),
            visibility=item.visibility,
            status=item.status.value if item.status is not None else None,
            quality_type=item.quality_type,
            group_would_like=item.would_like,
            group_if_asked=item.if_asked,
            offers=list(item.offers),
            place_type=item.place_type,
            exchange_type=item.exchange_type,
            connection_kind=item.connection_kind,
            from_ref=self._ref(item.from_ref),
            to_ref=self._ref(item.to_ref),
            idea_self=item.idea_self,
            idea_little_help=item.idea_little_help,
            idea_outside=item.idea_outside,
            highlight=item.highlight,
        )

    def _review(self, discovery: Discovery, review: DemoReview, reviewed_at: datetime) -> None:
        """What the weekoverleg decided, recorded as a tracked change by the coordinator."""
        discovery.review_status = review.status.value
        discovery.review_note = review.note
        discovery.reviewed_at = reviewed_at
        discovery.reviewed_by_id = self.coordinator.id
        changes: dict[str, tuple[object, object]] = {
            "review_status": (ReviewStatus.new.value, review.status.value)
        }
        if review.note:
            changes["review_note"] = ("", review.note)
        record_change(
            self.session,
            discovery,
            entity="discovery",
            actor_id=self.coordinator.id,
            action=RevisionAction.update,
            changes=changes,
        )

    def _seed_asks(self) -> None:
        """What the ideas' residents ask of partners: written down after the talk, as a
        change of the idea by the worker who noted it."""
        for discovery, item, author_id in self.asking:
            asks = [
                Ask(
                    id=uuid.uuid5(discovery.id, ask.what),
                    what=ask.what,
                    offer=ask.offer,
                    institution_id=self.discoveries[ask.institution].id
                    if ask.institution
                    else None,
                    partner=ask.partner,
                    status=ask.status,
                )
                for ask in item.asks
            ]
            data = DiscoveryCreate(kind=DiscoveryKind.idea, title=item.title, asks=asks)
            check_discovery(TeamRefs(self.session, self.team), data)
            discovery.asks = ask_values(data)
            record_change(
                self.session,
                discovery,
                entity="discovery",
                actor_id=author_id,
                action=RevisionAction.update,
                changes={"asks": ([], discovery.asks)},
            )

    def _seed_photos(self) -> None:
        """Photos of places, as their authors took them on the phone."""
        for photo in PHOTOS:
            conversation = self.conversations[photo.conversation]
            data = jpeg_of(photo.painter)
            stored = store_bytes(
                self.session, self.team.id, data, "image/jpeg", conversation.created_by_id
            )
            create_attachment(
                self.session,
                self.team,
                conversation.created_by_id,
                data=AttachmentCreate(
                    conversation_id=conversation.id,
                    discovery_id=self.discoveries[photo.discovery].id,
                    kind=AttachmentKind.photo,
                    sha256=stored.sha256,
                    media_type=stored.media_type,
                    size=stored.size,
                    visibility=photo.visibility,
                    caption=photo.caption,
                ),
            )

    def _seed_follow_ups(self) -> None:
        for item in FOLLOW_UPS:
            owner = self.users[item.owner]
            conversation = self.conversations[item.conversation] if item.conversation else None
            done_at = None
            if item.done_days_ago is not None:
                done_at = self.now - timedelta(days=item.done_days_ago)
            create_follow_up(
                self.session,
                self.team,
                owner.id,
                data=FollowUpCreate(
                    what=item.what,
                    due_on=(self.now + timedelta(days=item.due_in_days)).date(),
                    owner_id=owner.id,
                    conversation_id=conversation.id if conversation else None,
                    person_id=self.people[item.person].id if item.person else None,
                    discovery_id=self.discoveries[item.discovery].id if item.discovery else None,
                    done_at=done_at,
                ),
            )
            self.follow_up_count += 1
