"""Writes of the security audit trail (partybuild.models.security_events): appending an event
to the hash chain, verifying the chain and archiving its old entries.

The hash of an entry is ``HMAC-SHA256(key, canonical)`` where ``canonical`` is the JSON of its
hashed fields (:data:`HASHED_FIELDS`, keys sorted, no spaces, times in UTC ISO 8601 with
microseconds) together with the previous entry's hash. The key (:func:`chain_key`) is
``AUDIT_HMAC_KEY`` when set, else one derived from ``SECRET_KEY``: whoever holds only the
database cannot recompute the chain after changing it. Changing the key makes the existing chain
fail verification, so production sets ``AUDIT_HMAC_KEY`` once and keeps it (docs/architecture.md).
"""

import datetime
import functools
import hashlib
import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild.core.errors import refuse
from partybuild.core.requests import current_request, on_request_end
from partybuild.models import (
    SecurityEvent,
    SecurityEventAnchor,
    SecurityEventOutcome,
    User,
)
from partybuild.services.auth import client_address

#: The fields of an entry its hash covers, with ``previous_hash``.
HASHED_FIELDS = (
    "sequence",
    "created_at",
    "actor_username",
    "ip_address",
    "event",
    "outcome",
    "object_type",
    "object_id",
    "object_label",
    "detail",
    "previous_hash",
)
#: Every append logs the new head of the chain here ("审计链尾 <sequence> <hash>"): shipped off
#: the host with the rest of the log, these lines are the outside witness that
#: ``audit_verify --expect-head`` checks the database against.
head_logger = logging.getLogger("partybuild.audit")
#: The retention period's floor in days (GB/T 22239-2019 asks six months of audit records).
AUDIT_RETENTION_MIN_DAYS = 180


def chain_key() -> bytes:
    """The HMAC key of the chain: ``AUDIT_HMAC_KEY``, or one derived from ``SECRET_KEY``."""
    dedicated = getattr(settings, "AUDIT_HMAC_KEY", None)
    if dedicated:
        return dedicated.encode()
    return hashlib.sha256(b"partybuild.security_events:" + settings.SECRET_KEY.encode()).digest()


def _mac(data: bytes) -> str:
    return hmac.new(chain_key(), data, hashlib.sha256).hexdigest()


def _utc_text(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _json_safe(detail: dict | None) -> dict:
    """``detail`` as it comes back from the JSON column (dates and the like as text)."""
    return json.loads(json.dumps(detail or {}, default=str, ensure_ascii=False))


def entry_hash(entry: SecurityEvent) -> str:
    """The hash ``entry`` must carry, given its fields and its ``previous_hash``."""
    values: dict[str, Any] = {name: getattr(entry, name) for name in HASHED_FIELDS}
    values["created_at"] = _utc_text(entry.created_at)
    values["ip_address"] = entry.ip_address or ""
    canonical = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _mac(canonical.encode())


def _anchor_mac(*, sequence: int, entry_hash_value: str) -> str:
    return _mac(f"anchor:{sequence}:{entry_hash_value}".encode())


def head_mac(*, sequence: int, entry_hash_value: str) -> str:
    """The HMAC the anchor keeps of the chain's head (its last sequence number and hash)."""
    return _mac(f"head:{sequence}:{entry_hash_value}".encode())


def _anchor_locked() -> SecurityEventAnchor:
    """The chain's head row, locked until the end of the transaction (created on first use)."""
    anchor = SecurityEventAnchor.objects.select_for_update().filter(pk=1).first()
    if anchor is None:
        SecurityEventAnchor.objects.get_or_create(pk=1)
        anchor = SecurityEventAnchor.objects.select_for_update().get(pk=1)
    return anchor


def _request_actor(request: HttpRequest | None) -> User | None:
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


@transaction.atomic
def security_event_record(
    *,
    event: str,
    actor: User | None,
    request: HttpRequest | None = None,
    outcome: str = SecurityEventOutcome.SUCCESS,
    target: models.Model | None = None,
    detail: dict | None = None,
    actor_username: str = "",
) -> SecurityEvent:
    """Append one event to the chain and return it.

    ``request`` gives the client address (partybuild.services.auth.client_address); without it
    the request being served is used (partybuild.core.requests), so a service called from a view
    need not be handed the request; a command or job records no address. ``actor_username`` is
    the name to keep when there is no ``actor`` (an account name tried at a failed sign-in).
    ``target`` is the object the event is about; ``detail`` a small JSON-serialisable dict,
    never a secret. Appends are serialised by a lock on the chain's head row.
    """
    if outcome not in SecurityEventOutcome.values:
        raise ValueError(f"Unknown outcome {outcome!r}.")
    request = request if request is not None else current_request()
    if actor is not None and not actor.is_authenticated:
        actor = None
    content_type = (
        ContentType.objects.get_for_model(target, for_concrete_model=False) if target else None
    )
    anchor = _anchor_locked()
    entry = SecurityEvent(
        sequence=anchor.last_sequence + 1,
        created_at=timezone.now(),
        actor=actor,
        actor_username=((actor.get_username() if actor is not None else actor_username) or "")[
            :150
        ],
        ip_address=client_address(request),
        event=event,
        outcome=outcome,
        content_type=content_type,
        object_type=(f"{content_type.app_label}.{content_type.model}" if content_type else ""),
        object_id=str(target.pk) if target is not None and target.pk is not None else "",
        object_label=str(target)[:255] if target is not None else "",
        detail=_json_safe(detail),
        previous_hash=anchor.last_hash,
    )
    entry.hash = entry_hash(entry)
    entry.save(force_insert=True)
    SecurityEventAnchor.objects.filter(pk=anchor.pk).update(
        last_sequence=entry.sequence,
        last_hash=entry.hash,
        last_mac=head_mac(sequence=entry.sequence, entry_hash_value=entry.hash),
    )
    transaction.on_commit(lambda: head_logger.info("审计链尾 %d %s", entry.sequence, entry.hash))
    return entry


def refusal_codes(error: Exception) -> list[str]:
    """The stable codes of a refusal: a ValidationError's (every field's), a refusal's ``code``
    attribute (RoleRefused and the like), else ``permission_denied`` / ``invalid``."""
    if isinstance(error, ValidationError):
        errors = (
            [item for items in error.error_dict.values() for item in items]
            if hasattr(error, "error_dict")
            else error.error_list
        )
        codes = [item.code for item in errors if item.code]
        return list(dict.fromkeys(codes)) or ["invalid"]
    return [getattr(error, "code", None) or "permission_denied"]


def security_event_refusal_record(
    *, event: str, actor: User | None, error: Exception, target=None, detail=None
) -> None:
    """Record that ``event`` was refused (outcome failure, the refusal's codes and first message
    in ``detail``) so that the record survives the refusal: inside a request whose transaction
    is still open (and will likely roll back) it is written when the request is done
    (partybuild.core.requests.on_request_end); otherwise at once."""
    messages = getattr(error, "messages", None) or [str(error)]
    full_detail = {
        **(detail or {}),
        "codes": refusal_codes(error),
        "reason": str(messages[0])[:200],
    }
    request = current_request()

    def record() -> None:
        security_event_record(
            event=event,
            actor=actor,
            request=request,
            outcome=SecurityEventOutcome.FAILURE,
            target=target,
            detail=full_detail,
        )

    if not (transaction.get_connection().in_atomic_block and on_request_end(record)):
        record()


def refusals_recorded(
    event: str,
    *,
    actor: Callable[[dict], User | None],
    target: Callable[[dict], models.Model | None] = lambda kwargs: None,
    detail: Callable[[dict], dict] = lambda kwargs: {},
):
    """Decorator of a keyword-only service: a refusal it raises (ValidationError,
    PermissionDenied) is recorded as a failed ``event`` (:func:`security_event_refusal_record`)
    and raised on. ``actor``, ``target`` and ``detail`` compute the entry's parts from the
    service's keyword arguments. Put it above ``@transaction.atomic``."""

    def decorate(service):
        @functools.wraps(service)
        def wrapper(**kwargs):
            try:
                return service(**kwargs)
            except (ValidationError, PermissionDenied) as error:
                security_event_refusal_record(
                    event=event,
                    actor=actor(kwargs),
                    error=error,
                    target=target(kwargs),
                    detail=detail(kwargs),
                )
                raise

        return wrapper

    return decorate


def security_event_receiver(sender, *, event: str, actor=None, request=None, **kwargs) -> None:
    """Receiver of partybuild.signals.security_event: records the event."""
    security_event_record(
        event=event,
        actor=actor,
        request=request,
        outcome=kwargs.get("outcome") or SecurityEventOutcome.SUCCESS,
        target=kwargs.get("target"),
        detail=kwargs.get("detail"),
        actor_username=kwargs.get("actor_username", ""),
    )


@dataclass
class ChainReport:
    """What :func:`security_events_verify` found: the entries checked and, when the chain is
    broken, the first sequence number at fault and why (``broken_at`` None when intact)."""

    count: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


@dataclass(frozen=True)
class ChainHead:
    """A head of the chain noted outside the database (the log's 「审计链尾」 line, a printout
    of ``audit_verify``): the entry numbered ``sequence`` must still be in the chain with
    ``hash``."""

    sequence: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> "ChainHead":
        """``<sequence>:<hash>`` (as ``audit_verify`` prints it); ValueError otherwise."""
        sequence, separator, value = text.strip().partition(":")
        value = value.strip().lower()
        if not (separator and sequence.isdigit() and len(value) == 64):
            raise ValueError(text)
        int(value, 16)
        return cls(int(sequence), value)

    def __str__(self) -> str:
        return f"{self.sequence}:{self.hash}"


def security_events_head() -> ChainHead | None:
    """The chain's current head as the anchor names it; None before the first entry."""
    anchor = SecurityEventAnchor.objects.filter(pk=1).first()
    if anchor is None or not anchor.last_sequence:
        return None
    return ChainHead(anchor.last_sequence, anchor.last_hash)


def _expected_head_check(
    report: ChainReport, *, expected: ChainHead, anchor: SecurityEventAnchor
) -> ChainReport:
    """``report`` of an intact chain, failed when it no longer holds ``expected``."""
    if expected.sequence <= anchor.archived_sequence:
        if expected.sequence == anchor.archived_sequence and expected.hash != anchor.archived_hash:
            return ChainReport(report.count, expected.sequence, _("与外部记录的链尾摘要不符"))
        return report  # archived: the signed archive file holds it
    if expected.sequence > anchor.last_sequence:
        return ChainReport(
            report.count, anchor.last_sequence + 1, _("外部记录的链尾之后的记录缺失（链尾被截断）")
        )
    entry = SecurityEvent.objects.filter(sequence=expected.sequence).only("hash").first()
    if entry is None or not hmac.compare_digest(entry.hash, expected.hash):
        return ChainReport(report.count, expected.sequence, _("与外部记录的链尾摘要不符"))
    return report


def security_events_verify(*, expected_heads: tuple[ChainHead, ...] = ()) -> ChainReport:
    """Walk the chain from its anchor: every entry must follow the one before it (sequence and
    previous hash) and carry the hash of its fields; the head row must name the last entry and
    carry its HMAC. Each of ``expected_heads`` (noted outside the database earlier) must still
    be in the chain: this finds the newest entries removed together with a head row
    restored from an earlier copy, which nothing inside the database can show."""
    anchor = SecurityEventAnchor.objects.filter(pk=1).first() or SecurityEventAnchor()
    report = _chain_walk(anchor)
    for expected in expected_heads:
        if not report.ok:
            break
        report = _expected_head_check(report, expected=expected, anchor=anchor)
    return report


def _chain_walk(anchor: SecurityEventAnchor) -> ChainReport:
    expected_sequence = anchor.archived_sequence + 1
    expected_previous = anchor.archived_hash
    if anchor.archived_sequence and not hmac.compare_digest(
        anchor.archived_mac,
        _anchor_mac(sequence=anchor.archived_sequence, entry_hash_value=anchor.archived_hash),
    ):
        return ChainReport(0, anchor.archived_sequence, _("归档锚点被改动"))
    count = 0
    entries = SecurityEvent.objects.order_by("sequence")
    for entry in entries.iterator(chunk_size=2000):
        if entry.sequence != expected_sequence:
            return ChainReport(count, expected_sequence, _("序号不连续（记录被删除或调换）"))
        if entry.previous_hash != expected_previous:
            return ChainReport(count, entry.sequence, _("前一条摘要不符（记录被删除或调换）"))
        if not hmac.compare_digest(entry.hash, entry_hash(entry)):
            return ChainReport(count, entry.sequence, _("摘要不符（记录被改动）"))
        count += 1
        expected_sequence += 1
        expected_previous = entry.hash
    if anchor.last_sequence != expected_sequence - 1 or anchor.last_hash != expected_previous:
        return ChainReport(count, expected_sequence, _("链尾记录缺失"))
    if anchor.last_sequence and not hmac.compare_digest(
        anchor.last_mac,
        head_mac(sequence=anchor.last_sequence, entry_hash_value=anchor.last_hash),
    ):
        return ChainReport(count, anchor.last_sequence, _("链尾锚点被改动（记录被删除）"))
    return ChainReport(count)


def audit_retention_days() -> int:
    """``AUDIT_RETENTION_DAYS`` (default and floor: 180; partybuild.checks refuses less)."""
    return int(getattr(settings, "AUDIT_RETENTION_DAYS", AUDIT_RETENTION_MIN_DAYS))


@dataclass
class ArchiveResult:
    """An archive written: the file, its signature and the entries moved into it."""

    path: Path | None
    signature_path: Path | None
    count: int
    first_sequence: int = 0
    last_sequence: int = 0


def _archive_line(entry: SecurityEvent) -> str:
    values = {name: getattr(entry, name) for name in HASHED_FIELDS}
    values["created_at"] = _utc_text(entry.created_at)
    values["hash"] = entry.hash
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def archive_signature(content: bytes) -> str:
    """The HMAC-SHA256 (chain key) of an archive file's bytes, as written to its ``.sig``."""
    return _mac(b"archive:" + content)


@transaction.atomic
def security_events_archive(
    *, before: datetime.datetime, actor: User | None = None, operator: str = ""
) -> ArchiveResult:
    """Move the entries older than ``before`` into a signed JSON Lines file under
    ``AUDIT_ARCHIVE_DIR`` (one entry a line, with its hash; ``<file>.sig`` holds the file's
    HMAC), then delete them and move the chain's anchor to the last of them, so that the rest
    still verifies. Refuses a ``before`` within the retention period (AUDIT_RETENTION_DAYS).
    Records an ``audit.archive`` event; ``operator`` (the login running the command) is kept as
    its account name."""
    limit = timezone.now() - datetime.timedelta(days=audit_retention_days())
    if before > limit:
        refuse(
            "before",
            _("只能归档 %(days)s 天之前的安全审计记录（%(limit)s 之前）。")
            % {"days": audit_retention_days(), "limit": f"{timezone.localtime(limit):%Y-%m-%d}"},
            "audit_retention",
        )
    anchor = _anchor_locked()
    # The oldest entries up to the first younger one, so the archive is a prefix of the chain.
    first_young = (
        SecurityEvent.objects.filter(created_at__gte=before)
        .order_by("sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    entries = SecurityEvent.objects.order_by("sequence")
    if first_young is not None:
        entries = entries.filter(sequence__lt=first_young)
    entries = list(entries)
    if not entries:
        return ArchiveResult(None, None, 0)
    first, last = entries[0], entries[-1]
    directory = Path(settings.AUDIT_ARCHIVE_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    path = directory / f"security-events-{first.sequence:010d}-{last.sequence:010d}-{stamp}.jsonl"
    content = "".join(_archive_line(entry) + "\n" for entry in entries).encode()
    path.write_bytes(content)
    signature_path = path.with_name(path.name + ".sig")
    signature_path.write_text(archive_signature(content) + "\n")
    models.QuerySet.delete(SecurityEvent.objects.filter(sequence__lte=last.sequence))
    SecurityEventAnchor.objects.filter(pk=anchor.pk).update(
        archived_sequence=last.sequence,
        archived_hash=last.hash,
        archived_mac=_anchor_mac(sequence=last.sequence, entry_hash_value=last.hash),
    )
    security_event_record(
        event="audit.archive",
        actor=actor,
        actor_username=operator,
        detail={
            "rows": len(entries),
            "first_sequence": first.sequence,
            "last_sequence": last.sequence,
            "file": path.name,
        },
    )
    return ArchiveResult(path, signature_path, len(entries), first.sequence, last.sequence)
