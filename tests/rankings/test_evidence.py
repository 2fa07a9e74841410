"""Evidence that cannot be swapped afterwards: uploaded files are what they claim to be, and every
evidence link is fetched once, from the public Internet only, and served back as a download that
cannot run on our origin.

The fetches go to a real HTTP server that the tests start on 127.0.0.1; the tests that talk to it
allow that one address (`EVIDENCE_ARCHIVE_ALLOW_PRIVATE`), which is refused by default.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import socket
import struct
import threading
import time
import zipfile
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from opencity.rankings import evidence, services, tasks
from opencity.rankings.models import Answer, ArchiveStatus, EvidenceArchive, Publication
from tests.factories import MunicipalityFactory
from tests.rankings.test_cycles import dates

pytestmark = pytest.mark.django_db

PAGE = (
    b"<!doctype html><title>Budget decisions 2024</title>"
    b"<p>Decision 17 of the city council</p><script>alert(document.cookie)</script>"
)
NOT_FOUND = b"No such decision"
HUGE = bytes(range(256)) * 1200  # 307,200 bytes
MB = 1024 * 1024


# The local server -------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    server: EvidenceServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass  # quiet test output

    def send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8"):  # type: ignore[no-untyped-def]
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.server.requests.append(
            SimpleNamespace(path=self.path, headers=dict(self.headers.items()))
        )
        path = self.path
        port = self.server.server_address[1]
        if path == "/page":
            self.send(200, PAGE)
        elif path == "/redirect":
            self.redirect("/page")
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            if left:
                self.redirect(f"/chain/{left - 1}")
            else:
                self.send(200, PAGE)
        elif path == "/to-private":
            self.redirect("http://10.0.0.1/internal-report")
        elif path == "/to-metadata":
            self.redirect("http://169.254.169.254/latest/meta-data/")
        elif path == "/to-ipv6-loopback":
            self.redirect(f"http://[::1]:{port}/page")
        elif path == "/to-ftp":
            self.redirect(f"ftp://127.0.0.1:{port}/report.pdf")
        elif path == "/missing":
            self.send(404, NOT_FOUND, "text/plain")
        elif path == "/flaky":
            self.server.flaky_calls += 1
            if self.server.flaky_calls == 1:
                self.send(503, b"Try again later", "text/plain")
            else:
                self.send(200, b"%PDF-1.4 the decision", "application/pdf")
        elif path == "/huge":
            self.send(200, HUGE, "application/octet-stream")
        elif path == "/slow":
            time.sleep(2)
            self.send(200, PAGE)
        elif path == "/trickle":
            # Each byte comes quicker than the socket timeout, the whole never does.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b".")
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/echo":
            self.send(200, json.dumps(dict(self.headers.items())).encode(), "application/json")
        else:
            self.send(404, b"unknown test route", "text/plain")


class EvidenceServer(ThreadingHTTPServer):
    daemon_threads = True  # a sleeping handler must not hold up the end of the test

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[SimpleNamespace] = []
        self.flaky_calls = 0

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.server_address[1]}{path}"

    def paths(self) -> list[str]:
        return [request.path for request in self.requests]


@pytest.fixture
def server() -> Iterator[EvidenceServer]:
    httpd = EvidenceServer()
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def local(settings):  # type: ignore[no-untyped-def]
    """Allow the test server's address, and only that one."""
    settings.EVIDENCE_ARCHIVE_ALLOW_PRIVATE = ["127.0.0.1/32"]


# An answer to hang evidence on ------------------------------------------------------------------


@pytest.fixture
def work(make_person, methodology):  # type: ignore[no-untyped-def]
    coordinator = make_person("coordinator")
    assessor = make_person("assessor")
    municipality = MunicipalityFactory(name_en="Alba Iulia")
    cycle = services.cycle_open(
        actor=coordinator, methodology=methodology, year=2024, name="Transparent Cities",
        municipalities=[municipality], **dates(offset_days=40),
    )  # fmt: skip
    services.assignment_bulk(
        actor=coordinator, cycle=cycle, municipalities=[municipality],
        assessor=assessor, reviewer=make_person("reviewer"),
    )  # fmt: skip
    return SimpleNamespace(
        cycle=cycle,
        municipality=municipality,
        indicator=methodology.indicators.get(code="1.1"),
        assessor=assessor,
        coordinator=coordinator,
        revision=0,
    )


def save(work: SimpleNamespace, urls: list[str], **extra: Any) -> Answer:
    answer = services.answer_save(
        actor=work.assessor, cycle=work.cycle, municipality=work.municipality,
        indicator=work.indicator, level_code="1", expected_revision=work.revision,
        evidence_urls=urls, **extra,
    )  # fmt: skip
    work.revision = answer.revision
    return answer


def pending(work: SimpleNamespace, *urls: str) -> list[EvidenceArchive]:
    """The rows of `urls`, scheduled but not fetched (the test's transaction never commits)."""
    answer = save(work, list(urls))
    evidence.schedule_archiving(answer)
    return [EvidenceArchive.objects.get(answer=answer, url=url) for url in urls]


def fetched(row: EvidenceArchive) -> EvidenceArchive:
    evidence.archive(row.pk)
    row.refresh_from_db()
    return row


# Fetching ---------------------------------------------------------------------------------------


def test_a_page_is_stored_with_its_hash_status_type_and_time(work, server, local):
    (row,) = pending(work, server.url("/page"))
    assert row.status == ArchiveStatus.PENDING and not row.content
    before = timezone.now()
    row = fetched(row)
    assert row.status == ArchiveStatus.ARCHIVED and row.error == ""
    assert row.http_status == 200
    assert row.content_type == "text/html; charset=utf-8"
    assert row.size == len(PAGE) and not row.truncated
    assert row.sha256 == hashlib.sha256(PAGE).hexdigest()
    assert row.content.read() == PAGE
    assert row.content.name.startswith("evidence-archive/") and row.content.name.endswith(".html")
    assert before <= row.fetched_at <= timezone.now()
    assert server.requests[0].headers["User-Agent"] == "OpenCity evidence archiver"


def test_redirects_are_followed_up_to_five_and_each_hop_is_requested(work, server, local):
    redirect, five, six = pending(
        work, server.url("/redirect"), server.url("/chain/5"), server.url("/chain/6")
    )
    assert fetched(redirect).content.read() == PAGE
    assert fetched(five).status == ArchiveStatus.ARCHIVED
    assert server.paths()[2:] == [f"/chain/{left}" for left in range(5, -1, -1)]
    six = fetched(six)
    assert six.status == ArchiveStatus.FAILED and not six.content
    assert six.error == f"{server.url('/chain/6')} redirects more than 5 times."
    assert "/chain/0" not in server.paths()[8:]  # the sixth redirect was not followed


def test_a_redirect_to_a_private_address_is_refused_at_that_hop(work, server, local):
    rows = pending(
        work,
        server.url("/to-private"),
        server.url("/to-metadata"),
        server.url("/to-ipv6-loopback"),
        server.url("/to-ftp"),
    )
    private, metadata, loopback, ftp = (fetched(row) for row in rows)
    for row in (private, metadata, loopback, ftp):
        assert row.status == ArchiveStatus.FAILED and not row.content and row.http_status is None
    assert private.error == (
        "10.0.0.1 points to 10.0.0.1, a private, local or reserved address; "
        "evidence is only fetched from the public Internet."
    )
    assert "169.254.169.254" in metadata.error and "public Internet" in metadata.error
    assert "::1" in loopback.error and "public Internet" in loopback.error
    assert ftp.error.startswith("Only http and https addresses are archived")
    # Only the first hops reached the server; the redirect targets were never requested.
    assert server.paths() == ["/to-private", "/to-metadata", "/to-ipv6-loopback", "/to-ftp"]


def test_with_private_addresses_allowed_a_redirect_within_them_is_followed(work, server, settings):
    settings.EVIDENCE_ARCHIVE_ALLOW_PRIVATE = True
    (row,) = pending(work, server.url("/redirect"))
    assert fetched(row).status == ArchiveStatus.ARCHIVED


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/page",
        "http://localhost:{port}/page",
        "http://10.20.30.40/budget",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/page",
        "http://[::ffff:127.0.0.1]:{port}/page",
        "http://0.0.0.0:{port}/page",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused_by_default(work, server, url):
    (row,) = pending(work, url.format(port=server.server_address[1]))
    row = fetched(row)
    assert row.status == ArchiveStatus.FAILED
    assert "a private, local or reserved address" in row.error
    assert not row.content and row.http_status is None and row.fetched_at is not None
    assert server.requests == []  # refused before connecting


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("64:ff9b::808:808", True),  # NAT64 of a public address
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.5.4", False),
        ("192.168.0.10", False),
        ("100.64.0.1", False),  # carrier-grade NAT, where some clouds keep their metadata
        ("169.254.169.254", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("0.0.0.0", False),  # noqa: S104 - an address checked, not one bound to
        ("::", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("::ffff:10.0.0.1", False),  # IPv4-mapped
        ("2002:a00:1::1", False),  # 6to4 of 10.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
    ],
)
def test_which_addresses_are_public(address, public):
    import ipaddress

    assert evidence.is_public_address(ipaddress.ip_address(address)) is public


def test_the_connection_goes_to_the_checked_address_under_the_host_name(work, server, local):
    (row,) = pending(work, server.url("/echo", host="localhost"))
    row = fetched(row)
    assert row.status == ArchiveStatus.ARCHIVED
    headers = json.loads(row.content.read())
    assert headers["Host"] == f"localhost:{server.server_address[1]}"
    assert headers["User-Agent"] == "OpenCity evidence archiver"
    assert headers["Accept-Encoding"] == "identity"


def test_an_http_error_keeps_status_and_body_but_fails(work, server, local):
    (row,) = pending(work, server.url("/missing"))
    row = fetched(row)
    assert row.status == ArchiveStatus.FAILED
    assert row.error == "The server answered 404 Not Found."
    assert row.http_status == 404 and row.content.read() == NOT_FOUND
    assert row.sha256 == hashlib.sha256(NOT_FOUND).hexdigest()


def test_a_huge_body_is_cut_at_the_limit_and_marked(work, server, local, settings):
    settings.EVIDENCE_ARCHIVE_MAX_BYTES = 64 * 1024
    (row,) = pending(work, server.url("/huge"))
    row = fetched(row)
    assert row.status == ArchiveStatus.ARCHIVED and row.truncated
    assert row.size == 64 * 1024
    assert row.content.read() == HUGE[: 64 * 1024]
    assert row.sha256 == hashlib.sha256(HUGE[: 64 * 1024]).hexdigest()


def test_a_slow_server_times_out(work, server, local, settings):
    settings.EVIDENCE_ARCHIVE_TIMEOUT = 0.3
    (row,) = pending(work, server.url("/slow"))
    started = time.monotonic()
    row = fetched(row)
    assert time.monotonic() - started < 1.9  # gave up before the server answered
    assert row.status == ArchiveStatus.FAILED
    assert row.error == "127.0.0.1 did not answer within 0.3 seconds."


def test_a_server_that_trickles_bytes_is_cut_off_by_the_total_time(work, server, local, settings):
    settings.EVIDENCE_ARCHIVE_TIMEOUT = 0.3
    (row,) = pending(work, server.url("/trickle"))
    started = time.monotonic()
    row = fetched(row)
    assert time.monotonic() - started < 3  # the server would go on for 4 seconds
    assert row.status == ArchiveStatus.FAILED
    assert "did not answer within" in row.error


def test_unknown_host_and_refused_connection_are_recorded(work, server, local):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    unknown, refused = pending(
        work, "https://no-such-host.invalid/decisions", f"http://127.0.0.1:{closed_port}/"
    )
    assert fetched(unknown).error == "The host name no-such-host.invalid could not be found."
    assert fetched(refused).error == "127.0.0.1 refused the connection."
    assert {unknown.status, refused.status} == {ArchiveStatus.FAILED}


def test_an_archived_copy_is_never_fetched_again(work, server, local):
    (row,) = pending(work, server.url("/page"))
    row = fetched(row)
    stored = (row.content.name, row.sha256, row.fetched_at)
    evidence.archive(row.pk)
    tasks.archive_evidence.enqueue(row.pk)
    row.refresh_from_db()
    assert (row.content.name, row.sha256, row.fetched_at) == stored
    assert server.paths() == ["/page"]


def test_archiving_a_row_that_is_gone_does_nothing():
    evidence.archive(987654321)  # e.g. the answer was deleted before the worker got to it


# Scheduling -------------------------------------------------------------------------------------


def test_answer_save_records_every_new_link_once_as_pending(work, server):
    answer = save(work, [server.url("/page"), server.url("/redirect"), server.url("/page")])
    assert sorted(answer.archives.values_list("url", "status")) == [
        (server.url("/page"), ArchiveStatus.PENDING),
        (server.url("/redirect"), ArchiveStatus.PENDING),
    ]


def test_the_fetch_runs_after_the_save_commits(
    work, server, local, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        answer = save(work, [server.url("/page"), server.url("/missing")])
        evidence.schedule_archiving(answer)  # as the save itself does: nothing more is queued
        assert server.requests == []  # nothing is fetched before the commit
    assert len(callbacks) == 2
    archives = {row.url: row for row in answer.archives.all()}
    assert archives[server.url("/page")].status == ArchiveStatus.ARCHIVED
    assert archives[server.url("/missing")].status == ArchiveStatus.FAILED
    assert sorted(server.paths()) == ["/missing", "/page"]


def test_a_rolled_back_save_queues_nothing(work, server, local, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        answer = save(work, [server.url("/page")])
        evidence.schedule_archiving(answer)
        raise RuntimeError("the rest of the save failed")
    assert callbacks == []
    assert not EvidenceArchive.objects.exists() and not Answer.objects.exists()
    assert server.requests == []


def test_a_second_scheduling_does_not_fetch_again(
    work, server, local, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = save(work, [server.url("/page")])
    first = answer.archives.get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert evidence.schedule_archiving(answer) == []
        answer = save(work, [server.url("/page"), server.url("/redirect")])  # one link added
    assert len(callbacks) == 1
    assert answer.archives.get(url=server.url("/page")).sha256 == first.sha256
    assert server.paths() == ["/page", "/redirect", "/page"]  # the new link, not the old one
    # A link removed and added back keeps its first copy.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        save(work, [server.url("/redirect")])
        save(work, [server.url("/page"), server.url("/redirect")])
    assert callbacks == [] and answer.archives.count() == 2
    assert len(server.requests) == 3


def test_schedule_archiving_returns_only_the_rows_it_created(work, server):
    answer = save(work, [server.url("/page")])
    evidence.schedule_archiving(answer)
    answer.evidence_urls = [server.url("/page"), server.url("/redirect")]
    created = evidence.schedule_archiving(answer)
    assert [row.url for row in created] == [server.url("/redirect")]
    assert all(row.status == ArchiveStatus.PENDING for row in created)


def test_a_link_too_long_to_keep_refuses_the_save(work):
    url = "https://city.example.org/" + "a" * 2010
    with pytest.raises(ValidationError) as refused:
        save(work, [url])
    assert "longer than 2000 characters" in str(refused.value)
    assert not Answer.objects.exists() and not EvidenceArchive.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_worker_does_the_fetch(
    make_person, methodology, server, local, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    work = SimpleNamespace(revision=0)
    coordinator = make_person("coordinator")
    work.assessor = make_person("assessor")
    work.municipality = MunicipalityFactory()
    work.cycle = services.cycle_open(
        actor=coordinator, methodology=methodology, year=2024, name="TC",
        municipalities=[work.municipality], **dates(offset_days=40),
    )  # fmt: skip
    services.assignment_bulk(
        actor=coordinator, cycle=work.cycle, municipalities=[work.municipality],
        assessor=work.assessor,
    )  # fmt: skip
    work.indicator = methodology.indicators.get(code="1.1")
    with transaction.atomic():
        answer = save(work, [server.url("/page")])
        evidence.schedule_archiving(answer)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "opencity.rankings.tasks.archive_evidence"
    assert answer.archives.get().status == ArchiveStatus.PENDING and server.requests == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert answer.archives.get().status == ArchiveStatus.ARCHIVED
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


# The command ------------------------------------------------------------------------------------


def test_command_archives_what_waits_and_is_safe_to_rerun(work, server, local):
    page, flaky = pending(work, server.url("/page"), server.url("/flaky"))
    output = io.StringIO()
    call_command("archive_evidence", "--no-progress", stdout=output)
    assert "2 links: 1 archived, 1 failed, 0 still waiting." in output.getvalue()
    flaky.refresh_from_db()
    assert flaky.error == "The server answered 503 Service Unavailable."
    assert flaky.content.read() == b"Try again later"
    failed_body = flaky.content.name

    output = io.StringIO()
    call_command("archive_evidence", "--no-progress", stdout=output)
    assert "0 links: 0 archived, 0 failed, 0 still waiting." in output.getvalue()
    assert server.paths() == ["/page", "/flaky"]

    output = io.StringIO()
    call_command("archive_evidence", "--retry-failed", stdout=output, stderr=io.StringIO())
    assert "1 links: 1 archived, 0 failed" in output.getvalue()
    flaky.refresh_from_db()
    assert flaky.status == ArchiveStatus.ARCHIVED and flaky.error == ""
    assert flaky.content.read() == b"%PDF-1.4 the decision" and flaky.http_status == 200
    assert not flaky.content.storage.exists(failed_body)  # the failed attempt's body is gone
    assert server.paths() == ["/page", "/flaky", "/flaky"]


# Uploaded files ---------------------------------------------------------------------------------


def _png() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = _png()
# The smallest complete JPEG (1×1, one grey pixel): start of image, tables, frame, scan, end.
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c"
    "1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc000"
    "0b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400"
    "b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c1"
    "1552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a63"
    "6465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6"
    "b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008"
    "010100003f00fbd3ffd9"
)


def _docx() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as document:
        document.writestr("[Content_Types].xml", "<Types/>")
        document.writestr("word/document.xml", "<w:document/>")
    return data.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("decision.pdf", PDF, "application/pdf"),
        ("site.png", PNG, "image/png"),
        ("notice.jpg", JPEG, "image/jpeg"),
        ("Notice.JPEG", JPEG, "image/jpeg"),
        ("scan.pdf", PDF, "application/octet-stream"),  # a client that does not know the type
    ],
)
def test_real_pdf_png_and_jpeg_files_are_accepted_with_their_hash(name, content, content_type):
    uploaded = SimpleUploadedFile(name, content, content_type=content_type)
    assert evidence.validate_evidence_file(uploaded) == hashlib.sha256(content).hexdigest()
    assert uploaded.read() == content  # left at the start, ready to be saved


def messages_for(name: str, content: bytes, content_type: str) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        evidence.validate_evidence_file(SimpleUploadedFile(name, content, content_type))
    return refused.value.messages


def test_a_docx_is_refused_even_renamed():
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert messages_for("report.docx", _docx(), docx_type) == [
        "report.docx is not a PDF, PNG or JPEG file."
    ]
    assert messages_for("report.pdf", _docx(), "application/pdf") == [
        "report.pdf is not a PDF, PNG or JPEG file."
    ]
    assert messages_for("page.pdf", b"<html><script>alert(1)</script>", "application/pdf") == [
        "page.pdf is not a PDF, PNG or JPEG file."
    ]


def test_a_file_over_the_limit_is_refused_with_both_sizes():
    content = b"%PDF-1.4\n" + b"0" * (int(14.2 * MB) - 9)
    assert messages_for("scan.pdf", content, "application/pdf") == [
        "scan.pdf is 14.2 MB; the limit is 10 MB."
    ]


def test_the_limit_comes_from_the_setting(settings):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1 * MB
    assert messages_for("scan.pdf", PDF + b" " * MB, "application/pdf") == [
        "scan.pdf is 1.1 MB; the limit is 1 MB."
    ]
    settings.EVIDENCE_MAX_UPLOAD_BYTES = len(PDF)
    assert evidence.validate_evidence_file(SimpleUploadedFile("scan.pdf", PDF, "application/pdf"))


def test_a_name_or_declared_type_that_disagrees_with_the_content_is_refused():
    assert messages_for("photo.pdf", PNG, "image/png") == [
        "photo.pdf is a PNG file, but its name does not end in .png. "
        "Rename it, or choose the file you meant."
    ]
    assert messages_for("scan", JPEG, "image/jpeg") == [
        "scan is a JPEG file, but its name does not end in .jpg, .jpeg. "
        "Rename it, or choose the file you meant."
    ]
    assert messages_for("scan.pdf", PDF, "image/png") == [
        "scan.pdf is a PDF file, but it was sent as “image/png”."
    ]


def test_an_empty_file_is_refused():
    assert messages_for("scan.pdf", b"", "application/pdf") == ["scan.pdf is empty."]


def test_answer_save_stores_the_file_with_its_hash(work):
    answer = save(
        work, [], evidence_file=SimpleUploadedFile("decision.pdf", PDF, "application/pdf")
    )
    answer.refresh_from_db()
    assert answer.evidence_file.read() == PDF
    assert answer.evidence_file_sha256 == hashlib.sha256(PDF).hexdigest()


# Serving stored copies --------------------------------------------------------------------------

CSO_TEAM = {"assessor", "reviewer", "coordinator", "methodology_manager", "admin"}


@pytest.fixture
def stored(work, server, local):  # type: ignore[no-untyped-def]
    """An answer with an archived page and an uploaded PDF, in a cycle not yet published."""
    answer = save(
        work,
        [server.url("/page")],
        evidence_file=SimpleUploadedFile("decision.pdf", PDF, "application/pdf"),
    )
    evidence.schedule_archiving(answer)
    row = fetched(answer.archives.get())
    return SimpleNamespace(answer=answer, archive=row, work=work)


def publish(work: SimpleNamespace) -> None:
    Publication.objects.create(
        cycle=work.cycle,
        version=1,
        published_at=datetime.datetime.now(datetime.UTC),
        published_by=work.coordinator,
    )


@pytest.mark.parametrize(
    "role",
    [
        "visitor",
        "citizen",
        "assessor",
        "reviewer",
        "coordinator",
        "methodology_manager",
        "city_official",
        "moderator",
        "admin",
    ],
)
def test_before_publication_only_the_coalition_and_admins_get_the_evidence(
    client, stored, make_person, role
):
    person = make_person(role)
    if role != "visitor":
        client.force_login(person)
    archive_url = f"/en/rankings/evidence/archive/{stored.archive.pk}/"
    file_url = f"/en/rankings/evidence/file/{stored.answer.pk}/"
    expected = 200 if role in CSO_TEAM else 404
    assert client.get(archive_url).status_code == expected
    assert client.get(file_url).status_code == expected


def test_a_stored_page_is_a_download_that_cannot_run_on_our_origin(client, stored, make_person):
    client.force_login(make_person("assessor"))
    response = client.get(f"/en/rankings/evidence/archive/{stored.archive.pk}/")
    assert b"".join(response.streaming_content) == PAGE
    assert response["Content-Type"] == "text/html"
    assert response["Content-Disposition"] == (
        f'attachment; filename="evidence-{stored.archive.pk}.html"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].split(";")[0] == "sandbox"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private, no-store"


def test_the_uploaded_file_is_served_as_it_was_uploaded(client, stored, make_person):
    client.force_login(make_person("reviewer"))
    response = client.get(f"/en/rankings/evidence/file/{stored.answer.pk}/")
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_after_publication_everyone_gets_the_evidence(client, stored, django_assert_num_queries):
    publish(stored.work)
    with django_assert_num_queries(1):
        response = client.get(f"/en/rankings/evidence/archive/{stored.archive.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PAGE
    assert "Cache-Control" not in response
    assert response["Content-Security-Policy"].startswith("sandbox")
    response = client.get(f"/en/rankings/evidence/file/{stored.answer.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_nothing_to_serve_is_not_found(client, work, server, make_person):
    client.force_login(make_person("admin"))
    (row,) = pending(work, server.url("/page"))  # still waiting: no copy yet
    assert client.get(f"/en/rankings/evidence/archive/{row.pk}/").status_code == 404
    assert client.get(f"/en/rankings/evidence/file/{row.answer_id}/").status_code == 404
    assert client.get("/en/rankings/evidence/archive/987654/").status_code == 404
    assert client.get("/en/rankings/evidence/file/987654/").status_code == 404


def test_the_stored_copy_cannot_be_changed_through_the_view(client, stored, make_person):
    client.force_login(make_person("admin"))
    url = f"/en/rankings/evidence/archive/{stored.archive.pk}/"
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200


def test_officials_get_their_own_citys_draft_evidence_from_the_reply_phase_on(
    client, stored, make_person, city_hall
):
    from opencity.rankings.models import Answer
    from tests.rankings.conftest import move_to

    # The stored answer belongs to the official's own city from here on.
    Answer.objects.filter(pk=stored.answer.pk).update(municipality=city_hall.municipality)
    stored.work.cycle.municipalities.add(city_hall.municipality)
    official = make_person("city_official")
    client.force_login(official)
    archive_url = f"/en/rankings/evidence/archive/{stored.archive.pk}/"
    assert client.get(archive_url).status_code == 404  # still being assessed
    move_to(stored.work.cycle, "city_reply")
    assert client.get(archive_url).status_code == 200
    assert client.get(f"/en/rankings/evidence/file/{stored.answer.pk}/").status_code == 200
    Answer.objects.filter(pk=stored.answer.pk).update(municipality=stored.work.municipality)
    assert client.get(archive_url).status_code == 404  # another city's evidence


def test_plain_media_serving_in_development_never_hands_out_evidence(rf, tmp_path):
    from django.http import Http404

    from opencity.urls import serve_public_media

    (tmp_path / "evidence-archive").mkdir()
    (tmp_path / "evidence-archive" / "page.html").write_text("<script>alert(1)</script>")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    for path in ("evidence-archive/page.html", "evidence/a.pdf", "dispute-evidence/b.pdf"):
        with pytest.raises(Http404):
            serve_public_media(rf.get("/media/" + path), path, document_root=str(tmp_path))
    response = serve_public_media(rf.get("/media/logo.png"), "logo.png", str(tmp_path))
    assert response.status_code == 200
