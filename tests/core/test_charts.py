"""The SVG charts: well-formed XML, named for screen readers, every value printed, text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from opencity.core import charts

SVG = "{http://www.w3.org/2000/svg}"
NASTY = "<script>alert('x')</script> & \"quotes\""


def parse(markup: str) -> ET.Element:
    # The markup is the charts' own output, not data from outside: the standard parser is fine.
    root = ET.fromstring(str(markup))  # noqa: S314
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def assert_named(root: ET.Element, chart_id: str, title: str, description: str = "") -> None:
    """role="img" with aria-labelledby pointing at its own <title> (and <desc>)."""
    assert root.get("role") == "img"
    assert root.get("id") == chart_id
    ids = root.get("aria-labelledby", "").split()
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    assert ids[0] == f"{chart_id}-title"
    assert by_id[ids[0]].tag == f"{SVG}title"
    assert by_id[ids[0]].text == title
    if description:
        assert by_id[ids[1]].tag == f"{SVG}desc"
        assert by_id[ids[1]].text == description
    else:
        assert len(ids) == 1


def test_bar_chart_prints_every_value_and_the_comparison():
    root = parse(
        charts.bar_chart(
            chart_id="areas",
            title="Scores by area",
            description="Each area against the average of the cycle.",
            bars=[
                charts.Bar("Openness", 66.7, 55.5),
                charts.Bar("Budget", 100, 80),
                charts.Bar("Procurement", None, 12.5),
            ],
            value_name="Alba Iulia",
            comparison_name="Average",
            comparison_template="%(value)s (average %(comparison)s)",
        )
    )
    assert_named(root, "areas", "Scores by area", "Each area against the average of the cycle.")
    labels = texts(root)
    assert "Openness" in labels and "Budget" in labels and "Procurement" in labels
    assert "66.7 (average 55.5)" in labels
    assert "100.0 (average 80.0)" in labels
    # No value: no bar, and the text says so instead of leaving a gap that reads as zero.
    assert "— (average 12.5)" in labels
    assert "Alba Iulia" in labels and "Average" in labels  # the legend
    assert len(root.findall(f"{SVG}rect")) == 1 + 2  # legend swatch + two bars
    # The comparison is a dashed line: its shape tells it apart, not only its colour.
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1 + 3


def test_bar_lengths_are_proportional_to_the_values():
    root = parse(
        charts.bar_chart(
            chart_id="b",
            title="t",
            bars=[charts.Bar("half", 50), charts.Bar("full", 100), charts.Bar("over", 250)],
        )
    )
    widths = [float(rect.get("width", "0")) for rect in root.findall(f"{SVG}rect")]
    assert widths[1] == pytest.approx(2 * widths[0])
    assert widths[2] == widths[1]  # out of range is drawn at the edge, printed as it is
    assert "250.0" in texts(root)


def test_numbers_are_formatted_by_the_caller():
    root = parse(
        charts.bar_chart(
            chart_id="b",
            title="t",
            bars=[charts.Bar("a", 66.7)],
            number_format=lambda value: f"{value:.1f}".replace(".", ","),
        )
    )
    assert "66,7" in texts(root)


def test_grouped_bar_chart_labels_each_bar_with_its_series():
    root = parse(
        charts.grouped_bar_chart(
            chart_id="compare",
            title="Areas compared",
            categories=["Openness", "Budget"],
            series=[
                charts.Series("Alba Iulia", [66.7, 40]),
                charts.Series("Brasov", [100, None]),
                charts.Series("Cluj", [0, 20]),
            ],
        )
    )
    assert_named(root, "compare", "Areas compared")
    labels = texts(root)
    for expected in (
        "Alba Iulia: 66.7",
        "Alba Iulia: 40.0",
        "Brasov: 100.0",
        "Brasov: —",
        "Cluj: 0.0",
        "Cluj: 20.0",
    ):
        assert expected in labels
    # Series differ by fill pattern too; the patterns' ids carry the chart's id.
    patterns = [pattern.get("id") for pattern in root.iter(f"{SVG}pattern")]
    assert patterns == ["compare-pattern-1", "compare-pattern-2"]
    fills = {rect.get("fill") for rect in root.findall(f"{SVG}rect")}
    assert "url(#compare-pattern-1)" in fills and "url(#compare-pattern-2)" in fills


@pytest.mark.parametrize("count", [0, 5])
def test_grouped_bar_chart_refuses_too_few_or_too_many_series(count):
    with pytest.raises(ValueError, match="series"):
        charts.grouped_bar_chart(
            chart_id="c",
            title="t",
            categories=["a"],
            series=[charts.Series(f"s{n}", [1]) for n in range(count)],
        )


def test_series_must_have_a_value_per_category():
    with pytest.raises(ValueError, match="2 values for 1"):
        charts.grouped_bar_chart(
            chart_id="c", title="t", categories=["a"], series=[charts.Series("s", [1, 2])]
        )


def test_line_chart_marks_and_prints_every_point_and_breaks_at_a_gap():
    root = parse(
        charts.line_chart(
            chart_id="history",
            title="Total by year",
            description="From 2021 to 2024",
            labels=["2021", "2022", "2023", "2024"],
            series=[charts.Series("Total", [40, 55.5, None, 70])],
        )
    )
    assert_named(root, "history", "Total by year", "From 2021 to 2024")
    labels = texts(root)
    for expected in ("2021", "2022", "2023", "2024", "40.0", "55.5", "70.0", "Total"):
        assert expected in labels
    lines = root.findall(f"{SVG}polyline")
    # 2021–2022 joined; 2024 stands alone after the missing 2023.
    assert len(lines) == 1
    assert len(lines[0].get("points", "").split()) == 2
    assert len(root.findall(f"{SVG}circle")) == 1 + 3  # legend marker + three points


def test_line_chart_puts_higher_values_higher():
    root = parse(
        charts.line_chart(
            chart_id="l", title="t", labels=["a", "b"], series=[charts.Series("s", [0, 100])]
        )
    )
    points = root.findall(f"{SVG}circle")[1:]
    assert float(points[1].get("cy", "0")) < float(points[0].get("cy", "0"))


def test_line_chart_with_one_point_draws_a_marker_without_a_line():
    root = parse(
        charts.line_chart(
            chart_id="l", title="t", labels=["2024"], series=[charts.Series("s", [5])]
        )
    )
    assert not root.findall(f"{SVG}polyline")
    assert "5.0" in texts(root)


def test_every_text_is_escaped():
    markups = [
        charts.bar_chart(
            chart_id="x",
            title=NASTY,
            description=NASTY,
            bars=[charts.Bar(NASTY, 10, 5)],
            value_name=NASTY,
            comparison_name=NASTY,
        ),
        charts.grouped_bar_chart(
            chart_id="y",
            title=NASTY,
            categories=[NASTY],
            series=[charts.Series(NASTY, [1]), charts.Series("b", [2])],
        ),
        charts.line_chart(
            chart_id="z", title=NASTY, labels=[NASTY], series=[charts.Series(NASTY, [1])]
        ),
    ]
    for markup in markups:
        assert "<script>" not in markup
        root = parse(markup)  # a stray "<" or "&" would make it ill-formed
        assert root.find(f"{SVG}title").text == NASTY
        assert any(NASTY in text or text.startswith("<script>") for text in texts(root))
        assert not list(root.iter(f"{SVG}script"))


def test_an_identifier_cannot_break_out_of_its_attribute():
    markup = charts.bar_chart(chart_id='a" onload="alert(1)', title="t", bars=[])
    root = parse(markup)
    assert root.get("onload") is None
    assert root.get("id") == 'a" onload="alert(1)'


def test_two_charts_on_one_page_have_distinct_ids():
    first = parse(charts.bar_chart(chart_id="one", title="t", bars=[charts.Bar("a", 1)]))
    second = parse(charts.bar_chart(chart_id="two", title="t", bars=[charts.Bar("a", 1)]))
    ids = [e.get("id") for root in (first, second) for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
