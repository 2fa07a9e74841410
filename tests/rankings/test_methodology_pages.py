"""The methodology managers' pages: import a methodology file, clone a methodology into a new
edition with an indicator mapping, freeze a draft. Managers and administrators only; bad files
and bad input are refused with errors at their fields, and nothing is saved."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from opencity.rankings import exchange, services
from opencity.rankings.models import (
    Area,
    CategoryThreshold,
    Indicator,
    Methodology,
    MethodologyStatus,
    Scale,
    ScaleLevel,
)

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Every methodology-sized table, to show that a refused file leaves nothing behind.
TABLES = (Methodology, Scale, ScaleLevel, Area, Indicator, CategoryThreshold)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


@pytest.fixture
def frozen(methodology, manager):
    return services.methodology_freeze(actor=manager, methodology=methodology)


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def xlsx_file(
    methodology: Methodology, *, edition: int = 2030, drop: str = ""
) -> SimpleUploadedFile:
    """The methodology's own download, as a new edition (or without the sheet `drop`)."""
    workbook = load_workbook(io.BytesIO(exchange.export_xlsx(methodology)))
    sheet = workbook["methodology"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("edition") + 1, value=edition)
    if drop:
        del workbook[drop]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("methodology.xlsx", buffer.getvalue(), XLSX_TYPE)


def zip_file(methodology: Methodology, /, **replacements: tuple[str, str]) -> SimpleUploadedFile:
    """The methodology's ZIP of CSV files, with text replaced in some of them."""
    source = zipfile.ZipFile(io.BytesIO(exchange.export_csv_zip(methodology)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            content = source.read(name).decode()
            table = name.removesuffix(".csv")
            if table in replacements:
                old, new = replacements[table]
                assert old in content
                content = content.replace(old, new)
            archive.writestr(name, content)
    return SimpleUploadedFile("methodology.zip", buffer.getvalue(), "application/zip")


# --- Who may use the pages --------------------------------------------------------------------

ACCESS = {
    "methodology_manager": 200,
    "admin": 200,
    "citizen": 403,
    "assessor": 403,
    "reviewer": 403,
    "coordinator": 403,
    "city_official": 403,
    "moderator": 403,
}


@pytest.mark.parametrize("role", sorted(ACCESS))
def test_only_methodology_managers_and_admins_use_the_pages(client, methodology, make_person, role):
    client.force_login(make_person(role))
    for url in (
        "/en/rankings/methodologies/import/",
        f"/en/rankings/methodologies/{methodology.pk}/clone/",
        f"/en/rankings/methodologies/{methodology.pk}/freeze/",
    ):
        assert client.get(url).status_code == ACCESS[role], url
    response = client.post(f"/en/rankings/methodologies/{methodology.pk}/freeze/")
    assert response.status_code == (302 if ACCESS[role] == 200 else 403)
    methodology.refresh_from_db()
    assert methodology.is_frozen is (ACCESS[role] == 200)


def test_visitors_are_sent_to_log_in(client, methodology):
    for url in (
        "/en/rankings/methodologies/import/",
        f"/en/rankings/methodologies/{methodology.pk}/clone/",
        f"/en/rankings/methodologies/{methodology.pk}/freeze/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(f"/en/rankings/methodologies/{methodology.pk}/freeze/").status_code == 302
    methodology.refresh_from_db()
    assert not methodology.is_frozen


def test_unknown_methodologies_are_not_found(client, manager):
    client.force_login(manager)
    assert client.get("/en/rankings/methodologies/999999/clone/").status_code == 404
    assert client.get("/en/rankings/methodologies/999999/freeze/").status_code == 404


def test_the_list_and_the_methodology_page_link_to_the_pages_for_those_who_may(
    client, frozen, manager, make_person
):
    draft = services.methodology_clone(actor=manager, methodology=frozen, edition=2025)
    page = text(client.get("/en/rankings/methodologies/"))
    assert "Import a methodology" not in page
    page = text(client.get(f"/en/rankings/methodologies/{frozen.pk}/"))
    assert "This methodology is frozen: it cannot be changed any more." in page
    assert "/clone/" not in page and "/freeze/" not in page
    client.force_login(make_person("coordinator"))
    assert "Import a methodology" not in text(client.get("/en/rankings/methodologies/"))
    client.force_login(manager)
    page = text(client.get("/en/rankings/methodologies/"))
    assert 'href="/en/rankings/methodologies/import/"' in page
    page = text(client.get(f"/en/rankings/methodologies/{frozen.pk}/"))
    assert f'href="/en/rankings/methodologies/{frozen.pk}/clone/"' in page
    assert "/freeze/" not in page  # frozen already
    page = text(client.get(f"/en/rankings/methodologies/{draft.pk}/"))
    assert f'href="/en/rankings/methodologies/{draft.pk}/freeze/"' in page
    assert "it cannot be changed any more" not in page


# --- Import -----------------------------------------------------------------------------------


def test_importing_a_workbook_creates_a_draft_and_shows_it(client, frozen, manager):
    client.force_login(manager)
    for language in ("en", "uk", "ro", "bg"):
        assert client.get(f"/{language}/rankings/methodologies/import/").status_code == 200
    response = client.post(
        "/en/rankings/methodologies/import/", {"file": xlsx_file(frozen)}, follow=True
    )
    imported = Methodology.objects.get(edition=2030)
    assert response.redirect_chain[-1][0] == f"/en/rankings/methodologies/{imported.pk}/"
    assert imported.status == MethodologyStatus.DRAFT and imported.predecessor is None
    assert sorted(imported.indicators.values_list("code", flat=True)) == ["1.1", "1.2", "1.3"]
    assert "has been imported as a draft" in text(response)


def test_importing_csv_files_as_the_next_edition_links_the_indicators(client, frozen, manager):
    client.force_login(manager)
    upload = zip_file(
        frozen,
        methodology=("2024", "2031"),
        indicators=("1.1,1,Indicator 1", "1.1,1,Renamed indicator"),
    )
    page = text(client.get("/en/rankings/methodologies/import/"))
    assert f'<option value="{frozen.pk}">' in page
    response = client.post(
        "/en/rankings/methodologies/import/", {"file": upload, "predecessor": frozen.pk}
    )
    imported = Methodology.objects.get(edition=2031)
    assert response.status_code == 302
    assert imported.predecessor == frozen
    assert imported.indicators.get(code="1.1").title_en == "Renamed indicator"


def upload_refused(client, upload) -> str:  # type: ignore[no-untyped-def]
    before = row_counts()
    response = client.post("/en/rankings/methodologies/import/", {"file": upload})
    assert response.status_code == 400
    assert row_counts() == before, "a refused file must leave nothing behind"
    page = text(response)
    # The errors are a list tied to the file field.
    assert 'aria-describedby="id_file_helptext id_file_error"' in page
    assert '<ul class="errorlist" id="id_file_error">' in page
    assert 'role="alert"' in page
    return page


def test_a_file_that_is_not_a_zip_is_refused(client, manager):
    client.force_login(manager)
    page = upload_refused(
        client, SimpleUploadedFile("methodology.zip", b"code,title\n1,x\n", "application/zip")
    )
    assert "neither an XLSX workbook nor a ZIP of CSV files" in page


def test_a_workbook_without_a_sheet_is_refused(client, frozen, manager):
    client.force_login(manager)
    page = upload_refused(client, xlsx_file(frozen, drop="thresholds"))
    assert "table thresholds: the workbook has no such sheet" in page


def test_a_duplicate_indicator_code_is_refused_and_nothing_is_saved(client, frozen, manager):
    client.force_login(manager)
    # Methodology, scales and areas come before the indicators: they must be rolled back too.
    page = upload_refused(
        client,
        zip_file(frozen, methodology=("2024", "2032"), indicators=("1.2,1,", "1.1,1,")),
    )
    assert "table indicators, row 3, column code: indicator 1.1 appears twice" in page
    assert not Methodology.objects.filter(edition=2032).exists()


def test_an_edition_that_exists_already_is_refused(client, frozen, manager):
    client.force_login(manager)
    page = upload_refused(client, xlsx_file(frozen, edition=2024))
    assert "this name, edition and version already exist" in page


def test_a_missing_file_is_asked_for(client, manager):
    client.force_login(manager)
    response = client.post("/en/rankings/methodologies/import/", {})
    assert response.status_code == 400
    assert "Choose the file to import." in text(response)


def test_the_import_page_makes_the_same_queries_however_many_methodologies(
    client, frozen, manager, django_assert_num_queries
):
    client.force_login(manager)
    with django_assert_num_queries(5):
        client.get("/en/rankings/methodologies/import/")
    for edition in range(2025, 2030):
        services.methodology_clone(actor=manager, methodology=frozen, edition=edition)
    with django_assert_num_queries(5):
        page = text(client.get("/en/rankings/methodologies/import/"))
    assert page.count("<option") == 1 + 6


# --- Clone ------------------------------------------------------------------------------------


def test_cloning_with_a_mapping_renames_and_drops_indicators(client, frozen, manager):
    client.force_login(manager)
    page = text(client.get(f"/en/rankings/methodologies/{frozen.pk}/clone/"))
    assert 'name="edition" value="2025"' in page
    response = client.post(
        f"/en/rankings/methodologies/{frozen.pk}/clone/",
        {"edition": "2025", "version": "1", "mapping": "1.3 → 1.4\n\n1.2 ->\n"},
        follow=True,
    )
    clone = Methodology.objects.get(edition=2025)
    assert response.redirect_chain[-1][0] == f"/en/rankings/methodologies/{clone.pk}/"
    codes = dict(clone.indicators.values_list("code", "predecessor__code"))
    assert codes == {"1.1": "1.1", "1.4": "1.3"}
    assert clone.predecessor == frozen and clone.status == MethodologyStatus.DRAFT
    assert "has been created as a draft" in text(response)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"mapping": "1.1 1.5"}, "mapping", "Line 1: write the old code, an arrow"),
        ({"mapping": "1.1 → 1.5\n1.1 → 1.6"}, "mapping", "Line 2: 1.1 is mapped twice."),
        ({"mapping": "→ 1.5"}, "mapping", "Line 1: the old code is missing."),
        ({"mapping": "9.9 → 9.10"}, "mapping", "not in the methodology: 9.9"),
        ({"mapping": "1.1 → 1.2"}, "mapping", "Two indicators would get the same code: 1.2"),
        ({"edition": "2024"}, "version", "already exists"),
        ({"edition": "zero"}, "edition", "Enter a whole number."),
        ({"version": "0"}, "version", "greater than or equal to 1"),
    ],
)
def test_clone_errors_show_at_their_fields_and_nothing_is_saved(
    client, frozen, manager, data, field, message
):
    client.force_login(manager)
    before = row_counts()
    values = {"edition": "2025", "version": "1", "mapping": "", **data}
    response = client.post(f"/en/rankings/methodologies/{frozen.pk}/clone/", values)
    assert response.status_code == 400
    assert row_counts() == before
    page = text(response)
    error = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    assert error and message in error.group(1)
    assert f'id_{field}_error"' in page and 'aria-invalid="true"' in page
    if values["mapping"]:
        assert f">\n{values['mapping']}</textarea>" in page  # what was typed is kept


# --- Freeze -----------------------------------------------------------------------------------


def test_freezing_asks_first_and_then_freezes(client, methodology, manager):
    client.force_login(manager)
    url = f"/en/rankings/methodologies/{methodology.pk}/freeze/"
    page = text(client.get(url))
    assert "can never be changed again" in page and "Freeze the methodology" in page
    methodology.refresh_from_db()
    assert not methodology.is_frozen  # looking at the page changes nothing
    response = client.post(url, follow=True)
    methodology.refresh_from_db()
    assert methodology.is_frozen and methodology.frozen_at is not None
    page = text(response)
    assert "is frozen. It can no longer be changed." in page
    assert "This methodology is frozen: it cannot be changed any more." in page
    # Frozen: the page says so and offers no button; a second freeze is refused.
    page = text(client.get(url))
    assert "Freeze the methodology</button>" not in page and "it cannot be changed" in page
    response = client.post(url)
    assert response.status_code == 400 and "is frozen and cannot be changed" in text(response)


def test_an_incomplete_methodology_is_not_frozen_and_says_why(client, manager):
    client.force_login(manager)
    empty = services.methodology_create(actor=manager, name="Empty", edition=2026)
    response = client.post(f"/en/rankings/methodologies/{empty.pk}/freeze/")
    assert response.status_code == 400
    page = text(response)
    assert "it has no indicator; it has no category threshold" in page
    assert 'role="alert"' in page
    empty.refresh_from_db()
    assert not empty.is_frozen


def test_names_are_escaped(client, manager):
    client.force_login(manager)
    bad = services.methodology_create(actor=manager, name="<script>x()</script>", edition=2026)
    for url in (
        f"/en/rankings/methodologies/{bad.pk}/freeze/",
        f"/en/rankings/methodologies/{bad.pk}/clone/",
    ):
        page = text(client.get(url))
        assert "<script>x()" not in page and "&lt;script&gt;x()" in page
