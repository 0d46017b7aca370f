// The inspector's stylesheet, served from its own URL: system fonts only, readable from a phone to a projector.
import { STORY_CSS } from './story-styles.js';

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
@media (max-width: 700px) {
  main { padding: .8rem; }
  header.top { padding: .6rem .8rem; }
  .search { margin-left: 0; width: 100%; } .search input { flex: 1; width: auto; }
}
`;

export const INSPECTOR_CSS = `${BASE_CSS}\n${STORY_CSS}`;
