"""Export in OGP's layout (`opencity export_ogp`), the round trip through the importer, and the
open-data downloads."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from opencity.accounts.models import Organisation
from opencity.actionplans import ogp_exchange
from opencity.actionplans.models import ActionPlan, Assessment, Commitment, Member, PolicyArea
from opencity.actionplans.ogp_exchange import ogp_import
from tests import factories
from tests.actionplans import test_ogp_import
from tests.actionplans.factories import ProgressUpdateFactory
from tests.actionplans.test_ogp_import import sample_bytes, snapshot

# The countries and the municipality of the sample file.
places = test_ogp_import.places


def wipe() -> None:
    Assessment.objects.all().delete()
    Commitment.all_objects.all().delete()
    ActionPlan.all_objects.all().delete()
    Member.objects.all().delete()
    Organisation.objects.all().delete()
    PolicyArea.objects.all().delete()


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_export_writes_the_ogp_layout(places, tmp_path):
    ogp_import(sample_bytes())
    out = tmp_path / "export.csv"

    call_command("export_ogp", str(out), stdout=io.StringIO())

    rows = {row["Commitment Unique Identifier"]: row for row in rows_of(out.read_text())}
    assert len(rows) == 12
    first = rows["UA0051"]
    assert first["Country/Locality"] == "Ukraine" and first["National Or Local"] == "National"
    assert (first["Action Plan ID"], first["Action Plan Number"]) == ("AP_UKR04", "4")
    assert (first["Start Date"], first["End Date"]) == ("9/1/2016", "6/30/2018")
    assert first["Supporting Institution(s)"] == (
        "State Enterprise Prozorro; Transparency International Ukraine"
    )
    assert (first["Open contracting"], first["Fiscal openness"]) == ("1", "0")
    assert (first["Specificity"], first["Verifiable"], first["Potential Impact"]) == (
        "High", "Yes", "Transformative",
    )  # fmt: skip
    assert (first["Completion (Progress Report)"], first["Completion (End Of Term)"]) == (
        "Substantial", "Complete",
    )  # fmt: skip
    assert first["Did It Open Government (Overall)"] == "Major"
    assert first["Starred (Current Formula)"] == "1"
    assert rows["UA0053"]["Completion (End Of Term)"] == "ND"
    assert rows["UA0053"]["Did It Open Government (Overall)"] == "NR"
    assert rows["UA0053"]["End Date"] == ""
    assert rows["UA0072"]["Did It Open Government (Overall)"] == "No early results to report yet"
    assert rows["UA0071"]["Early Results"] == "Moderate"
    assert rows["IAS0001"]["Country/Locality"] == "Iași, Romania"
    assert rows["IAS0001"]["National Or Local"] == "Local"


def test_import_of_an_export_gives_the_same_data_back(places, tmp_path):
    ogp_import(sample_bytes())
    before = snapshot()
    out = tmp_path / "export.csv"
    call_command("export_ogp", str(out), stdout=io.StringIO())
    wipe()
    assert Commitment.all_objects.count() == 0

    call_command("import_ogp", str(out), "--no-progress", stdout=io.StringIO())

    assert snapshot() == before
    # And the export of the re-import is the same file.
    again = tmp_path / "again.csv"
    call_command("export_ogp", str(again), stdout=io.StringIO())
    assert again.read_text() == out.read_text()


def test_export_of_a_member_or_a_plan(places, tmp_path):
    ogp_import(sample_bytes())
    out = tmp_path / "out.csv"

    call_command("export_ogp", str(out), "--member", "iasi", stdout=io.StringIO())
    assert {row["Commitment Unique Identifier"] for row in rows_of(out.read_text())} == {
        "IAS0001", "IAS0002", "IAS0003",
    }  # fmt: skip

    call_command("export_ogp", str(out), "--plan", "AP_UKR05", stdout=io.StringIO())
    assert {row["Commitment Unique Identifier"] for row in rows_of(out.read_text())} == {
        "UA0071", "UA0072", "UA0073",
    }  # fmt: skip

    with pytest.raises(CommandError, match="No member"):
        call_command("export_ogp", str(out), "--member", "nowhere")


def test_export_leaves_drafts_out_unless_asked(places, tmp_path):
    ogp_import(sample_bytes())
    ActionPlan.all_objects.filter(identifier="AP_UKR05").update(status="draft")
    out = tmp_path / "out.csv"

    call_command("export_ogp", str(out), stdout=io.StringIO())
    assert len(rows_of(out.read_text())) == 9

    call_command("export_ogp", str(out), "--include-drafts", stdout=io.StringIO())
    assert len(rows_of(out.read_text())) == 12


# Downloads -----------------------------------------------------------------------------------


@pytest.fixture
def published(places):
    ogp_import(sample_bytes())
    ActionPlan.all_objects.filter(identifier="AP_UKR05").update(status="draft")
    person = factories.UserFactory(display_name="Olena Petrenko", email="olena@example.org")
    ProgressUpdateFactory(
        commitment=Commitment.all_objects.get(identifier="UA0051"),
        author=person,
        title_en="Report by Olena Petrenko",
    )
    Assessment.objects.filter(commitment__identifier="UA0051").update(author=person)
    return person


def download(client, name: str, *args: str) -> str:
    response = client.get(reverse(f"actionplans:{name}", args=args))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_download_of_all_public_commitments(client, published):
    text = download(client, "data_commitments", "csv")

    identifiers = [row["Commitment Unique Identifier"] for row in rows_of(text)]
    assert len(identifiers) == 9
    assert not {"UA0071", "UA0072", "UA0073"} & set(identifiers)
    assert "Olena" not in text and "olena@example.org" not in text


def test_json_download_has_the_same_fields(client, published):
    data = json.loads(download(client, "data_commitments", "json"))

    assert data["columns"][0] == "Commitment Unique Identifier"
    assert len(data["commitments"]) == 9
    first = next(c for c in data["commitments"] if c["Commitment Unique Identifier"] == "UA0051")
    assert first["Completion (End Of Term)"] == "Complete"
    assert set(first) == set(data["columns"])
    assert "Olena" not in json.dumps(data)


def test_downloads_per_member_and_plan(client, published):
    member = rows_of(download(client, "data_member_commitments", "ukraine", "csv"))
    assert [row["Commitment Unique Identifier"] for row in member] == [
        "UA0051", "UA0052", "UA0053", "UA0054",
    ]  # fmt: skip
    plan = json.loads(download(client, "data_plan_commitments", "AP_IAS01", "json"))
    assert len(plan["commitments"]) == 3


def test_a_draft_plan_and_unknown_formats_are_not_found(client, published):
    for name, args in (
        ("data_plan_commitments", ("AP_UKR05", "csv")),
        ("data_plan_commitments", ("AP_UKR05", "json")),
        ("data_plan_commitments", ("AP_NOPE01", "csv")),
        ("data_member_commitments", ("nowhere", "csv")),
        ("data_commitments", ("xlsx",)),
    ):
        assert client.get(reverse(f"actionplans:{name}", args=args)).status_code == 404, args


def test_download_query_count_does_not_depend_on_the_commitments(
    client, published, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        download(client, "data_commitments", "csv")
    text = sample_bytes().decode("utf-8-sig").replace("IAS000", "IAS010").replace("UA005", "UA015")
    ogp_import(text.replace("AP_IAS01,1,", "AP_IAS02,2,").encode())
    assert Commitment.public.count() > 9
    with django_assert_max_num_queries(8):
        download(client, "data_commitments", "csv")


def test_data_page_lists_the_downloads_of_public_plans(
    client, published, django_assert_num_queries
):
    with django_assert_num_queries(3):
        response = client.get(reverse("actionplans:data"))

    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("actionplans:data_commitments", args=["csv"]) in body
    assert reverse("actionplans:data_member_commitments", args=["iasi", "json"]) in body
    assert reverse("actionplans:data_plan_commitments", args=["AP_UKR04", "csv"]) in body
    assert "AP_UKR05" not in body
    assert "All 9 commitments" in body


def test_export_row_spelling_of_every_scale_value():
    for column, (field_name, choices) in ogp_exchange.SCALE_COLUMNS.items():
        lookup = ogp_exchange._SCALE_LOOKUPS[column]
        for value, _label in choices:
            spelled = ogp_exchange.export_spelling(field_name, value)
            assert (
                lookup.get(
                    ogp_exchange._cell_key(spelled),
                    ogp_exchange.MARKERS.get(ogp_exchange._cell_key(spelled)),
                )
                == value
            ), (column, value, spelled)
