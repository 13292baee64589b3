"""The review page: self-contained, filterable, each row linked to its diagram edge; and it
works offline in headless Chromium when Chromium is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.render.review_html import render_html
from verblijfsroutes.render.table import select_rules

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.fixture(scope="module")
def page(engine: Engine) -> str:
    return render_html(engine, select_rules(engine), "nl")


def test_the_page_is_self_contained(page: str) -> None:
    without_ns = re.sub(r'xmlns(:xlink)?="http://www\.w3\.org/[^"]*"', "", page)
    without_ns = without_ns.replace("http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd", "")
    assert not re.search(r"(src|href)=\"(https?:)?//", without_ns)
    assert "<script src" not in page and "<link" not in page


def test_every_row_links_to_its_diagram_edge(engine: Engine, page: str) -> None:
    for rule in engine.rules:
        assert f'<a href="#{rule.id}">' in page
        assert f'id="{rule.id}"' in page, rule.id  # the edge in the embedded machine SVG


def test_filters_for_track_basis_and_source(page: str) -> None:
    for control in ("f-track", "f-basis", "f-source"):
        assert f'id="{control}"' in page
    assert 'data-basis="assumption"' in page


def _dump_dom(page: str, fragment: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "table.html"
        path.write_text(page, encoding="utf-8")
        proc = subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={tmp}/profile",
                "--window-size=1400,1000",
                "--virtual-time-budget=2000",
                "--dump-dom",
                path.as_uri() + fragment,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert proc.returncode == 0, proc.stderr[-500:]
    return proc.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_a_row_link_highlights_its_edge_in_headless_chromium(page: str) -> None:
    """#R-B8-03 marks the rule's edge in the diagram and its row (the diagram pane, not
    the page, scrolls to it: a headless screenshot shows the red edge)."""
    dom = _dump_dom(page, "#R-B8-03")
    match = re.search(r'<body[^>]* data-highlighted="(\d+)"', dom)
    assert match and int(match.group(1)) >= 1, "the script did not mark the edge"
    assert re.search(r'<g id="R-B8-03" class="edge hit"', dom)
    assert re.search(r'<tr id="row-R-B8-03" [^>]*class="hit"', dom)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_filtering_works_offline_in_headless_chromium(engine: Engine, page: str) -> None:
    """Open the page with #basis=assumption&track=regeling and read the DOM after the script
    ran: only the matching rows are visible."""
    rules = select_rules(engine)
    expected = sum(
        1 for r in rules if r.basis == "assumption" and engine.vocab.event(r.event).track == "regeling"
    )
    dom = _dump_dom(page, "#basis=assumption&track=regeling")
    match = re.search(r'<body data-visible="(\d+)"', dom)
    assert match, "the script did not run"
    assert int(match.group(1)) == expected > 0
    assert re.search(r'<span id="count">(\d+)</span>', dom).group(1) == str(expected)  # type: ignore[union-attr]
