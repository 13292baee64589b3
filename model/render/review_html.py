"""The transition table as one self-contained HTML page: a lawyer's working document.

One row per rule with its event, from and to in labelled states, effects, the guards as
sentences with their source, source (articles linked to their official text), section,
basis, rationale, dates in force, choice and review status. The header states the date and
the open-question decisions the page describes; the embedded machine diagram shows exactly
the rows in force then, and rows outside it say so. Filters (track, basis, review status,
source, text) live in the URL (#track=regeling&basis=policy&review=stale&q=text) and are
written back there; a row id links to its edge in the diagram. Printing gives every column
on A4 landscape, no row split across pages. No network is used to show the page: CSS,
JavaScript and the SVG are inline; only the article links point outside.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.render import review_rows as rr
from verblijfsroutes.spec.errors import UsageError
from verblijfsroutes.spec.i18n import pick, source_text
from verblijfsroutes.spec.reviews import STATUS_LABEL, Review, counts, status
from verblijfsroutes.spec.rules import Rule

CSS = """
body{font-family:Arial,Helvetica,sans-serif;color:#222;margin:0 1em;font-size:13px}
h1{font-size:1.35em;margin:.5em 0 .2em}h2{font-size:1.1em;margin:1em 0 .3em}
.scope{margin:.2em 0;line-height:1.4}.scope b{font-weight:bold}
.controls{display:flex;gap:.8em;flex-wrap:wrap;margin:.5em 0;align-items:center}
#notice{color:#b00000;font-weight:bold;min-height:1.2em}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border:1px solid #bbb;padding:3px 4px;vertical-align:top;text-align:left;overflow-wrap:anywhere;hyphens:auto}
th{background:#e8eef6;cursor:pointer;position:sticky;top:0;z-index:1;font-size:12px}
th.asc::after{content:" \\25B2"}th.desc::after{content:" \\25BC"}
tr:nth-child(even){background:#f8f8f8}tr.hit{background:#ffe3e3!important}
tr.outside{color:#777;background:#eee!important}tr.outside td.c-id::after{content:" \\2298"}
.note{display:block;color:#a04000;font-style:italic;font-size:11px}
td ul{margin:0;padding-left:1.1em}td details summary{cursor:pointer;color:#1f4e79}
.cite{color:#555;font-size:11px}a.law{color:#1f4e79}
.basis-law{color:#1f4e79}.basis-policy{color:#2e7d32}.basis-practice{color:#b35400}.basis-assumption{color:#8e24aa}
.review-agreed{color:#2e7d32}.review-disputed{color:#c00000;font-weight:bold}
.review-stale{color:#b35400;font-weight:bold}.review-unreviewed{color:#777}
col.c-id{width:5.5%}col.c-event{width:8%}col.c-from{width:11%}col.c-to{width:8%}col.c-effects{width:7%}
col.c-guards{width:13%}col.c-source{width:8%}col.c-section{width:5%}col.c-basis{width:6%}
col.c-rationale{width:12%}col.c-valid{width:6.5%}col.c-choice{width:5%}col.c-review{width:5%}
td.c-event .cite{display:block}
#diagram{overflow:auto;border:1px solid #ccc;max-height:80vh}
g.edge.hit path{stroke:#e00000!important;stroke-width:5px!important}
g.edge.hit polygon{stroke:#e00000!important;fill:#e00000!important}
g.edge.hit text{fill:#e00000!important;font-weight:bold}
@media print{
 @page{size:A4 landscape;margin:10mm}
 body{font-size:7.5pt;margin:0}.controls,#notice{display:none}
 th{position:static;font-size:7pt}tr{break-inside:avoid;page-break-inside:avoid}
 td details{display:inline}td details>*{display:inline}
 #diagram{max-height:none;overflow:visible;border:none;break-before:page}
 #diagram svg{max-width:100%;height:auto}
}
"""

JS = """
(function(){
 var rows=[].slice.call(document.querySelectorAll('#rules tbody tr'));
 var f={track:document.getElementById('f-track'),basis:document.getElementById('f-basis'),
        review:document.getElementById('f-review'),source:document.getElementById('f-source'),
        q:document.getElementById('f-q')};
 var notice=document.getElementById('notice'),pane=document.getElementById('diagram');
 function apply(write){
  var t=f.track.value,b=f.basis.value,v=f.review.value,s=f.source.value.toLowerCase(),
      q=f.q.value.toLowerCase(),n=0;
  rows.forEach(function(r){
   var ok=(!t||r.dataset.track===t)&&(!b||r.dataset.basis===b)&&(!v||r.dataset.review===v)&&
          (!s||r.dataset.source.toLowerCase().indexOf(s)>=0)&&(!q||r.textContent.toLowerCase().indexOf(q)>=0);
   r.style.display=ok?'':'none';if(ok)n++;});
  document.getElementById('count').textContent=n;
  document.body.dataset.visible=n;
  if(write){var parts=[];Object.keys(f).forEach(function(k){if(f[k].value)
    parts.push(k+'='+encodeURIComponent(f[k].value));});
   history.replaceState(null,'',parts.length?'#'+parts.join('&'):location.pathname+location.search);}
 }
 function fromHash(){
  var h=location.hash.replace(/^#/,'');
  if(h&&h.indexOf('=')<0){highlight(decodeURIComponent(h));return;}
  Object.keys(f).forEach(function(k){f[k].value='';});
  h.split('&').forEach(function(kv){if(!kv)return;var p=kv.split('=');var k=p[0],v=decodeURIComponent(p[1]||'');
   if(f[k])f[k].value=v;});
  apply(false);
 }
 function highlight(id){
  [].forEach.call(document.querySelectorAll('.hit'),function(e){e.classList.remove('hit');});
  notice.textContent='';
  if(!id)return;
  var hits=[].filter.call(pane.querySelectorAll('g.edge'),function(e){
   return e.id===id||e.id.indexOf(id+'~')===0;});
  hits.forEach(function(e){e.classList.add('hit');});
  var row=document.getElementById('row-'+id);
  if(row)row.classList.add('hit');
  document.body.dataset.highlighted=hits.length;
  if(!hits.length){notice.textContent=id+': '+(row&&row.dataset.outside?row.dataset.outside:notice.dataset.none);
   if(row)row.scrollIntoView({block:'center'});return;}
  pane.scrollIntoView({block:'start'});
  var box=hits[0].getBoundingClientRect(),outer=pane.getBoundingClientRect();
  pane.scrollLeft+=box.left+box.width/2-(outer.left+pane.clientWidth/2);
  pane.scrollTop+=box.top+box.height/2-(outer.top+pane.clientHeight/2);
 }
 Object.keys(f).forEach(function(k){
  f[k].addEventListener('input',function(){apply(true);});f[k].addEventListener('change',function(){apply(true);});});
 window.addEventListener('hashchange',fromHash);
 [].forEach.call(document.querySelectorAll('#rules th'),function(th,i){
  th.addEventListener('click',function(){
   var asc=!th.classList.contains('asc');
   [].forEach.call(document.querySelectorAll('#rules th'),function(x){x.classList.remove('asc','desc');});
   th.classList.add(asc?'asc':'desc');
   var body=document.querySelector('#rules tbody');
   rows.sort(function(a,b){var x=a.cells[i].textContent,y=b.cells[i].textContent;
    return (asc?1:-1)*x.localeCompare(y,undefined,{numeric:true});});
   rows.forEach(function(r){body.appendChild(r);});
  });});
 fromHash();
})();
"""

COLUMNS = (
    "id",
    "event",
    "from",
    "to",
    "effects",
    "guards",
    "source",
    "section",
    "basis",
    "rationale",
    "valid",
    "choice",
    "review",
)
HEADERS = {
    "id": ("regel", "rule"),
    "event": ("gebeurtenis", "event"),
    "from": ("in situatie", "in situation"),
    "to": ("wordt", "becomes"),
    "effects": ("gevolgen", "effects"),
    "guards": ("voorwaarden", "conditions"),
    "source": ("bron", "source"),
    "section": ("§ rapport", "report §"),
    "basis": ("grondslag", "basis"),
    "rationale": ("toelichting", "rationale"),
    "valid": ("geldig", "in force"),
    "choice": ("keuze", "choice"),
    "review": ("review", "review"),
}
TEXT = {
    "title": ("Overgangstabel verblijfsroutes", "Transition table, verblijfsroutes"),
    "scope": ("Regels zoals van kracht op", "Rules as in force on"),
    "choices": ("beslissingen over open vragen", "decisions on open questions"),
    "inforce": ("rijen van kracht", "rows in force"),
    "outside": (
        "rijen buiten het model op deze datum (grijs, met reden)",
        "rows outside the model on this date (grey, with the reason)",
    ),
    "track": ("spoor", "track"),
    "basis": ("grondslag", "basis"),
    "review": ("review", "review"),
    "source": ("bron bevat", "source contains"),
    "q": ("zoek", "search"),
    "all": ("alle", "all"),
    "shown": ("rijen getoond", "rows shown"),
    "diagram": ("Toestandsmachine van de rijen van kracht op", "State machine of the rows in force on"),
    "nodiagram": ("Geen diagram: geen Graphviz-renderer gevonden", "No diagram: no Graphviz renderer found"),
    "none": ("deze regel staat niet in het diagram", "this rule is not in the diagram"),
    "from": ("vanaf", "from"),
    "until": ("tot", "until"),
    "always": ("altijd", "always"),
    "reviews": ("review-stand", "review status"),
    "links": (
        "Artikelen van Vw, Vb, Awb en Sv linken naar wetten.overheid.nl; Vc-paragrafen en paragrafen van het rapport hebben geen vast adres.",
        "Articles of the Vw, Vb, Awb and Sv link to wetten.overheid.nl; Vc paragraphs and sections of the report have no fixed address.",
    ),
}


def machine_svg(engine: Engine, rules: Sequence[Rule], lang: str) -> str:
    """The machine SVG of these rules, ready to inline (no XML prolog or DOCTYPE)."""
    from verblijfsroutes.render.machine_diagram import machine_dot
    from verblijfsroutes.render.run_dot import render

    svg = render(machine_dot(engine, list(rules), lang, title=""), "svg").decode("utf-8")
    return svg[svg.index("<svg") :].replace("&#45;", "-")


def _row(engine: Engine, rule: Rule, lang: str, day: dt.date, review: tuple[str, Review | None]) -> str:
    esc = html.escape
    event = engine.vocab.event(rule.event)
    outside = rr.in_force_note(engine, rule, day, lang)
    st, rec = review
    review_text = pick(*STATUS_LABEL[st], lang)
    if rec is not None:
        review_text += f"<span class='note'>{esc(rec.name)}, {rec.date.isoformat()}{': ' + esc(rec.comment) if rec.comment else ''}</span>"
    valid = []
    if rule.valid_from:
        valid.append(f"{pick(*TEXT['from'], lang)} {rr.change_text(engine, rule.valid_from, lang)}")
    if rule.valid_until:
        valid.append(f"{pick(*TEXT['until'], lang)} {rr.change_text(engine, rule.valid_until, lang)}")
    cells = {
        "id": f'<a href="#{esc(rule.id)}">{esc(rule.id)}</a>'
        + (f'<span class="note">{esc(outside)}</span>' if outside else ""),
        # the event's id (a Dutch word) only on the Dutch page
        "event": esc(event.text(lang))
        + (f'<span class="cite">{esc(rule.event)}</span>' if lang == "nl" else ""),
        "from": rr.pattern_html(engine, rule.from_, lang),
        "to": rr.pattern_html(engine, rule.to, lang) if rule.to else "",
        "effects": rr.effects_html(engine, rule, lang),
        "guards": rr.guards_html(engine, rule, lang),
        "source": rr.linked_source(source_text(rule.source, lang)),
        "section": esc(rule.section),
        "basis": esc(pick(*rr.BASIS_LABEL[rule.basis], lang)),
        "rationale": esc(rule.rationale_text(lang)),
        "valid": esc("; ".join(valid)) if valid else esc(pick(*TEXT["always"], lang)),
        "choice": esc(rule.choice_text),
        "review": review_text,
    }
    klass = {"basis": f" basis-{rule.basis}", "review": f" review-{st}"}
    tds = "".join(f'<td class="c-{c}{klass.get(c, "")}">{cells[c]}</td>' for c in COLUMNS)
    attrs = (
        f'id="row-{esc(rule.id)}" data-track="{esc(event.track)}" data-basis="{esc(rule.basis)}" '
        f'data-review="{st}" data-source="{esc(rule.source)}"'
    )
    if outside:
        attrs += f' class="outside" data-outside="{esc(outside)}"'
    return f"<tr {attrs}>{tds}</tr>"


def render_html(
    engine: Engine, rules: Sequence[Rule], lang: str, day: dt.date, reviews: Sequence[Review] = ()
) -> str:
    """One self-contained page: the table of `rules` as on `day`, and the machine of the rows
    in force on `day` under the engine's decisions."""
    esc = html.escape

    def t(key: str) -> str:
        return esc(pick(*TEXT[key], lang))

    statuses = status(rules, reviews)
    tally = counts(statuses)
    in_force = [r for r in rules if engine.active(r.choice) and engine.in_force(r, day)]
    try:
        svg = machine_svg(engine, in_force, lang)
    except UsageError:
        svg = f"<p>{t('nodiagram')}</p>"
    tracks = sorted({engine.vocab.event(r.event).track for r in rules})

    def options(values: Sequence[tuple[str, str]]) -> str:
        return f'<option value="">{t("all")}</option>' + "".join(
            f'<option value="{esc(v)}">{esc(label)}</option>' for v, label in values
        )

    track_opts = [(x, engine.vocab.track(x).text(lang)) for x in tracks]
    basis_opts = [
        (b, pick(*rr.BASIS_LABEL[b], lang)) for b in rr.BASIS_LABEL if any(r.basis == b for r in rules)
    ]
    review_opts = [(s, pick(*STATUS_LABEL[s], lang)) for s in STATUS_LABEL]
    decided = ", ".join(f"{q}={o}" for q, o in sorted(engine.choices.items(), key=lambda x: int(x[0][1:])))
    era = engine.eras[engine.era_of(day)].label
    review_line = ", ".join(f"{n} {esc(pick(*STATUS_LABEL[s], lang))}" for s, n in tally.items())
    body = "\n".join(_row(engine, r, lang, day, statuses[r.id]) for r in rules)
    cols = "".join(f'<col class="c-{c}">' for c in COLUMNS)
    heads = "".join(f"<th>{esc(pick(*HEADERS[c], lang))}</th>" for c in COLUMNS)
    page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{t("title")} {day.isoformat()}</title><style>{CSS}</style></head>
<body data-day="{day.isoformat()}">
<h1>{t("title")}</h1>
<p class="scope">{t("scope")} <b>{day.isoformat()}</b> ({esc(era)}); {t("choices")}: {esc(decided)}.<br>
{len(in_force)} / {len(rules)} {t("inforce")}; {len(rules) - len(in_force)} {t("outside")}.<br>
{t("reviews")}: {review_line}.<br><span class="cite">{t("links")}</span></p>
<div class="controls">
<label>{t("track")} <select id="f-track">{options(track_opts)}</select></label>
<label>{t("basis")} <select id="f-basis">{options(basis_opts)}</select></label>
<label>{t("review")} <select id="f-review">{options(review_opts)}</select></label>
<label>{t("source")} <input id="f-source" size="12"></label>
<label>{t("q")} <input id="f-q" size="12"></label>
<span><span id="count">{len(rules)}</span> / {len(rules)} {t("shown")}</span>
</div>
<div id="notice" data-none="{t("none")}"></div>
<table id="rules"><colgroup>{cols}</colgroup><thead><tr>{heads}</tr></thead>
<tbody>
{body}
</tbody></table>
<h2>{t("diagram")} {day.isoformat()}</h2>
<div id="diagram">{svg}</div>
<script>{JS}</script>
</body></html>
"""
    return re.sub(r"[ \t]+\n", "\n", page)
