"""The transition table as one self-contained HTML page for legal reviewers.

No network: CSS, JavaScript and the full-machine SVG are inline. The table sorts on a
column click and filters by track, basis and source (also from the URL: #track=regeling&
basis=policy&source=Vc&q=text). Each row links to its edge in the embedded machine diagram
(`#R-BT-01`), which is highlighted when targeted.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from verblijfsroutes.core.engine import Engine
from verblijfsroutes.render.table import COLUMNS as TABLE_COLUMNS
from verblijfsroutes.render.table import rule_record
from verblijfsroutes.spec.errors import UsageError
from verblijfsroutes.spec.rules import Rule

CSS = """
html,body{height:100%;margin:0}
body{font-family:Arial,Helvetica,sans-serif;color:#222;display:flex;flex-direction:column;overflow:hidden}
header{flex:none;padding:.2em 1.5em 0}h1{font-size:1.3em;margin:.3em 0}h2{font-size:1em;margin:.4em 0}
#table-pane{flex:0 0 40%;overflow:auto;margin:0 1.5em;border:1px solid #ccc}
#diagram-pane{flex:1 1 auto;min-height:0;display:flex;flex-direction:column;margin:0 1.5em 1em}
#diagram{flex:1 1 auto;min-height:0;overflow:auto;border:1px solid #ccc}
table{border-collapse:collapse;font-size:13px;width:100%}
th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#eef2f7;cursor:pointer;position:sticky;top:0}th.asc::after{content:" \\25B2"}
th.desc::after{content:" \\25BC"}tr:nth-child(even){background:#fafafa}tr.hit{background:#ffe3e3!important}
.controls{display:flex;gap:1em;flex-wrap:wrap;margin:.4em 0}label{font-size:13px}
.basis-law{color:#1f4e79}.basis-policy{color:#2e7d32}.basis-practice{color:#d35400}
.basis-assumption{color:#8e24aa}#count{font-weight:bold}td.c-id{white-space:nowrap}
g.edge.hit path{stroke:#e00000!important;stroke-width:5px!important}
g.edge.hit polygon{stroke:#e00000!important;fill:#e00000!important}
g.edge.hit text{fill:#e00000!important;font-weight:bold}
"""

JS = """
(function(){
 var rows=[].slice.call(document.querySelectorAll('#rules tbody tr'));
 var f={track:document.getElementById('f-track'),basis:document.getElementById('f-basis'),
        source:document.getElementById('f-source'),q:document.getElementById('f-q')};
 var pane=document.getElementById('diagram');
 function apply(){
  var t=f.track.value,b=f.basis.value,s=f.source.value.toLowerCase(),q=f.q.value.toLowerCase(),n=0;
  rows.forEach(function(r){
   var ok=(!t||r.dataset.track===t)&&(!b||r.dataset.basis===b)&&
          (!s||r.dataset.source.toLowerCase().indexOf(s)>=0)&&(!q||r.textContent.toLowerCase().indexOf(q)>=0);
   r.style.display=ok?'':'none';if(ok)n++;});
  document.getElementById('count').textContent=n;
  document.body.dataset.visible=n;
 }
 function fromHash(){
  var h=location.hash.replace(/^#/,'');
  if(h.indexOf('=')<0){highlight(decodeURIComponent(h));return;}
  h.split('&').forEach(function(kv){var p=kv.split('=');var k=p[0],v=decodeURIComponent(p[1]||'');
   if(f[k])f[k].value=v;});
  apply();
 }
 // Mark the edges of rule `id` (its first edge is <g id="id">, more are "id~2", ...) and its
 // row; scroll the diagram pane (not the page: the page itself never scrolls) so that the
 // first edge is in the middle of the pane.
 function highlight(id){
  [].forEach.call(document.querySelectorAll('.hit'),function(e){e.classList.remove('hit');});
  if(!id)return;
  var hits=[].filter.call(pane.querySelectorAll('g.edge'),function(e){
   return e.id===id||e.id.indexOf(id+'~')===0;});
  hits.forEach(function(e){e.classList.add('hit');});
  var row=document.getElementById('row-'+id),tp=document.getElementById('table-pane');
  if(row){row.classList.add('hit');var rb=row.getBoundingClientRect(),tb=tp.getBoundingClientRect();
   if(rb.top<tb.top+30||rb.bottom>tb.bottom)tp.scrollTop+=rb.top-tb.top-tp.clientHeight/3;}
  document.body.dataset.highlighted=hits.length;
  if(!hits.length)return;
  var box=hits[0].getBoundingClientRect(),outer=pane.getBoundingClientRect();
  pane.scrollLeft+=box.left+box.width/2-(outer.left+pane.clientWidth/2);
  pane.scrollTop+=box.top+box.height/2-(outer.top+pane.clientHeight/2);
  window.scrollTo(0,0);
 }
 Object.keys(f).forEach(function(k){f[k].addEventListener('input',apply);f[k].addEventListener('change',apply);});
 window.addEventListener('hashchange',fromHash);
 window.addEventListener('load',fromHash);  // again after the browser's own jump to the fragment
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
 fromHash();apply();
})();
"""

COLUMNS = tuple(c for c in TABLE_COLUMNS if c not in ("event", "rationale"))
HEAD = {
    "nl": {
        "title": "Overgangstabel verblijfsroutes",
        "track": "spoor",
        "basis": "grondslag",
        "source": "bron bevat",
        "q": "zoek",
        "all": "alle",
        "shown": "rijen getoond",
        "diagram": "Toestandsmachine (klik een regel-id om de overgang te markeren)",
        "nodiagram": "Geen diagram: geen Graphviz-renderer gevonden",
    },
    "en": {
        "title": "Transition table, verblijfsroutes",
        "track": "track",
        "basis": "basis",
        "source": "source contains",
        "q": "search",
        "all": "all",
        "shown": "rows shown",
        "diagram": "State machine (click a rule id to highlight its transition)",
        "nodiagram": "No diagram: no Graphviz renderer found",
    },
}


def machine_svg(engine: Engine, rules: Sequence[Rule], lang: str) -> str:
    """The full-machine SVG of these rules, ready to inline (no XML prolog or DOCTYPE)."""
    from verblijfsroutes.render.machine_diagram import machine_dot
    from verblijfsroutes.render.run_dot import render

    in_force = [r for r in rules if engine.active(r.choice)]
    svg = render(machine_dot(engine, in_force, lang, title=""), "svg").decode("utf-8")
    # plain ids for #R-BT-01 links; the natural size (pt) is kept: the diagram pane scrolls
    # to the highlighted edge, which stays legible
    return svg[svg.index("<svg") :].replace("&#45;", "-")


def render_html(engine: Engine, rules: Sequence[Rule], lang: str) -> str:
    """One self-contained page: the sortable, filterable table and the embedded machine."""
    h = HEAD[lang]
    records = [rule_record(engine, r, lang) for r in rules]
    esc = html.escape
    tracks = [t.id for t in engine.vocab.tracks]
    bases = sorted({r["basis"] for r in records})
    try:
        svg = machine_svg(engine, rules, lang)
    except UsageError:
        svg = f"<p>{esc(h['nodiagram'])}</p>"

    def options(values: Sequence[str]) -> str:
        return f'<option value="">{esc(h["all"])}</option>' + "".join(
            f'<option value="{esc(v)}">{esc(v)}</option>' for v in values
        )

    body = []
    for rec in records:
        cells = []
        for col in COLUMNS:
            value = esc(rec[col])
            if col == "id":
                value = f'<a href="#{esc(rec["id"])}">{value}</a>'
            cells.append(
                f'<td class="c-{col}{" basis-" + esc(rec["basis"]) if col == "basis" else ""}">{value}</td>'
            )
        body.append(
            f'<tr id="row-{esc(rec["id"])}" data-track="{esc(rec["track"])}" '
            f'data-basis="{esc(rec["basis"])}" data-source="{esc(rec["source"])}">{"".join(cells)}</tr>'
        )
    page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{esc(h["title"])}</title><style>{CSS}</style></head>
<body>
<header>
<h1>{esc(h["title"])}</h1>
<div class="controls">
<label>{esc(h["track"])} <select id="f-track">{options(tracks)}</select></label>
<label>{esc(h["basis"])} <select id="f-basis">{options(bases)}</select></label>
<label>{esc(h["source"])} <input id="f-source" size="14"></label>
<label>{esc(h["q"])} <input id="f-q" size="14"></label>
<span><span id="count">{len(records)}</span> / {len(records)} {esc(h["shown"])}</span>
</div>
</header>
<div id="table-pane">
<table id="rules"><thead><tr>{"".join(f"<th>{esc(c)}</th>" for c in COLUMNS)}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody></table>
</div>
<div id="diagram-pane">
<h2>{esc(h["diagram"])}</h2>
<div id="diagram">{svg}</div>
</div>
<script>{JS}</script>
</body></html>
"""
    return re.sub(r"[ \t]+\n", "\n", page)
