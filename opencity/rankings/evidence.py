"""Evidence that cannot be swapped afterwards: checks of uploaded files, and copies of links.

An uploaded evidence file must be what it says it is (a PDF, PNG or JPEG, by its first bytes), and
its SHA-256 is kept beside it. Every evidence link of an answer is fetched once, in the background,
after the answer's save commits; the copy (bytes, hash, HTTP status, time) is never replaced, so a
page changed after the assessment cannot change what the score rests on.

The fetcher uses only the standard library. It resolves each host itself, refuses addresses of
private, loopback, link-local, multicast and reserved networks (so that nobody can make the
platform read its own network, e.g. a cloud metadata service), and connects to the very address it
checked, so that a second DNS answer cannot slip another address in between check and connect.
Every redirect is a new hop that goes through the same checks.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import logging
import math
import mimetypes
import os
import re
import socket
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opencity.rankings.models import Answer, ArchiveStatus, EvidenceArchive, Publication

logger = logging.getLogger(__name__)

MEGABYTE = 1024 * 1024
DEFAULT_MAX_UPLOAD_BYTES = 10 * MEGABYTE
DEFAULT_ARCHIVE_TIMEOUT = 15.0
DEFAULT_ARCHIVE_MAX_BYTES = 5 * MEGABYTE
MAX_REDIRECTS = 5
# A server may trickle bytes just fast enough never to trip the socket timeout; the whole fetch
# (every hop and the body) must also end within this many times the timeout.
TOTAL_TIME_FACTOR = 4
USER_AGENT = "OpenCity evidence archiver"
REDIRECT_STATUSES = {301, 302, 303, 307, 308}


# Uploaded files ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileKind:
    label: str
    signatures: tuple[bytes, ...]
    extensions: tuple[str, ...]
    content_types: tuple[str, ...]


FILE_KINDS = (
    FileKind("PDF", (b"%PDF-",), (".pdf",), ("application/pdf", "application/x-pdf")),
    FileKind("PNG", (b"\x89PNG\r\n\x1a\n",), (".png",), ("image/png",)),
    FileKind("JPEG", (b"\xff\xd8\xff",), (".jpg", ".jpeg"), ("image/jpeg", "image/pjpeg")),
)
# What a client sends when it does not know the type: no claim to compare with the content.
UNDECLARED_CONTENT_TYPES = {"", "application/octet-stream"}


def file_kind(head: bytes) -> FileKind | None:
    """The kind of file whose first bytes are `head`, or None if it is none of the accepted."""
    for kind in FILE_KINDS:
        if head.startswith(kind.signatures):
            return kind
    return None


def _megabytes(size: int, *, round_up: bool = False) -> str:
    # Rounded up, a file just over the limit never reads as exactly the limit.
    value = size / MEGABYTE
    value = math.ceil(value * 10) / 10 if round_up else round(value, 1)
    decimals = 0 if value == int(value) else 1
    return _("%(number)s MB") % {"number": formats.number_format(value, decimals)}


def validate_evidence_file(uploaded: UploadedFile) -> str:
    """Check an uploaded evidence file and return the SHA-256 (hex) of its content.

    Only PDF, PNG and JPEG files are accepted, decided by their first bytes; the file name's
    extension and the declared content type, when there is one, must agree with the content. The
    size limit is `EVIDENCE_MAX_UPLOAD_BYTES`. Every problem found is reported, each naming the
    file, in one ValidationError. The file is left at its start for whoever saves it.
    """
    name = os.path.basename(uploaded.name or "") or _("The file")
    limit = int(getattr(settings, "EVIDENCE_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))
    params = {"name": name}
    problems: list[ValidationError] = []

    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if not head:
        raise ValidationError(gettext_lazy("%(name)s is empty."), code="empty", params=params)

    kind = file_kind(head)
    if kind is None:
        problems.append(
            ValidationError(
                gettext_lazy("%(name)s is not a PDF, PNG or JPEG file."),
                code="file_type",
                params=params,
            )
        )
    else:
        extension = os.path.splitext(name)[1].lower()
        if extension not in kind.extensions:
            problems.append(
                ValidationError(
                    gettext_lazy(
                        "%(name)s is a %(kind)s file, but its name does not end in "
                        "%(extensions)s. Rename it, or choose the file you meant."
                    ),
                    code="extension",
                    params={**params, "kind": kind.label, "extensions": ", ".join(kind.extensions)},
                )
            )
        declared = (uploaded.content_type or "").split(";")[0].strip().lower()
        if declared not in UNDECLARED_CONTENT_TYPES and declared not in kind.content_types:
            problems.append(
                ValidationError(
                    gettext_lazy("%(name)s is a %(kind)s file, but it was sent as “%(declared)s”."),
                    code="content_type",
                    params={**params, "kind": kind.label, "declared": declared},
                )
            )

    digest = hashlib.sha256()
    size = 0
    for chunk in uploaded.chunks():
        digest.update(chunk)
        size += len(chunk)
        if size > limit:
            break  # enough to refuse; no need to hash the rest
    uploaded.seek(0)
    size = max(size, uploaded.size or 0)
    if size > limit:
        problems.append(
            ValidationError(
                gettext_lazy("%(name)s is %(size)s; the limit is %(limit)s."),
                code="too_big",
                params={
                    **params,
                    "size": _megabytes(size, round_up=True),
                    "limit": _megabytes(limit),
                },
            )
        )
    if problems:
        raise ValidationError(problems)
    return digest.hexdigest()


# Scheduling copies of links ---------------------------------------------------------------------


def _enqueue(archive_id: int) -> None:
    from opencity.rankings.tasks import archive_evidence

    archive_evidence.enqueue(archive_id)


def schedule_archiving(answer: Answer) -> list[EvidenceArchive]:
    """Record every evidence link of `answer` not archived for it yet, and queue its fetch.

    Each (answer, address) is fetched once and never replaced. The task is queued only when the
    surrounding transaction commits, so a save that is rolled back queues nothing. Returns the
    rows created now.
    """
    max_length = EvidenceArchive._meta.get_field("url").max_length or 2000
    urls = list(dict.fromkeys(answer.evidence_urls or []))
    too_long = [url for url in urls if len(url) > max_length]
    if too_long:
        raise ValidationError(
            {
                "evidence_urls": _(
                    "“%(url)s…” is longer than %(count)s characters; link to a shorter address "
                    "of the same page."
                )
                % {"url": too_long[0][:80], "count": max_length}
            }
        )
    known = set(
        EvidenceArchive.objects.filter(answer=answer, url__in=urls).values_list("url", flat=True)
    )
    created = []
    for url in urls:
        if url in known:
            continue
        try:
            # A savepoint, so that a concurrent scheduler's row does not spoil the outer save.
            with transaction.atomic():
                archive = EvidenceArchive.objects.create(answer=answer, url=url)
        except IntegrityError:
            continue  # someone else recorded it first; that row is the one fetched
        # robust: the save has committed by then; a queue that is down must not turn it into an
        # error page. The row stays pending, and `opencity archive_evidence` picks it up.
        transaction.on_commit(partial(_enqueue, archive.pk), robust=True)
        created.append(archive)
    return created


# Who may read stored evidence ------------------------------------------------------------------


def _published() -> Exists:
    return Exists(Publication.objects.filter(cycle=OuterRef("cycle")))


def archive_visible_to(user: Any, pk: int) -> EvidenceArchive | None:
    """A stored copy, if `user` may read it: anyone once the answer's cycle is published, the
    coalition team and administrators before. `published` says which applied."""
    row = (
        EvidenceArchive.objects.select_related("answer__cycle", "answer__municipality")
        .annotate(published=Exists(Publication.objects.filter(cycle=OuterRef("answer__cycle"))))
        .filter(pk=pk)
        .first()
    )
    if row is None or not (row.published or _may_see_draft(user, row.answer)):
        return None
    return row


def answer_with_file_visible_to(user: Any, pk: int) -> Answer | None:
    """An answer with an uploaded evidence file, under the same rule as `archive_visible_to`."""
    answer = (
        Answer.objects.select_related("cycle", "municipality")
        .annotate(published=_published())
        .filter(pk=pk)
        .first()
    )
    if answer is None or not (answer.published or _may_see_draft(user, answer)):
        return None
    return answer


def _may_see_draft(user: Any, answer: Answer) -> bool:
    """The coalition sees draft evidence; a city's officials see their own city's from the
    reply phase on, since they answer the draft results."""
    if user.has_perm("rankings.view_draft_results"):
        return True
    return answer.cycle.allows("reply") and user.has_perm(
        "rankings.dispute_answer", answer.municipality
    )


# Fetching ---------------------------------------------------------------------------------------


class ArchiveError(Exception):
    """A fetch that cannot be completed; the message is what the assessor reads."""


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    reason: str
    content_type: str
    body: bytes
    truncated: bool


AddressType = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public_address(address: AddressType) -> bool:
    """Whether an address is on the public Internet, with IPv4 inside IPv6 seen through."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return is_public_address(address.ipv4_mapped)
        if address.sixtofour is not None and not is_public_address(address.sixtofour):
            return False
        if address in NAT64:
            return is_public_address(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _allowed_private_networks() -> bool | list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """`EVIDENCE_ARCHIVE_ALLOW_PRIVATE`: False (the default), True, or a list of networks that
    may be fetched from although they are not public (an intranet document server, a test)."""
    setting = getattr(settings, "EVIDENCE_ARCHIVE_ALLOW_PRIVATE", False)
    if isinstance(setting, bool):
        return setting
    if isinstance(setting, str):
        setting = [part for part in setting.split(",") if part.strip()]
    return [ipaddress.ip_network(network.strip(), strict=False) for network in setting or []]


def is_allowed_address(address: AddressType) -> bool:
    if is_public_address(address):
        return True
    allowed = _allowed_private_networks()
    if isinstance(allowed, bool):
        return allowed
    return any(address in network for network in allowed)


@dataclass(frozen=True)
class Target:
    url: str
    scheme: str
    host: str  # ASCII (IDNA) form, without brackets
    port: int
    path: str


# Characters left as they are when a path is sent: everything RFC 3986 allows in a path and query.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~?"


def parse_target(url: str) -> Target:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise ArchiveError(
            _("Only http and https addresses are archived; this one is %(url)s.") % {"url": url}
        )
    try:
        port = parts.port or (443 if scheme == "https" else 80)
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except (ValueError, UnicodeError) as error:
        raise ArchiveError(_("%(url)s is not a valid address.") % {"url": url}) from error
    if not host:
        raise ArchiveError(_("%(url)s has no host name.") % {"url": url})
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_PATH_SAFE)
    return Target(url=url, scheme=scheme, host=host, port=port, path=path)


def resolve_allowed(target: Target) -> list[str]:
    """The addresses of the target's host that may be fetched from; refuses when none may."""
    try:
        answers = socket.getaddrinfo(
            target.host, target.port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
        )
    except (socket.gaierror, UnicodeError) as error:
        raise ArchiveError(
            _("The host name %(host)s could not be found.") % {"host": target.host}
        ) from error
    addresses = list(dict.fromkeys(str(sockaddr[0]) for *_rest, sockaddr in answers))
    allowed = []
    for address in addresses:
        # A link-local IPv6 address may carry a zone ("fe80::1%eth0").
        if is_allowed_address(ipaddress.ip_address(address.split("%")[0])):
            allowed.append(address)
    if not allowed:
        raise ArchiveError(
            _(
                "%(host)s points to %(addresses)s, a private, local or reserved address; "
                "evidence is only fetched from the public Internet."
            )
            % {"host": target.host, "addresses": ", ".join(addresses)}
        )
    return allowed


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to one checked address; the Host header still names the host."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.pinned_address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.pinned_address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class PinnedHTTPSConnection(PinnedHTTPConnection):
    """The same over TLS, with the certificate checked against the host name, not the address."""

    default_port = http.client.HTTPS_PORT

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, address=address, timeout=timeout)
        self.tls_context = ssl.create_default_context()

    def connect(self) -> None:
        super().connect()
        self.sock = self.tls_context.wrap_socket(self.sock, server_hostname=self.host)


def _open(target: Target, addresses: Iterable[str], timeout: float) -> PinnedHTTPConnection:
    connection_class = PinnedHTTPSConnection if target.scheme == "https" else PinnedHTTPConnection
    last_error: OSError | None = None
    for address in addresses:
        connection = connection_class(target.host, target.port, address=address, timeout=timeout)
        try:
            connection.connect()
        except OSError as error:
            connection.close()
            last_error = error
            continue
        return connection
    raise last_error or OSError("no address to connect to")


def _read_body(
    response: http.client.HTTPResponse, *, limit: int, deadline: float
) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        if time.monotonic() > deadline:
            raise TimeoutError
        # read1: whatever has arrived, so that a trickling server meets the deadline check.
        chunk = response.read1(min(64 * 1024, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    body = b"".join(chunks)
    return body[:limit], len(body) > limit


def fetch(url: str) -> Fetched:
    """GET `url` under the archiver's rules, following at most MAX_REDIRECTS redirects."""
    timeout = float(getattr(settings, "EVIDENCE_ARCHIVE_TIMEOUT", DEFAULT_ARCHIVE_TIMEOUT))
    limit = int(getattr(settings, "EVIDENCE_ARCHIVE_MAX_BYTES", DEFAULT_ARCHIVE_MAX_BYTES))
    deadline = time.monotonic() + timeout * TOTAL_TIME_FACTOR
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        target = parse_target(current)
        addresses = resolve_allowed(target)
        try:
            if time.monotonic() > deadline:
                raise TimeoutError
            connection = _open(target, addresses, timeout)
            try:
                connection.request(
                    "GET",
                    target.path,
                    headers={
                        "User-Agent": USER_AGENT,
                        "Accept": "*/*",
                        # The bytes as the server holds them, not a compressed transfer form.
                        "Accept-Encoding": "identity",
                    },
                )
                response = connection.getresponse()
                location = response.getheader("Location", "").strip()
                if response.status in REDIRECT_STATUSES and location:
                    current = urljoin(current, location)
                    continue
                body, truncated = _read_body(response, limit=limit, deadline=deadline)
                return Fetched(
                    url=current,
                    status=response.status,
                    reason=response.reason,
                    content_type=response.getheader("Content-Type", "").strip()[:200],
                    body=body,
                    truncated=truncated,
                )
            finally:
                connection.close()
        except TimeoutError as error:
            raise ArchiveError(
                _("%(host)s did not answer within %(seconds)s seconds.")
                % {"host": target.host, "seconds": formats.number_format(timeout)}
            ) from error
        except ConnectionRefusedError as error:
            raise ArchiveError(
                _("%(host)s refused the connection.") % {"host": target.host}
            ) from error
        except ssl.SSLCertVerificationError as error:
            raise ArchiveError(
                _("The certificate of %(host)s could not be verified: %(reason)s.")
                % {"host": target.host, "reason": error.verify_message}
            ) from error
        except ssl.SSLError as error:
            raise ArchiveError(
                _("The secure connection to %(host)s failed: %(reason)s.")
                % {"host": target.host, "reason": error.reason or error}
            ) from error
        except http.client.HTTPException as error:
            raise ArchiveError(
                _("%(host)s did not answer in HTTP: %(reason)s.")
                % {"host": target.host, "reason": type(error).__name__}
            ) from error
        except OSError as error:
            raise ArchiveError(
                _("Could not connect to %(host)s: %(reason)s.")
                % {"host": target.host, "reason": error.strerror or error}
            ) from error
    raise ArchiveError(
        _("%(url)s redirects more than %(count)s times.") % {"url": url, "count": MAX_REDIRECTS}
    )


_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


def media_type(content_type: str) -> str:
    """The bare media type of a Content-Type value, or '' if it is not a well-formed one."""
    value = content_type.split(";")[0].strip().lower()
    return value if _MEDIA_TYPE.match(value) else ""


def _file_name(archive: EvidenceArchive, content_type: str) -> str:
    extension = mimetypes.guess_extension(media_type(content_type) or "", strict=False) or ".bin"
    return f"{archive.pk}{extension}"


def archive(archive_id: int) -> None:
    """Fetch the copy of one evidence link, once. Never raises: a failure is recorded on the row.

    An archive already ARCHIVED is left as it is. Errors (DNS, refused or timed-out connections,
    forbidden addresses, HTTP 4xx/5xx) are stored in `error` with status FAILED; for an HTTP
    error the status and the body are kept too.
    """
    # Errors are stored for everybody to read, so in the platform's language, whoever triggers
    # the fetch (a worker has no language; the immediate backend has the request's).
    with translation.override(settings.LANGUAGE_CODE):
        try:
            _archive(archive_id)
        except Exception:
            logger.exception("Archiving evidence %s failed unexpectedly", archive_id)
            _record(
                archive_id,
                status=ArchiveStatus.FAILED,
                error=_("Archiving failed because of an error on the platform; try again later."),
            )


def _archive(archive_id: int) -> None:
    row = EvidenceArchive.objects.filter(pk=archive_id).first()
    if row is None or row.status == ArchiveStatus.ARCHIVED:
        return
    try:
        fetched = fetch(row.url)
    except ArchiveError as error:
        # A retry that fails differently leaves no trace of an earlier attempt's answer.
        cleared = _record(
            archive_id,
            status=ArchiveStatus.FAILED,
            error=str(error),
            fetched_at=timezone.now(),
            http_status=None,
            content_type="",
            size=None,
            truncated=False,
            sha256="",
            content="",
        )
        if cleared and row.content.name:
            row.content.storage.delete(row.content.name)
        return
    name = row.content.storage.save(
        row.content.field.generate_filename(row, _file_name(row, fetched.content_type)),
        ContentFile(fetched.body),
    )
    failed = fetched.status >= 400
    error = ""
    if failed:
        error = _("The server answered %(status)s %(reason)s.") % {
            "status": fetched.status,
            "reason": fetched.reason,
        }
    elif not 200 <= fetched.status < 300:
        failed = True
        error = _("The server answered %(status)s %(reason)s, not the page itself.") % {
            "status": fetched.status,
            "reason": fetched.reason,
        }
    stored = _record(
        archive_id,
        status=ArchiveStatus.FAILED if failed else ArchiveStatus.ARCHIVED,
        error=error,
        fetched_at=timezone.now(),
        http_status=fetched.status,
        content_type=fetched.content_type,
        size=len(fetched.body),
        truncated=fetched.truncated,
        sha256=hashlib.sha256(fetched.body).hexdigest(),
        content=name,
    )
    if not stored:
        row.content.storage.delete(name)
    elif row.content.name:
        row.content.storage.delete(row.content.name)  # the body of an earlier failed attempt


def _record(archive_id: int, **values: Any) -> bool:
    """Write a result unless the row is archived already (by a concurrent fetch): a stored copy
    is never replaced. Returns whether the row was written."""
    return bool(
        EvidenceArchive.objects.filter(pk=archive_id)
        .exclude(status=ArchiveStatus.ARCHIVED)
        .update(**values)
    )
