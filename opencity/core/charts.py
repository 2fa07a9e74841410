"""Charts drawn on the server as inline SVG, readable without JavaScript and without colour.

Each function takes plain values and returns the markup of one `<svg role="img">`, named by its
`<title>` and `<desc>` through `aria-labelledby`. Every value is printed beside its bar or point,
series differ by pattern and marker shape as well as by colour, and the page shows a table with
the same numbers next to the chart: the chart is a picture of the table, never the only copy.

The functions are pure: the caller translates the texts and formats the numbers (in the reader's
language) and passes them in; everything given is escaped here. Coordinates use a fixed viewBox,
so a chart scales with the width of the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

Number = float | int

WIDTH = 640
FONT_SIZE = 14
SMALL_FONT_SIZE = 12
TEXT_COLOUR = "#1b1f24"
GRID_COLOUR = "#c4ccd6"
# Series colours, each at least 3:1 against white (WCAG 1.4.11), in the order series are given.
SERIES_COLOURS = ("#0b4f8a", "#a4161a", "#1e6b33", "#6b3fa0")
# A second signal besides colour: the fill pattern of bars and the marker shape of points.
PATTERNS = ("solid", "stripes", "dots", "grid")
MARKERS = ("circle", "square", "triangle", "diamond")
MAX_SERIES = len(SERIES_COLOURS)


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None: no value) and an optional value to compare with."""

    label: str
    value: Number | None
    comparison: Number | None = None


@dataclass(frozen=True)
class Series:
    """One named series: a value (or None) per category of a grouped chart or per point of a
    line chart."""

    name: str
    values: Sequence[Number | None]


def one_decimal(value: Number) -> str:
    return f"{value:.1f}"


# --- Markup --------------------------------------------------------------------------------------


def _number(value: Number) -> str:
    """A coordinate: at most one decimal, no exponent, no locale."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attributes(attributes: dict[str, object]) -> SafeString:
    items = (
        (name.rstrip("_").replace("_", "-"), _number(value) if isinstance(value, float) else value)
        for name, value in attributes.items()
        if value is not None
    )
    return format_html_join(" ", '{}="{}"', items)


def _tag(name: str, *children: SafeString | str, **attributes: object) -> SafeString:
    """An element; string children are text and get escaped, SafeString children are markup."""
    content = format_html_join("", "{}", ((child,) for child in children))
    if not children:
        return format_html("<{} {}/>", name, _attributes(attributes))
    return format_html("<{} {}>{}</{}>", name, _attributes(attributes), content, name)


def _join(parts: Iterable[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _text(content: str, x: Number, y: Number, **attributes: object) -> SafeString:
    attributes.setdefault("font_size", FONT_SIZE)
    attributes.setdefault("fill", TEXT_COLOUR)
    return _tag("text", content, x=float(x), y=float(y), **attributes)


def _svg(
    chart_id: str, title: str, description: str, height: Number, body: Iterable[SafeString]
) -> SafeString:
    title_id, description_id = f"{chart_id}-title", f"{chart_id}-desc"
    labelled_by = f"{title_id} {description_id}" if description else title_id
    parts = [_tag("title", title, id=title_id)]
    if description:
        parts.append(_tag("desc", description, id=description_id))
    parts.extend(body)
    return _tag(
        "svg",
        *parts,
        xmlns="http://www.w3.org/2000/svg",
        id=chart_id,
        class_="chart",
        role="img",
        aria_labelledby=labelled_by,
        viewBox=f"0 0 {WIDTH} {_number(height)}",
        width="100%",
        preserveAspectRatio="xMinYMin meet",
        font_family="system-ui, sans-serif",
    )


def _patterns(chart_id: str, count: int) -> SafeString:
    """Fill patterns for `count` series; ids carry the chart's id, so that two charts on one
    page do not share (or clash over) their definitions."""
    patterns = []
    for index in range(count):
        colour, kind = SERIES_COLOURS[index], PATTERNS[index]
        if kind == "solid":
            continue
        if kind == "stripes":
            marks = _tag("path", d="M0,8 L8,0", stroke="#ffffff", stroke_width=2.5)
        elif kind == "dots":
            marks = _tag("circle", cx=4, cy=4, r=1.8, fill="#ffffff")
        else:
            marks = _tag("path", d="M4,0 V8 M0,4 H8", stroke="#ffffff", stroke_width=1.5)
        patterns.append(
            _tag(
                "pattern",
                _tag("rect", width=8, height=8, fill=colour),
                marks,
                id=f"{chart_id}-pattern-{index}",
                width=8,
                height=8,
                patternUnits="userSpaceOnUse",
            )
        )
    return _tag("defs", *patterns) if patterns else SafeString("")


def _fill(chart_id: str, index: int) -> str:
    if PATTERNS[index] == "solid":
        return SERIES_COLOURS[index]
    return f"url(#{chart_id}-pattern-{index})"


def _swatch(chart_id: str, index: int, x: Number, y: Number) -> SafeString:
    return _tag(
        "rect",
        x=float(x),
        y=float(y),
        width=14,
        height=14,
        fill=_fill(chart_id, index),
        stroke=SERIES_COLOURS[index],
    )


def _marker(index: int, x: Number, y: Number) -> SafeString:
    colour, shape = SERIES_COLOURS[index], MARKERS[index]
    if shape == "circle":
        return _tag("circle", cx=float(x), cy=float(y), r=5, fill=colour)
    if shape == "square":
        return _tag("rect", x=float(x - 5), y=float(y - 5), width=10, height=10, fill=colour)
    if shape == "triangle":
        points = f"{_number(x)},{_number(y - 6)} {_number(x + 6)},{_number(y + 5)} " + (
            f"{_number(x - 6)},{_number(y + 5)}"
        )
        return _tag("polygon", points=points, fill=colour)
    points = f"{_number(x)},{_number(y - 6)} {_number(x + 6)},{_number(y)} " + (
        f"{_number(x)},{_number(y + 6)} {_number(x - 6)},{_number(y)}"
    )
    return _tag("polygon", points=points, fill=colour)


def _shorten(text: str, length: int = 24) -> str:
    """A name cut to fit beside a bar; the legend and the table beside the chart have it whole."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _clamp(value: Number, minimum: Number, maximum: Number) -> float:
    return float(min(max(value, minimum), maximum))


def _scale_ticks(minimum: Number, maximum: Number, count: int = 4) -> list[float]:
    step = (maximum - minimum) / count
    return [float(minimum + step * index) for index in range(count + 1)]


def _check_series(series: Sequence[Series], length: int, what: str) -> None:
    if not 1 <= len(series) <= MAX_SERIES:
        raise ValueError(f"a chart shows 1 to {MAX_SERIES} series, not {len(series)}")
    for item in series:
        if len(item.values) != length:
            raise ValueError(
                f"series {item.name!r} has {len(item.values)} values for {length} {what}"
            )


# --- Horizontal bars -----------------------------------------------------------------------------


def bar_chart(
    *,
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    description: str = "",
    maximum: Number = 100,
    number_format: Callable[[Number], str] = one_decimal,
    value_name: str = "",
    comparison_name: str = "",
    comparison_template: str = "%(value)s / %(comparison)s",
    missing: str = "—",
) -> SafeString:
    """Horizontal bars from 0 to `maximum`, each labelled above and valued at its end.

    A bar's `comparison` (e.g. the average of the cycle) is drawn as a dashed line across it, and
    its value text is `comparison_template` (a whole translated sentence, such as
    "%(value)s (average %(comparison)s)"). With comparisons, `value_name` and `comparison_name`
    make the legend.
    """
    if maximum <= 0:
        raise ValueError("the maximum of a bar chart must be above 0")
    label_space, bar_height, row_height = 22, 18, 50
    plot_left, plot_width = 4, WIDTH - 250
    has_comparison = any(bar.comparison is not None for bar in bars)
    top = 34 if has_comparison and (value_name or comparison_name) else 8
    body: list[SafeString] = []
    if top > 8:
        body.append(_tag("rect", x=4, y=8, width=14, height=14, fill=SERIES_COLOURS[0]))
        body.append(_text(value_name, 24, 20, font_size=SMALL_FONT_SIZE))
        body.append(
            _tag(
                "line",
                x1=250,
                y1=4,
                x2=250,
                y2=24,
                stroke=TEXT_COLOUR,
                stroke_width=2.5,
                stroke_dasharray="4 3",
            )
        )
        body.append(_text(comparison_name, 260, 20, font_size=SMALL_FONT_SIZE))
    axis_y = top + row_height * len(bars)
    for tick in _scale_ticks(0, maximum):
        x = plot_left + plot_width * tick / maximum
        body.append(_tag("line", x1=x, y1=top, x2=x, y2=axis_y, stroke=GRID_COLOUR, stroke_width=1))
        body.append(
            _text(_number(tick), x, axis_y + 16, font_size=SMALL_FONT_SIZE, text_anchor="middle")
        )
    for index, bar in enumerate(bars):
        y = top + row_height * index
        body.append(_text(bar.label, plot_left, y + 16))
        bar_y = y + label_space
        if bar.value is None:
            value_text = missing
            end = plot_left
        else:
            value_text = number_format(bar.value)
            end = plot_left + plot_width * _clamp(bar.value, 0, maximum) / maximum
            body.append(
                _tag(
                    "rect",
                    x=float(plot_left),
                    y=float(bar_y),
                    width=float(end - plot_left),
                    height=bar_height,
                    fill=SERIES_COLOURS[0],
                )
            )
        if bar.comparison is not None:
            marker_x = plot_left + plot_width * _clamp(bar.comparison, 0, maximum) / maximum
            body.append(
                _tag(
                    "line",
                    x1=marker_x,
                    y1=float(bar_y - 4),
                    x2=marker_x,
                    y2=float(bar_y + bar_height + 4),
                    stroke=TEXT_COLOUR,
                    stroke_width=2.5,
                    stroke_dasharray="4 3",
                )
            )
            value_text = comparison_template % {
                "value": value_text,
                "comparison": number_format(bar.comparison),
            }
        body.append(_text(value_text, plot_left + plot_width + 8, bar_y + 14))
    return _svg(chart_id, title, description, axis_y + 24, body)


# --- Grouped bars ---------------------------------------------------------------------------------


def grouped_bar_chart(
    *,
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    description: str = "",
    maximum: Number = 100,
    number_format: Callable[[Number], str] = one_decimal,
    label_template: str = "%(name)s: %(value)s",
    missing: str = "—",
) -> SafeString:
    """For each category, one horizontal bar per series (2 to 4 of them, e.g. municipalities
    compared), each printed through `label_template` with the series' name and its value."""
    if maximum <= 0:
        raise ValueError("the maximum of a bar chart must be above 0")
    _check_series(series, len(categories), "categories")
    bar_height, gap, label_space = 16, 4, 24
    plot_left, plot_width = 4, WIDTH - 250
    group_height = label_space + len(series) * (bar_height + gap) + 12
    legend_rows = len(series)
    top = 8 + legend_rows * 22
    body: list[SafeString] = [_patterns(chart_id, len(series))]
    for index, item in enumerate(series):
        body.append(_swatch(chart_id, index, 4, 6 + index * 22))
        body.append(_text(item.name, 24, 18 + index * 22, font_size=SMALL_FONT_SIZE))
    axis_y = top + group_height * len(categories)
    for tick in _scale_ticks(0, maximum):
        x = plot_left + plot_width * tick / maximum
        body.append(_tag("line", x1=x, y1=top, x2=x, y2=axis_y, stroke=GRID_COLOUR, stroke_width=1))
        body.append(
            _text(_number(tick), x, axis_y + 16, font_size=SMALL_FONT_SIZE, text_anchor="middle")
        )
    for category_index, category in enumerate(categories):
        y = top + group_height * category_index
        body.append(_text(category, plot_left, y + 18))
        for index, item in enumerate(series):
            bar_y = y + label_space + index * (bar_height + gap)
            value = item.values[category_index]
            if value is None:
                value_text = missing
            else:
                value_text = number_format(value)
                width = plot_width * _clamp(value, 0, maximum) / maximum
                body.append(
                    _tag(
                        "rect",
                        x=float(plot_left),
                        y=float(bar_y),
                        width=float(width),
                        height=bar_height,
                        fill=_fill(chart_id, index),
                        stroke=SERIES_COLOURS[index],
                    )
                )
            body.append(
                _text(
                    label_template % {"name": _shorten(item.name), "value": value_text},
                    plot_left + plot_width + 8,
                    bar_y + 13,
                    font_size=SMALL_FONT_SIZE,
                )
            )
    return _svg(chart_id, title, description, axis_y + 24, body)


# --- Lines over time ------------------------------------------------------------------------------


def line_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    description: str = "",
    minimum: Number = 0,
    maximum: Number = 100,
    number_format: Callable[[Number], str] = one_decimal,
) -> SafeString:
    """One line per series over the points named by `labels` (e.g. years), each point marked
    (a shape per series) and printed with its value. A missing value breaks the line."""
    if maximum <= minimum:
        raise ValueError("the maximum of a line chart must be above its minimum")
    _check_series(series, len(labels), "points")
    left, right, legend_height = 52, 24, 22 * len(series) + 8
    top, plot_height = legend_height + 20, 240
    bottom = top + plot_height
    plot_width = WIDTH - left - right
    body: list[SafeString] = []
    for index, item in enumerate(series):
        body.append(_marker(index, 12, 12 + index * 22))
        body.append(_text(item.name, 26, 17 + index * 22, font_size=SMALL_FONT_SIZE))
    for tick in _scale_ticks(minimum, maximum):
        y = bottom - plot_height * (tick - minimum) / (maximum - minimum)
        body.append(
            _tag(
                "line",
                x1=float(left),
                y1=y,
                x2=float(WIDTH - right),
                y2=y,
                stroke=GRID_COLOUR,
                stroke_width=1,
            )
        )
        body.append(
            _text(_number(tick), left - 6, y + 4, font_size=SMALL_FONT_SIZE, text_anchor="end")
        )

    def x_of(position: int) -> float:
        if len(labels) == 1:
            return left + plot_width / 2
        return left + 20 + (plot_width - 40) * position / (len(labels) - 1)

    def y_of(value: Number) -> float:
        return bottom - plot_height * (_clamp(value, minimum, maximum) - minimum) / (
            maximum - minimum
        )

    for position, label in enumerate(labels):
        body.append(
            _text(
                label, x_of(position), bottom + 18, font_size=SMALL_FONT_SIZE, text_anchor="middle"
            )
        )
    for index, item in enumerate(series):
        segment: list[str] = []
        segments: list[list[str]] = []
        for position, value in enumerate(item.values):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{_number(x_of(position))},{_number(y_of(value))}")
        if segment:
            segments.append(segment)
        for points in segments:
            if len(points) > 1:
                body.append(
                    _tag(
                        "polyline",
                        points=" ".join(points),
                        fill="none",
                        stroke=SERIES_COLOURS[index],
                        stroke_width=2.5,
                        stroke_dasharray=None if index == 0 else f"{2 + 3 * index} 3",
                    )
                )
        for position, value in enumerate(item.values):
            if value is None:
                continue
            x, y = x_of(position), y_of(value)
            body.append(_marker(index, x, y))
            body.append(
                _text(
                    number_format(value),
                    x,
                    y - 10 - 14 * index,
                    font_size=SMALL_FONT_SIZE,
                    text_anchor="middle",
                )
            )
    return _svg(chart_id, title, description, bottom + 30, body)
