/**
 * `--html FILE`: the run as one self-contained page for a person reviewing why pages were called
 * copies. Styles, script and data are inline (nothing is fetched when the file is opened from
 * disk). The data is one JSON blob; the page builds a cluster's DOM only when it is opened, and
 * lists clusters in chunks as they are scrolled to, so a large corpus stays responsive.
 *
 * A renderer only: the shared passages, the texts and the figures come from the caller.
 */

import type { RunParams } from '../engine/result.js';
import type { Removal, Skipped } from '../types.js';
import type { ClusterRecord } from './model.js';
import type { ReportSummary } from './report.js';

/** A cleaned text as shown: the text, and what cleaning removed from it. */
export interface ReviewText {
  text: string;
  removed: Removal[];
  flags: string[];
}

/** A copy's text, with the character ranges it shares with the canonical (and the canonical's with it). */
export interface ReviewCopy extends ReviewText {
  /** Flat [start, end, ...] ranges of this text found in the canonical. */
  shared: number[];
  /** Flat [start, end, ...] ranges of the canonical's text found in this copy. */
  canonicalShared: number[];
}

/** The texts of one duplicate cluster: the canonical's, then one per other member in the cluster's order (null: not readable). */
export interface ReviewTexts {
  canonical: ReviewText | null;
  copies: (ReviewCopy | null)[];
}

export interface HtmlReview {
  /** The page's heading. */
  title: string;
  summary: ReportSummary & { /** Share of the raw text cleaning removed, over every document (0..1). */ debris: number };
  params: RunParams | Record<string, unknown>;
  skipped: readonly Skipped[];
  clusters: readonly ClusterRecord[];
  /** The texts of a duplicate cluster, asked for as the page is written (so they need not all be held at once). */
  textsOf: (clusterId: string) => ReviewTexts | undefined;
  /** Free notes shown under the overview (e.g. explain's notes). */
  notes?: readonly string[];
  /** Share of the raw text cleaning removed, per source (an outlet's folder, or an input file of records), largest sources first. */
  debrisBySource?: readonly { source: string; documents: number; debris: number }[];
}

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in HTML content and in quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapeMap[c]);
}

/**
 * JSON safe inside a <script> element: every "<" (so no "</script>" or "<!--") and the two line
 * separators JavaScript once refused in strings are written as \u escapes, which JSON.parse reads back.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The page's data as JSON in pieces (one per cluster): singletons carry their id, path and title only. */
function* pageDataPieces(review: HtmlReview): Generator<string> {
  yield scriptJson({ summary: review.summary, params: review.params }).slice(0, -1) + ',"clusters":[';
  let first = true;
  for (const c of review.clusters) {
    let shown: unknown;
    if (c.size < 2) {
      const m = c.members[0];
      shown = { id: c.id, size: c.size, canonical: c.canonical, members: [{ id: m.id, path: m.path, title: m.title }] };
    } else shown = { ...c, texts: review.textsOf(c.id) ?? null };
    yield (first ? '' : ',') + scriptJson(shown);
    first = false;
  }
  yield ']}';
}

const pct = (x: number): string => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;

/** Clusters by size, in buckets a bar chart can show: 1, 2, 3, 4, 5, 6-10, 11-20, 21+. */
function sizeBuckets(clusters: readonly ClusterRecord[], summary: ReportSummary): { label: string; count: number }[] {
  const buckets = [
    { label: '1', min: 1, max: 1, count: 0 },
    { label: '2', min: 2, max: 2, count: 0 },
    { label: '3', min: 3, max: 3, count: 0 },
    { label: '4', min: 4, max: 4, count: 0 },
    { label: '5', min: 5, max: 5, count: 0 },
    { label: '6-10', min: 6, max: 10, count: 0 },
    { label: '11-20', min: 11, max: 20, count: 0 },
    { label: '21+', min: 21, max: Infinity, count: 0 },
  ];
  for (const c of clusters) {
    if (c.size < 2) continue;
    buckets.find((b) => c.size >= b.min && c.size <= b.max)!.count++;
  }
  // Singletons are counted by the summary even when they are not listed.
  buckets[0].count = summary.clusters - summary.duplicateClusters;
  return buckets.map(({ label, count }) => ({ label, count }));
}

function barChart(buckets: { label: string; count: number }[]): string {
  const width = 360;
  const barArea = 120;
  const slot = width / buckets.length;
  const top = Math.max(1, ...buckets.map((b) => b.count));
  const scale = (n: number) => (n === 0 ? 0 : Math.max(2, Math.round((Math.log10(n + 1) / Math.log10(top + 1)) * barArea)));
  const bars = buckets
    .map((b, i) => {
      const h = scale(b.count);
      const x = Math.round(i * slot + 6);
      const w = Math.round(slot - 12);
      return (
        `<g><title>${escapeHtml(`${b.count} cluster${b.count === 1 ? '' : 's'} of size ${b.label}`)}</title>` +
        `<rect x="${x}" y="${20 + barArea - h}" width="${w}" height="${h}" class="${i === 0 ? 'bar single' : 'bar'}"/>` +
        `<text x="${x + w / 2}" y="${14 + barArea - h}" text-anchor="middle" class="count">${b.count}</text>` +
        `<text x="${x + w / 2}" y="${barArea + 36}" text-anchor="middle">${escapeHtml(b.label)}</text></g>`
      );
    })
    .join('');
  return `<svg class="chart" viewBox="0 0 ${width} ${barArea + 44}" width="${width}" height="${barArea + 44}" role="img" aria-label="clusters by size (log scale)">${bars}</svg>`;
}

/** Horizontal bars of the debris share per source: which outlets' pages carry the most chrome. */
function debrisChart(sources: readonly { source: string; documents: number; debris: number }[]): string {
  const row = 18;
  const labelWidth = 200;
  const barWidth = 220;
  const rows = sources
    .map((s, i) => {
      const y = i * row;
      const w = Math.max(1, Math.round(s.debris * barWidth));
      return (
        `<g><title>${escapeHtml(`${s.source}: ${pct(s.debris)} of the raw text removed as debris, ${s.documents} document${s.documents === 1 ? '' : 's'}`)}</title>` +
        `<text x="${labelWidth - 6}" y="${y + 13}" text-anchor="end">${escapeHtml(s.source.length > 30 ? `${s.source.slice(0, 29)}…` : s.source)}</text>` +
        `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${row - 6}" class="bar"/>` +
        `<text x="${labelWidth + w + 4}" y="${y + 13}" class="count">${escapeHtml(pct(s.debris))}</text></g>`
      );
    })
    .join('');
  const height = sources.length * row + 4;
  return `<svg class="chart" viewBox="0 0 ${labelWidth + barWidth + 50} ${height}" width="${labelWidth + barWidth + 50}" height="${height}" role="img" aria-label="debris share per source">${rows}</svg>`;
}

function overview(review: HtmlReview): string {
  const s = review.summary;
  const figures: [string, string][] = [
    ['documents', String(s.documents)],
    ['files', String(s.files)],
    ['stories', String(s.clusters)],
    ['duplicate clusters', String(s.duplicateClusters)],
    ['duplicates', String(s.duplicates)],
    ['skipped inputs', String(s.skipped)],
    ['debris removed', pct(s.debris)],
  ];
  const skipped = review.skipped.length
    ? `<details class="skipped"><summary>${review.skipped.length} skipped input${review.skipped.length === 1 ? '' : 's'}</summary><ul>${review.skipped
        .map((k) => `<li><code>${escapeHtml(k.path)}</code>: ${escapeHtml(k.reason)}</li>`)
        .join('')}</ul></details>`
    : '';
  const notes = review.notes?.length ? `<ul class="notes">${review.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '';
  return (
    `<section id="overview"><dl class="figures">${figures.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('')}</dl>` +
    `<figure><figcaption>Clusters by size (log scale; 1 = unique stories)</figcaption>${barChart(sizeBuckets(review.clusters, s))}</figure>` +
    (review.debrisBySource?.length ? `<figure><figcaption>Debris removed per source (share of its raw text; the ${review.debrisBySource.length} largest sources)</figcaption>${debrisChart(review.debrisBySource)}</figure>` : '') +
    `${skipped}${notes}</section>`
  );
}

const STYLE = `
:root{--fg:#1d2330;--dim:#667085;--line:#d9dde5;--bg:#fff;--panel:#f6f7f9;--shared:#fff1a8;--only:#ffd9d6;--accent:#2458c6}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,main{max-width:1200px;margin:0 auto;padding:0 16px}
h1{font-size:20px;margin:16px 0 8px}
.figures{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 8px;padding:0}
.figures div{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:6px 12px}
.figures dt{font-size:12px;color:var(--dim)}.figures dd{margin:0;font-size:18px;font-weight:600}
figure{margin:8px 0}figcaption{font-size:12px;color:var(--dim)}
.chart .bar{fill:var(--accent)}.chart .bar.single{fill:#9aa6bd}.chart text{font-size:11px;fill:var(--fg)}
.controls{position:sticky;top:0;background:var(--bg);border-bottom:1px solid var(--line);padding:8px 0;display:flex;gap:8px;align-items:center;flex-wrap:wrap;z-index:2}
.controls input[type=search]{flex:1;min-width:220px;padding:6px 8px;font:inherit;border:1px solid var(--line);border-radius:4px}
.controls select{padding:5px;font:inherit}
.hint{font-size:12px;color:var(--dim)}
.cluster{border:1px solid var(--line);border-radius:6px;margin:8px 0;background:var(--bg)}
.cluster>summary{padding:8px 12px;cursor:pointer;list-style:none;display:flex;gap:10px;align-items:baseline}
.cluster>summary::-webkit-details-marker{display:none}
.cluster>summary:before{content:"\\25B8";color:var(--dim)}.cluster[open]>summary:before{content:"\\25BE"}
.cluster.current{outline:2px solid var(--accent)}
.cid{font-family:ui-monospace,monospace;font-weight:600}.size{color:var(--dim);white-space:nowrap}
.ctitle{flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.permalink{font-size:12px;color:var(--accent);text-decoration:none}
.body{padding:0 12px 12px}
.reason{background:var(--panel);padding:6px 10px;border-radius:4px;margin:4px 0 8px}
.member{font-size:13px;color:var(--dim);margin:2px 0}
.member code{color:var(--fg)}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px;margin:12px 0;border-top:1px solid var(--line);padding-top:8px}
.pair h3{font-size:14px;margin:0 0 4px}
.text{white-space:pre-wrap;font-size:13.5px;max-height:420px;overflow:auto;border:1px solid var(--line);border-radius:4px;padding:8px;background:#fcfcfd}
mark{background:var(--shared);color:inherit}
.only{background:var(--only);text-decoration:underline dotted #b42318}
.legend mark,.legend .only{padding:0 4px}
.removed summary{font-size:12px;color:var(--dim);cursor:pointer;margin-top:4px}
.removed li{font-size:12.5px}.removed del{color:#8a1c1c}.removed code{font-size:11px;color:var(--dim);margin-left:6px}
.more{text-align:center;color:var(--dim);padding:12px}
.empty{color:var(--dim);padding:16px 0}
@media (max-width:800px){.pair{grid-template-columns:1fr}}
`;

/**
 * The page's script. Builds no DOM from HTML strings: every text from the data is set as a text
 * node, so a hostile title stays text.
 */
const SCRIPT = `
(function(){
"use strict";
var data = JSON.parse(document.getElementById("dedupe-data").textContent);
var clusters = data.clusters;
var byId = new Map();
clusters.forEach(function(c, i){ byId.set(c.id, i); });
var list = document.getElementById("clusters");
var search = document.getElementById("search");
var sizeSel = document.getElementById("size");
var countEl = document.getElementById("count");
var CHUNK = 100;
var view = [];
var rendered = 0;
var current = -1;
var haystack = null;

function el(tag, cls, text){ var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined && text !== null) e.textContent = String(text); return e; }
function titleOf(c){ for (var i = 0; i < c.members.length; i++) if (c.members[i].title) return c.members[i].title; return c.members[0].path; }
function sizeOk(c, f){
  if (f === "dup") return c.size >= 2;
  if (f === "all") return true;
  if (f === "1") return c.size === 1;
  if (f === "2") return c.size === 2;
  if (f === "3-5") return c.size >= 3 && c.size <= 5;
  if (f === "6+") return c.size >= 6;
  return true;
}
function hay(i){
  if (!haystack) haystack = new Array(clusters.length);
  var h = haystack[i];
  if (h === undefined) {
    var c = clusters[i], parts = [c.id];
    c.members.forEach(function(m){ parts.push(m.id, m.path, m.title || ""); });
    h = haystack[i] = parts.join("\\n").toLowerCase();
  }
  return h;
}
function applyFilter(){
  var q = search.value.trim().toLowerCase();
  var f = sizeSel.value;
  view = [];
  for (var i = 0; i < clusters.length; i++) {
    if (!sizeOk(clusters[i], f)) continue;
    if (q && hay(i).indexOf(q) < 0) continue;
    view.push(i);
  }
  list.textContent = "";
  rendered = 0;
  current = -1;
  countEl.textContent = view.length + " cluster" + (view.length === 1 ? "" : "s") + " shown";
  if (view.length === 0) list.appendChild(el("p", "empty", "No cluster matches."));
  renderMore();
}
var sentinel = el("div", "more", "");
var observer = "IntersectionObserver" in window ? new IntersectionObserver(function(entries){
  entries.forEach(function(e){ if (e.isIntersecting) renderMore(); });
}, { rootMargin: "600px" }) : null;
function renderMore(){
  var end = Math.min(view.length, rendered + CHUNK);
  var frag = document.createDocumentFragment();
  for (; rendered < end; rendered++) frag.appendChild(clusterShell(view[rendered]));
  if (sentinel.parentNode) sentinel.parentNode.removeChild(sentinel);
  list.appendChild(frag);
  if (rendered < view.length) {
    sentinel.textContent = (view.length - rendered) + " more: scroll to load";
    list.appendChild(sentinel);
    if (observer) { observer.disconnect(); observer.observe(sentinel); }
  }
}
function clusterShell(i){
  var c = clusters[i];
  var d = el("details", "cluster");
  d.id = c.id;
  d.dataset.index = String(i);
  var s = el("summary");
  s.appendChild(el("span", "cid", c.id));
  s.appendChild(el("span", "size", c.size > 1 ? c.size + " copies" : "unique"));
  s.appendChild(el("span", "ctitle", titleOf(c)));
  var a = el("a", "permalink", "link");
  a.href = "#" + c.id;
  a.title = "link to this cluster";
  s.appendChild(a);
  d.appendChild(s);
  d.addEventListener("toggle", function(){ if (d.open && !d.dataset.built) { d.dataset.built = "1"; d.appendChild(clusterBody(c)); } });
  return d;
}
function memberLine(m, label){
  var p = el("div", "member");
  p.appendChild(el("strong", null, label + " "));
  p.appendChild(el("code", null, m.id));
  if (m.path && m.path !== m.id) { p.appendChild(document.createTextNode(" ")); p.appendChild(el("code", null, m.path)); }
  if (m.title) p.appendChild(document.createTextNode(" \\u2014 " + m.title));
  if (m.date) p.appendChild(document.createTextNode(" (" + m.date + ")"));
  if (m.url) { p.appendChild(document.createTextNode(" ")); p.appendChild(el("span", null, m.url)); }
  return p;
}
function marked(text, ranges){
  var box = el("div", "text");
  var pos = 0;
  function rest(a, b){
    if (b <= a) return;
    var t = text.slice(a, b);
    var m = /^(\\s*)([\\s\\S]*?)(\\s*)$/.exec(t);
    if (!/[\\p{L}\\p{N}]/u.test(t)) { box.appendChild(document.createTextNode(t)); return; }
    if (m[1]) box.appendChild(document.createTextNode(m[1]));
    box.appendChild(el("span", "only", m[2]));
    if (m[3]) box.appendChild(document.createTextNode(m[3]));
  }
  for (var r = 0; r + 1 < ranges.length; r += 2) {
    rest(pos, ranges[r]);
    box.appendChild(el("mark", null, text.slice(ranges[r], ranges[r + 1])));
    pos = ranges[r + 1];
  }
  rest(pos, text.length);
  return box;
}
function removedList(t){
  var d = el("details", "removed");
  var n = t.removed.length;
  d.appendChild(el("summary", null, "cleaning removed " + n + " block" + (n === 1 ? "" : "s") + (t.flags.length ? " (" + t.flags.join(", ") + ")" : "")));
  var ul = el("ul");
  t.removed.forEach(function(r){ var li = el("li"); li.appendChild(el("del", null, r.text)); li.appendChild(el("code", null, r.rule)); ul.appendChild(li); });
  if (n === 0) ul.appendChild(el("li", null, "nothing"));
  d.appendChild(ul);
  return d;
}
function side(heading, m, t, ranges){
  var col = el("div", "side");
  col.appendChild(el("h3", null, heading));
  col.appendChild(memberLine(m, ""));
  if (!t) { col.appendChild(el("p", "empty", "text not available")); return col; }
  col.appendChild(marked(t.text, ranges));
  col.appendChild(removedList(t));
  return col;
}
function clusterBody(c){
  var b = el("div", "body");
  if (c.size < 2) { b.appendChild(memberLine(c.members[0], "unique story:")); return b; }
  var canon = c.members[0];
  b.appendChild(el("div", "reason", "Canonical " + canon.id + ": " + (c.reason || "")));
  var legend = el("p", "legend hint");
  legend.appendChild(el("mark", null, "shared passage"));
  legend.appendChild(document.createTextNode(" "));
  legend.appendChild(el("span", "only", "found in one text only"));
  b.appendChild(legend);
  var texts = c.texts || { canonical: null, copies: [] };
  for (var i = 1; i < c.members.length; i++) {
    var m = c.members[i], t = texts.copies[i - 1] || null;
    var pair = el("div", "pair");
    pair.dataset.copy = m.id;
    pair.appendChild(side("canonical", canon, texts.canonical, t ? t.canonicalShared : []));
    pair.appendChild(side("copy " + i + ": similarity " + m.similarity.toFixed(2) + ", containment " + m.containment.toFixed(2), m, t, t ? t.shared : []));
    b.appendChild(pair);
  }
  return b;
}
function shells(){ return list.querySelectorAll("details.cluster"); }
function focusCluster(k){
  var all = shells();
  while (k >= all.length && rendered < view.length) { renderMore(); all = shells(); }
  if (k < 0 || k >= all.length) return;
  if (current >= 0 && all[current]) all[current].classList.remove("current");
  current = k;
  all[k].classList.add("current");
  all[k].querySelector("summary").focus();
  all[k].scrollIntoView({ block: "start" });
}
function openFromHash(){
  var id = decodeURIComponent(location.hash.slice(1));
  if (!byId.has(id)) return;
  var i = byId.get(id);
  var pos = view.indexOf(i);
  if (pos < 0) { search.value = ""; sizeSel.value = clusters[i].size < 2 ? "all" : "dup"; applyFilter(); pos = view.indexOf(i); }
  if (pos < 0) return;
  while (rendered <= pos) renderMore();
  var d = document.getElementById(id);
  if (!d) return;
  d.open = true;
  var all = shells();
  for (var k = 0; k < all.length; k++) if (all[k] === d) { focusCluster(k); break; }
}
var timer = 0;
search.addEventListener("input", function(){ clearTimeout(timer); timer = setTimeout(applyFilter, 120); });
sizeSel.addEventListener("change", applyFilter);
document.addEventListener("keydown", function(e){
  if (e.target === search || e.target === sizeSel) { if (e.key === "Escape") search.blur(); return; }
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  if (e.key === "j" || e.key === "ArrowDown") { e.preventDefault(); focusCluster(current + 1); }
  else if (e.key === "k" || e.key === "ArrowUp") { e.preventDefault(); focusCluster(Math.max(0, current - 1)); }
  else if (e.key === "o" && current >= 0) { var d = shells()[current]; d.open = !d.open; }
  else if (e.key === "/") { e.preventDefault(); search.focus(); }
});
window.addEventListener("hashchange", openFromHash);
applyFilter();
openFromHash();
})();
`;

/** The whole page, in pieces (see writeFileAtomicFrom): the data blob is written one cluster at a time. */
export function* htmlReportPieces(review: HtmlReview): Generator<string> {
  const title = escapeHtml(review.title);
  yield (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">` +
    `<title>${title}</title><style>${STYLE}</style></head><body>` +
    `<header><h1>${title}</h1>${overview(review)}</header>` +
    `<main><div class="controls"><input type="search" id="search" placeholder="Search title, id or path" aria-label="search clusters">` +
    `<select id="size" aria-label="cluster size"><option value="dup">duplicate clusters</option><option value="2">2 copies</option><option value="3-5">3-5 copies</option><option value="6+">6 or more</option><option value="1">unique stories</option><option value="all">all stories</option></select>` +
    `<span id="count" class="hint"></span><span class="hint">j/k or arrows: next/previous cluster, o: open, /: search</span></div>` +
    `<div id="clusters"><p class="empty">Loading…</p></div></main>` +
    `<script type="application/json" id="dedupe-data">`
  );
  yield* pageDataPieces(review);
  yield `</script><script>${SCRIPT}</script></body></html>\n`;
}

/** The whole page as one string (a small page: one pair). */
export function renderHtmlReport(review: HtmlReview): string {
  return [...htmlReportPieces(review)].join('');
}
