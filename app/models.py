"""Every table, imported in one place so metadata (Alembic, tests) sees the whole schema."""

from app.attachments.models import Attachment, AttachmentPerson, FileChunk, StoredFile
from app.audit.models import AuditEvent
from app.auth.models import AuthSession, LoginAttempt, RecoveryCode, User
from app.changes.models import ChangeCounter, Revision, Tombstone
from app.conversations.models import (
    Conversation,
    ConversationPerson,
    Discovery,
    DiscoveryPerson,
    DiscoveryTheme,
    FollowUp,
)
from app.export.models import ShareLink
from app.matches.models import DismissedMatch
from app.people.models import Consent, ForgottenName, Person
from app.residents.models import LinkAttempt, ResidentLink
from app.review.models import ReviewMeeting
from app.search.models import SearchEntry
from app.sync.models import Device, SyncOperation
from app.teams.models import Membership, Neighbourhood, PromptCard, Team, Theme

__all__ = [
    "Attachment",
    "AttachmentPerson",
    "AuditEvent",
    "AuthSession",
    "ChangeCounter",
    "Consent",
    "Conversation",
    "ConversationPerson",
    "Device",
    "Discovery",
    "DiscoveryPerson",
    "DiscoveryTheme",
    "DismissedMatch",
    "FileChunk",
    "FollowUp",
    "ForgottenName",
    "LinkAttempt",
    "LoginAttempt",
    "Membership",
    "Neighbourhood",
    "Person",
    "PromptCard",
    "RecoveryCode",
    "ResidentLink",
    "ReviewMeeting",
    "Revision",
    "SearchEntry",
    "ShareLink",
    "StoredFile",
    "SyncOperation",
    "Team",
    "Theme",
    "Tombstone",
    "User",
]
