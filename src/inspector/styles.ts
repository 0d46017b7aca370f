// The inspector's stylesheet, served from its own URL: system fonts only, readable from a phone to a projector.
import { MAX_LANES } from './pages/booking-story.js';

const BASE_CSS = `
:root { --bg: #f4f5fa; --panel: #fff; --ink: #1b2030; --muted: #5f6b7e; --line: #dfe3ee; --accent: #5b4bdb; --top: #161a2e;
  --booking: #4f46e5; --concert: #c26a06; --payment: #05875f; --outside: #5b6577; --other: #0b7bb5;
  --ok: #0a7b50; --warn: #9a5b00; --bad: #b42318; font-size: 16px; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
a { color: var(--accent); text-underline-offset: 2px; }
a:focus-visible, button:focus-visible, input:focus-visible, summary:focus-visible { outline: 3px solid #f5b400; outline-offset: 2px; }
code, pre, .rev { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .88em; }
h1 { font-size: 1.6rem; margin: .2rem 0 .6rem; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin: 1.4rem 0 .5rem; }
h3, h4 { margin: 0; }
h4 { font-size: .78rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: .6rem 0 .2rem; }
.muted { color: var(--muted); font-weight: normal; }
.lead { font-size: 1.05rem; max-width: 60rem; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; z-index: 10; }
.skip:focus { left: .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header.top { background: var(--top); color: #fff; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .6rem 1.5rem; }
header.top a { color: #e6e8ff; text-decoration: none; }
.brand { font-weight: 700; font-size: 1.05rem; white-space: nowrap; }
.brand span:last-child { color: #a99cff; font-weight: 500; }
.logo { color: #a99cff; }
header.top nav { display: flex; flex-wrap: wrap; gap: .2rem; }
header.top nav a { padding: .3rem .7rem; border-radius: 6px; }
header.top nav a:hover { background: #2a2f4d; }
header.top nav a[aria-current="page"] { background: #3b3480; color: #fff; }
.search { margin-left: auto; display: flex; gap: .3rem; }
input { font: inherit; padding: .35rem .6rem; border: 1px solid #b8bfd3; border-radius: 6px; min-width: 0; }
.search input { width: 15rem; border-color: #3a4063; background: #23284a; color: #fff; }
button, .button { font: inherit; font-size: .92rem; padding: .35rem .9rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
td button { white-space: nowrap; font-size: .85rem; padding: .2rem .6rem; }
tbody th[scope="row"] { white-space: nowrap; }
button:disabled { background: #e4e6ee; border-color: #cfd3df; color: #7a8296; cursor: not-allowed; }
button.danger { background: #fff; color: var(--bad); border-color: var(--bad); }
.actions { display: flex; gap: .4rem; flex-wrap: wrap; }
form.inline { display: inline; margin: 0; }
.inline-form { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; margin: .6rem 0; }
main { padding: 1rem 1.5rem 2rem; max-width: 1500px; margin: 0 auto; }
footer { color: var(--muted); font-size: .8rem; padding: 1rem 1.5rem 2rem; text-align: center; }
.page-head { display: flex; align-items: center; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
.head-fact { margin: 0; color: var(--muted); }
.outcome { padding: .7rem 1rem; border-radius: 8px; font-weight: 600; border: 1px solid; }
.outcome.ok { background: #e7f6ee; border-color: #9ad3b5; color: var(--ok); }
.outcome.failed { background: #fdecea; border-color: #f1a9a0; color: var(--bad); }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: .4rem 1.1rem 1rem; min-width: 0; }
.panel h2 { margin-top: .6rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 340px), 1fr)); gap: 1rem; align-items: start; }
.grid .wide { grid-column: 1 / -1; }
.grid.two { grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); }
.stack { display: grid; gap: 1rem; }
.panel.processes { margin-bottom: 1rem; }
.small { font-size: .82rem; }
ol.recent .small { display: block; }
.big-search { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: .8rem 1.1rem; margin-bottom: 1rem; }
.big-search label { display: block; font-weight: 600; margin-bottom: .3rem; }
.big-search div { display: flex; gap: .5rem; }
.big-search input { flex: 1; font-size: 1.05rem; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: var(--panel); }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { font-size: .78rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: .05rem .55rem; border-radius: 999px; font-size: .82rem; font-weight: 600; border: 1px solid; }
.badge.ok { color: var(--ok); background: #e7f6ee; border-color: #a6dcc0; }
.badge.warn { color: var(--warn); background: #fff4e0; border-color: #f0cf95; }
.badge.bad { color: var(--bad); background: #fdecea; border-color: #f1a9a0; }
.alert { color: var(--bad); font-weight: 700; }
.chip { font-size: .75rem; border: 1px solid var(--accent); border-radius: 999px; padding: 0 .45rem; text-decoration: none; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: .4rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
dl.facts.small { font-size: .85rem; }
dl.summary { display: flex; flex-wrap: wrap; gap: .6rem; margin: .4rem 0 1rem; }
dl.summary div { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: .4rem .9rem; }
dl.summary dt { font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
dl.summary dd { margin: 0; font-weight: 600; font-size: 1.05rem; }
ol.recent, ul.plain { list-style: none; padding: 0; margin: .3rem 0; }
ol.recent li, ul.plain li { padding: .3rem 0; border-bottom: 1px dashed var(--line); overflow-wrap: anywhere; }
.empty { color: var(--muted); font-style: italic; }
.note { background: #fff8e6; border: 1px solid #f0d9a0; padding: .5rem .8rem; border-radius: 8px; }
pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.json, pre.source { background: #f7f8fc; border: 1px solid var(--line); border-radius: 8px; padding: .6rem .8rem; font-size: .84rem; max-height: 28rem; overflow: auto; }
pre.source { white-space: pre; }
.pager { display: flex; gap: .5rem; flex-wrap: wrap; margin: .6rem 0; }
.pager a, .pager span { padding: .25rem .7rem; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); text-decoration: none; }
.pager .disabled { color: #9aa2b5; pointer-events: none; }
.events { display: grid; gap: .8rem; }
.event { background: var(--panel); border: 1px solid var(--line); border-left: 5px solid var(--other); border-radius: 10px; padding: .6rem 1rem; min-width: 0; }
.event > header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .3rem .9rem; }
.event .type { font-size: 1.05rem; }
.event time, .event .ids { color: var(--muted); font-size: .82rem; }
.event .ids { margin: .4rem 0 0; overflow-wrap: anywhere; }
.event .in-stream { font-family: ui-monospace, monospace; font-size: .88rem; }
.payload { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 300px), 1fr)); gap: .6rem; }
.link-note { margin: .4rem 0; }
.event details { margin-top: .3rem; }
.event summary { cursor: pointer; color: var(--accent); font-size: .88rem; }
dl.causality { display: grid; grid-template-columns: max-content 1fr; gap: 0 .8rem; margin: .4rem 0; font-size: .88rem; }
dl.causality dt { color: var(--muted); }
dl.causality dd { margin: 0; overflow-wrap: anywhere; }
.cat-booking { --cat: var(--booking); border-left-color: var(--booking); }
.cat-concert { --cat: var(--concert); border-left-color: var(--concert); }
.cat-payment { --cat: var(--payment); border-left-color: var(--payment); }
.live-state { margin: 0; font-weight: 600; color: var(--ok); }
ol.live-events { list-style: none; padding: 0; display: grid; gap: .6rem; }
.live-event { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: .5rem .9rem; }
.live-head { display: flex; gap: .8rem; flex-wrap: wrap; align-items: baseline; margin-bottom: .3rem; }
.live-head .type { font-weight: 700; }
.live-head .where, .live-head .when { color: var(--muted); font-size: .85rem; font-family: ui-monospace, monospace; }
`;

const STORY_CSS = `
.story h2 { margin-top: .2rem; }
.status { padding: .05rem .6rem; border-radius: 999px; color: #fff; background: var(--outside); }
.status-Settled { background: var(--ok); }
.status-Confirmed { background: var(--booking); }
.status-AwaitingConfirmation { background: var(--warn); }
.status-Denied, .status-Cancelled, .status-Expired { background: var(--bad); }
.lanes-scroll { overflow-x: auto; padding-bottom: .5rem; }
.lane-heads, .step { display: grid; }
.lane-heads { position: sticky; top: 0; z-index: 3; background: var(--bg); padding: .3rem 0 .5rem; }
.lane-head { text-align: center; padding: .4rem .3rem; margin: 0 4%; border-radius: 10px; background: var(--panel); border: 1px solid var(--line); border-top: 4px solid var(--cat, var(--outside)); overflow-wrap: anywhere; }
.lane-head a { text-decoration: none; color: inherit; display: block; }
.lane-head strong { display: block; color: var(--cat, var(--outside)); text-transform: uppercase; letter-spacing: .06em; font-size: .8rem; }
.lane-head span { font-family: ui-monospace, monospace; font-size: .8rem; }
.lane-head.outside { --cat: var(--outside); }
.lane-head.outside span { font-family: inherit; color: var(--muted); }
ol.steps { list-style: none; margin: 0; padding: .2rem 0 1rem; background-repeat: no-repeat; background-size: 2px 100%; }
.step { position: relative; padding: .45rem 0; scroll-margin-top: 6rem; }
.step:target .card { box-shadow: 0 0 0 3px #f5b400; }
.card { grid-row: 1; justify-self: center; width: 84%; position: relative; z-index: 1; background: var(--panel); border: 1px solid var(--line); border-top: 4px solid var(--cat, var(--other)); border-radius: 10px; padding: .45rem .7rem .5rem; box-shadow: 0 1px 3px rgba(20, 24, 50, .08); min-width: 0; }
.card header { display: flex; align-items: center; gap: .45rem; }
.card h3 { font-size: 1rem; overflow-wrap: anywhere; }
.num { display: inline-grid; place-items: center; min-width: 1.45rem; height: 1.45rem; border-radius: 999px; background: var(--cat, var(--accent)); color: #fff; font-size: .75rem; font-weight: 700; padding: 0 .3rem; }
.why .num, .led .num { background: var(--muted); min-width: 1.2rem; height: 1.2rem; font-size: .68rem; }
.card p { margin: .2rem 0 0; font-size: .84rem; overflow-wrap: anywhere; }
.card .where { display: flex; justify-content: space-between; gap: .5rem; flex-wrap: wrap; }
.card .where a { font-family: ui-monospace, monospace; font-size: .8rem; }
.card time { color: var(--muted); }
.card .outside code { font-size: .75rem; }
.card details { margin-top: .3rem; font-size: .84rem; }
.card summary { cursor: pointer; color: var(--accent); }
.card pre.json { font-size: .76rem; margin-top: .3rem; }
.card pre.meta { background: #f3f1ff; }
.arrow { grid-row: 1; align-self: start; position: relative; height: 0; margin-top: 1.25rem; color: #7d86a0; z-index: 0; }
.arrow::before { content: ""; position: absolute; top: -1px; height: 2px; background: currentColor; }
.arrow::after { content: ""; position: absolute; top: -6px; border: 6px solid transparent; }
.arrow .label { position: absolute; bottom: 3px; white-space: nowrap; font-size: .72rem; font-weight: 600; color: var(--muted); background: var(--bg); padding: 0 .3rem; border-radius: 4px; }
.arrow.self { justify-self: start; width: 8%; }
.arrow.self::before { left: 15%; width: 100%; top: -.7rem; height: 1.4rem; background: none; border: 2px solid currentColor; border-right: 0; border-radius: 10px 0 0 10px; }
.arrow.self::after { display: none; }
.arrow.self .label { display: none; }
.view-panel { background: var(--panel); border: 1px solid var(--line); border-left: 5px solid #13aa52; border-radius: 12px; padding: .3rem 1.1rem 1rem; margin-bottom: 1.2rem; display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 380px), 1fr)); gap: 0 2rem; }
.view-panel h2 { margin-top: .6rem; }
.view-panel .badge { display: block; border-radius: 8px; padding: .4rem .7rem; font-size: .95rem; margin: .6rem 0; }
.view-panel pre.doc { font-size: .78rem; max-height: 32rem; }
table.doc-fields { margin-top: .7rem; font-size: .9rem; }
table.doc-fields th { color: var(--muted); font-weight: normal; width: 8rem; }
table.doc-fields td, table.doc-fields th { padding: .2rem .5rem; }
.view-panel details { margin-top: .5rem; }
.view-panel summary { cursor: pointer; color: var(--accent); }
@media (max-width: 700px) {
  main { padding: .8rem; }
  header.top { padding: .6rem .8rem; }
  .search { margin-left: 0; width: 100%; } .search input { flex: 1; width: auto; }
  .lanes { min-width: 0 !important; }
  .lane-heads, .arrow { display: none; }
  ol.steps { background: none !important; padding-left: 0; }
  .step { display: block; }
  .card { width: auto; justify-self: stretch; margin-bottom: .2rem; }
}
`;

/** Lifelines, lane columns and arrow geometry for a diagram of `n` columns (generated: the CSP allows no inline style). */
function lanesCss(n: number): string {
  const lifelines = Array.from({ length: n }, () => 'linear-gradient(#c5cadb, #c5cadb)').join(', ');
  const positions = Array.from({ length: n }, (_, k) => `${(((k + 0.5) / n) * 100).toFixed(3)}% 0`).join(', ');
  return `.lanes-${n} { min-width: ${n * 175}px; }
.lanes-${n} .lane-heads, .lanes-${n} .step { grid-template-columns: repeat(${n}, minmax(0, 1fr)); }
.lanes-${n} ol.steps { background-image: ${lifelines}; background-position: ${positions}; }`;
}

/** A line from the middle of its first column to the card's edge in its last (or back), over `k` columns. */
function arrowCss(k: number): string {
  const centre = `${(50 / k).toFixed(3)}%`;
  const edge = `${(92 / k).toFixed(3)}%`;
  return `.arrow.span-${k} { grid-column-end: span ${k}; }
.arrow.right.span-${k}::before { left: ${centre}; right: calc(${edge} + 6px); }
.arrow.right.span-${k}::after { right: ${edge}; border-left-color: currentColor; border-right-width: 0; }
.arrow.left.span-${k}::before { right: ${centre}; left: calc(${edge} + 6px); }
.arrow.left.span-${k}::after { left: ${edge}; border-right-color: currentColor; border-left-width: 0; }
.arrow.right.span-${k} .label { left: calc(${centre} + 6px); }
.arrow.left.span-${k} .label { right: calc(${centre} + 6px); }`;
}

const columns = Array.from({ length: MAX_LANES }, (_, index) => index + 1);

export const INSPECTOR_CSS = [
  BASE_CSS,
  STORY_CSS,
  ...columns.map((column) => `.col-${column} { grid-column: ${column}; grid-row: 1; } .arrow.from-${column} { grid-column-start: ${column}; }`),
  ...columns.filter((n) => n >= 2).map(lanesCss),
  ...columns.filter((k) => k >= 2).map(arrowCss),
].join('\n');
