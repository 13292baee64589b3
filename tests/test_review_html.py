"""The review page: a lawyer's working document. Self-contained, every legal column in words,
the date and decisions it describes, the diagram of exactly those rows, review status; and, in
headless Chromium when it is installed, all legal columns visible at 1280x720 and 1920x1080,
filters that round-trip through the URL, a stale review shown, and a print layout that holds
every column on A4 landscape."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from verblijfsroutes.core.engine import Engine
from verblijfsroutes.render.review_html import COLUMNS, CSS, render_html
from verblijfsroutes.render.table import select_rules
from verblijfsroutes.spec.reviews import Review, fingerprint

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)
DAY = dt.date(2020, 1, 1)


def reviews_for(engine: Engine) -> list[Review]:
    """R-BT-01 agreed on its current content; R-B8-03 agreed on an older content (stale)."""
    rules = {r.id: r for r in engine.data.rules}
    return [
        Review("R-BT-01", "agreed", "A. Jurist", dt.date(2026, 11, 1), fingerprint(rules["R-BT-01"])),
        Review(
            "R-B8-03", "agreed", "A. Jurist", dt.date(2026, 11, 1), "0000000000000000", "art. 3.48 Vb klopt"
        ),
    ]


@pytest.fixture(scope="module")
def page(engine: Engine) -> str:
    return render_html(engine, select_rules(engine), "nl", DAY, reviews_for(engine))


@pytest.fixture(scope="module")
def page_en(engine: Engine) -> str:
    return render_html(engine, select_rules(engine), "en", DAY, reviews_for(engine))


def test_the_page_is_self_contained(page: str) -> None:
    """No resource is loaded from anywhere; the only outside links are article citations."""
    without_ns = re.sub(r'xmlns(:xlink)?="http://www\.w3\.org/[^"]*"', "", page)
    without_ns = without_ns.replace("http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd", "")
    assert not re.search(r"src=\"(https?:)?//", without_ns)
    assert "<script src" not in page and "<link" not in page
    outside = set(re.findall(r'href="(https?://[^/"]+)', without_ns))
    assert outside == {"https://wetten.overheid.nl"}


def test_header_states_date_decisions_and_counts(engine: Engine, page: str) -> None:
    assert "Regels zoals van kracht op <b>2020-01-01</b>" in page
    assert "Q1=tot_bezwaarbeslissing" in page and "Q6=geen_parallel_voor_2015" in page
    in_force = [r for r in engine.data.rules if engine.active(r.choice) and engine.in_force(r, DAY)]
    assert f"{len(in_force)} / {len(engine.data.rules)} rijen van kracht" in page


def test_rows_in_force_link_to_their_edge_and_the_others_say_why(engine: Engine, page: str) -> None:
    svg = page[page.index("<svg") :]
    for rule in engine.data.rules:
        assert f'<a href="#{rule.id}">' in page
        inside = engine.active(rule.choice) and engine.in_force(rule, DAY)
        assert (f'id="{rule.id}"' in svg) == inside, rule.id  # the diagram holds exactly these rows
        row = re.search(rf'<tr id="row-{re.escape(rule.id)}"[^>]*>', page).group(0)  # type: ignore[union-attr]
        assert ('data-outside="' in row) == (not inside), rule.id
    assert "niet van kracht op 2020-01-01" in page and "niet gekozen" in page


def test_every_legal_column_is_there_in_words(engine: Engine, page: str, page_en: str) -> None:
    for rule in engine.data.rules:
        if rule.rationale:  # the rationale reaches the page, in the page's language
            assert html.escape(rule.rationale_nl) in page, rule.id
            assert html.escape(rule.rationale) in page_en, rule.id
    # guards as their rule in one sentence, not as ids
    assert html.escape(engine.guard_spec("grond_drie_jaar").text("nl")) in page
    assert html.escape(engine.guard_spec("grond_drie_jaar").text("en")) in page_en
    heads = re.findall(r"<th>([^<]*)</th>", page)
    assert len(heads) == len(COLUMNS) and "event_label" not in heads and "valid_from" not in heads
    assert (
        "grondslag" in heads
        and "toelichting" in heads
        and "basis" in re.findall(r"<th>([^<]*)</th>", page_en)
    )
    assert ">aanname (modelkeuze)</td>" in page and ">assumption (modelling choice)</td>" in page_en
    assert ">beleid</td>" in page and ">policy</td>" not in page
    # states by their labels: the English page shows no Dutch state label where an English one exists
    assert "in bedenktijd" not in page_en or "reflection period" in page_en


def test_articles_link_to_their_official_text(page: str) -> None:
    assert 'href="https://wetten.overheid.nl/jci1.3:c:BWBR0011825&amp;artikel=3.48"' in page  # art. 3.48 Vb
    assert 'href="https://wetten.overheid.nl/jci1.3:c:BWBR0011823&amp;artikel=14"' in page  # art. 14 Vw
    assert 'href="https://wetten.overheid.nl/jci1.3:c:BWBR0005537&amp;artikel=8:72"' in page  # art. 8:72 Awb
    assert 'href="https://wetten.overheid.nl/jci1.3:c:BWBR0001903&amp;artikel=12"' in page  # art. 12 Sv
    assert "BWBR" not in re.sub(r'href="[^"]*"', "", page)  # no link text shows a raw number


def test_review_status_per_row(page: str) -> None:
    assert re.search(r'<tr id="row-R-BT-01"[^>]*data-review="agreed"', page)
    assert re.search(r'<tr id="row-R-B8-03"[^>]*data-review="stale"', page)
    assert "gewijzigd sinds review" in page and "1 akkoord" in page


def test_editing_a_row_turns_its_review_stale(engine: Engine) -> None:
    from verblijfsroutes.spec.reviews import status

    rule = next(r for r in engine.data.rules if r.id == "R-BT-01")
    review = Review(rule.id, "agreed", "A. Jurist", dt.date(2026, 11, 1), fingerprint(rule))
    assert status([rule], [review])[rule.id][0] == "agreed"
    for change in ({"source": rule.source + "; art. 1 Vw"}, {"guards": ()}, {"rationale": "anders"}):
        edited = dataclasses.replace(rule, **change)  # type: ignore[arg-type]
        assert status([edited], [review])[rule.id][0] == "stale", change


# ---------------------------------------------------------------------------- in Chromium

PROBE = """
<script>
(function(){
 var probe=%s;document.body.dataset.probe=JSON.stringify(probe());
})();
</script>
"""

COLUMNS_VISIBLE = """function(){
 var rows=[].slice.call(document.querySelectorAll('#rules tbody tr'));
 var longest=rows.reduce(function(a,b){return b.textContent.length>a.textContent.length?b:a;});
 var out={row:longest.id,width:window.innerWidth,cells:{}};
 ['source','section','basis','rationale','guards','review'].forEach(function(c){
  var r=longest.querySelector('td.c-'+c).getBoundingClientRect();
  out.cells[c]={left:Math.round(r.left),right:Math.round(r.right),width:Math.round(r.width)};});
 return out;}"""


def _dump_dom(page: str, fragment: str = "", size: str = "1280,720", probe: str = "") -> str:
    if probe:
        page = page.replace("</body>", PROBE % probe + "</body>")
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
                "--hide-scrollbars",
                f"--user-data-dir={tmp}/profile",
                f"--window-size={size}",
                "--virtual-time-budget=3000",
                "--dump-dom",
                path.as_uri() + fragment,
            ],
            capture_output=True,
            text=True,
            timeout=90,
            check=False,
        )
    assert proc.returncode == 0, proc.stderr[-500:]
    return proc.stdout


def _probe(dom: str) -> dict:  # type: ignore[type-arg]
    import json

    match = re.search(r'data-probe="([^"]*)"', dom)
    assert match, "the probe did not run"
    return json.loads(html.unescape(match.group(1)))  # type: ignore[no-any-return]


@needs_chromium
@pytest.mark.parametrize("size", ["1280,720", "1920,1080"])
def test_legal_columns_are_visible_for_the_longest_row(page: str, size: str) -> None:
    found = _probe(_dump_dom(page, size=size, probe=COLUMNS_VISIBLE))
    width = int(size.split(",")[0])
    assert found["width"] <= width
    for column, box in found["cells"].items():
        assert box["left"] >= 0 and box["right"] <= found["width"], (column, box, found["width"])
        assert box["width"] >= 40, (column, box)  # wide enough to read, not squeezed to a sliver


@needs_chromium
def test_a_row_link_highlights_its_edge(page: str) -> None:
    dom = _dump_dom(page, "#R-B8-03")
    match = re.search(r'<body[^>]* data-highlighted="(\d+)"', dom)
    assert match and int(match.group(1)) >= 1, "the script did not mark the edge"
    assert re.search(r'<g id="R-B8-03" class="edge hit"', dom)
    assert re.search(r'<tr id="row-R-B8-03" [^>]*class="hit"', dom)


@needs_chromium
def test_a_row_outside_the_model_says_so_when_its_link_is_followed(engine: Engine, page: str) -> None:
    outside = next(r for r in engine.data.rules if not engine.active(r.choice))
    dom = _dump_dom(page, f"#{outside.id}")
    notice = re.search(r'<div id="notice"[^>]*>([^<]*)</div>', dom)
    assert notice and "niet gekozen" in notice.group(1), "following the link says nothing"


@needs_chromium
def test_filters_round_trip_through_the_url(engine: Engine, page: str) -> None:
    """Open with #basis=assumption, choose a track in the page: the URL then holds both, and
    opening that URL shows the same rows."""
    change = """function(){var s=document.getElementById('f-track');s.value='regeling';
      s.dispatchEvent(new Event('change'));return {hash:location.hash,visible:document.body.dataset.visible};}"""
    found = _probe(_dump_dom(page, "#basis=assumption", probe=change))
    assert "basis=assumption" in found["hash"] and "track=regeling" in found["hash"]
    expected = sum(
        1
        for r in select_rules(engine)
        if r.basis == "assumption" and engine.vocab.event(r.event).track == "regeling"
    )
    assert int(found["visible"]) == expected > 0
    dom = _dump_dom(page, found["hash"])
    assert re.search(r'<body[^>]* data-visible="(\d+)"', dom).group(1) == str(expected)  # type: ignore[union-attr]


@needs_chromium
def test_a_stale_review_shows_and_filters(page: str) -> None:
    dom = _dump_dom(page, "#review=stale")
    assert re.search(r'<body[^>]* data-visible="1"', dom)
    row = re.search(r'<tr id="row-R-B8-03".*?</tr>', dom, re.S)
    assert row and "gewijzigd sinds review" in row.group(0) and 'style="display: none;"' not in row.group(0)


@needs_chromium
def test_print_layout_holds_every_column_on_a4_landscape(page: str) -> None:
    """The print stylesheet applied on a viewport of A4 landscape's printable width (277 mm =
    1047 CSS px): every column header lies inside the page and is not squeezed away."""
    rules = re.search(r"@media print\{(.*)\}\s*$", CSS.strip(), re.S).group(1)  # type: ignore[union-attr]
    rules = re.sub(r"@page\{[^}]*\}", "", rules)
    printed = page.replace("</head>", f"<style>{rules}</style></head>")
    probe = """function(){var w=document.documentElement.clientWidth;
      return [].map.call(document.querySelectorAll('#rules th'),function(th){var r=th.getBoundingClientRect();
       return {text:th.textContent,right:Math.round(r.right),width:Math.round(r.width),page:w};});}"""
    heads = _probe(_dump_dom(printed, size="1047,740", probe=probe))
    assert len(heads) == len(COLUMNS)
    for h in heads:
        assert h["right"] <= h["page"] and h["width"] >= 25, h


def test_the_english_page_shows_no_dutch_state_or_event_ids(engine: Engine, page_en: str) -> None:
    """What a reader sees (text outside tags and attributes, the diagram included) holds no
    state or event id; sources and sections stay as written (names of law and the report)."""
    shown = re.sub(r"<script>.*?</script>|<style>.*?</style>|<title>.*?</title>", " ", page_en, flags=re.S)
    visible = html.unescape(re.sub(r"<[^>]+>", " ", shown))  # the diagram's hover titles left out
    ids = {e.id for e in engine.vocab.events} | {
        s.id for t in engine.vocab.tracks for s in t.states if "_" in s.id
    }
    found = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", visible)]
    assert not found, found
    # nor Dutch words of the model's texts (quotations of the report in '...' stay Dutch)
    unquoted = re.sub(r"'[^'\n]*'", "", visible)
    dutch = r"\b(de|het|een|zij|niet|geen|wordt|aanname|praktijk|ongeveer|toelichting|alleen)\b"
    assert not re.findall(dutch, unquoted), sorted(set(re.findall(dutch, unquoted)))


def test_the_dutch_page_shows_no_english(page: str) -> None:
    """What a reader of the Dutch page sees is Dutch: rationales, guards, source notes, headers
    and the diagram; English words of the model's texts would show here."""
    shown = re.sub(r"<script>.*?</script>|<style>.*?</style>|<title>.*?</title>", " ", page, flags=re.S)
    visible = html.unescape(re.sub(r"<[^>]+>", " ", shown))
    english = r"\b(the|and|when|she|her|with|without|only|not|from|after|before|until|which|that|who|are|none|outside)\b"
    found = sorted(set(re.findall(english, visible)))
    assert not found, found
