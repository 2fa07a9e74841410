"""What the browser tests check on every page: axe-core, the page language, one heading."""

from __future__ import annotations

from django.utils import translation

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The element that has the keyboard focus, as the tests need to see it.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    href: el.getAttribute("href"),
    hreflang: el.getAttribute("hreflang"),
    text: el.textContent.trim(),
    outlineStyle: style.outlineStyle,
    outlineWidth: style.outlineWidth,
    inMainNav: el.closest(".main-nav") !== null,
    inMain: el.closest("main") !== null,
  };
}"""


def axe_report(violations: list[dict]) -> str:
    """Each violation with its id, help text and the nodes that fail, for whoever fixes it."""
    lines = [f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']} "
            f"[{violation.get('helpUrl', '')}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {summary}")
            lines.append(f"       {node.get('html', '')}")
    return "\n".join(lines)


def assert_no_axe_violations(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    violations = results.response["violations"]
    assert not violations, f"{page.url}\n{axe_report(violations)}"


# ARIA attributes that name other elements by id. axe-core only reports a dangling reference as
# "needs review", so a field whose error message is not announced would pass unnoticed.
BROKEN_REFERENCES = """() => {
  const problems = [];
  for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        const target = document.getElementById(id);
        const where = `${el.tagName.toLowerCase()}#${el.id} ${attr}="${el.getAttribute(attr)}"`;
        if (!target) problems.push(`${where}: no element has id ${id}`);
        else if (!target.textContent.trim()) problems.push(`${where}: #${id} is empty`);
      }
    }
  }
  return problems;
}"""


def assert_page_basics(page, language: str) -> None:
    """The page says which language it is in, has exactly one <h1>, and its ARIA references
    point at elements that exist and say something."""
    assert page.locator("html").get_attribute("lang") == language
    h1_count = page.locator("h1").count()
    assert h1_count == 1, f"{page.url} has {h1_count} <h1> elements, not one"
    problems = page.evaluate(BROKEN_REFERENCES)
    assert not problems, f"{page.url}: broken ARIA references:\n" + "\n".join(problems)


def assert_stayed_local(visit) -> None:
    foreign = visit.foreign_requests()
    assert not foreign, f"requests left the live server ({visit.base_url}): {foreign}"


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def assert_focus_visible(info: dict | None) -> None:
    assert info is not None, "nothing has the focus"
    assert info["outlineStyle"] != "none" and info["outlineWidth"] != "0px", (
        f"the focused {info['tag']} {info['text']!r} has no visible outline: "
        f"{info['outlineStyle']} {info['outlineWidth']}"
    )


def tab_until(page, matches, limit: int = 60) -> dict:
    """Press Tab until the focused element matches; fail if it never does."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = focused(page)
        if info is not None and matches(info):
            return info
        seen.append(info and (info["tag"], info["href"] or info["text"]))
    raise AssertionError(f"{limit} presses of Tab never reached the element; focus went {seen}")


def gettext_in(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def assert_accessible(visit, language: str) -> None:  # type: ignore[no-untyped-def]
    """What every page must pass: its language and heading, axe-core, nothing from outside."""
    assert_page_basics(visit.page, language)
    assert_no_axe_violations(visit.page)
    assert_stayed_local(visit)


def assert_pages_accessible(visit, language: str, pages: dict) -> None:  # type: ignore[no-untyped-def]
    """`pages`: name -> (person to log in as, path without the language prefix)."""
    for _name, (person, path) in pages.items():
        visit.log_in(person)
        visit.goto(f"/{language}{path}")
        assert visit.page.url == f"{visit.base_url}/{language}{path}"
        assert_accessible(visit, language)


def assert_pages_reflow(visit, language: str, pages: dict, width: int = 320) -> None:  # type: ignore[no-untyped-def]
    """WCAG 1.4.10: at 320 CSS pixels wide tables scroll inside their own region, the page
    itself never scrolls sideways."""
    visit.page.set_viewport_size({"width": width, "height": 640})
    too_wide = {}
    for name, (person, path) in pages.items():
        visit.log_in(person)
        visit.goto(f"/{language}{path}")
        scroll_width = visit.page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width + 1:
            too_wide[name] = scroll_width
    assert not too_wide, f"pages that scroll sideways at {width}px, with their width: {too_wide}"
    assert_stayed_local(visit)
