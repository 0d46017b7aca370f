// The booking story's stylesheet: lanes as grid columns, lifelines, arrows from cause to effect, and a phone's one column.
import { MAX_LANES } from './pages/booking-story.js';

const STORY_BASE_CSS = `
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
.arrow.self .label { right: 100%; bottom: auto; top: -.55rem; margin-right: .3rem; }
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

export const STORY_CSS = [
  STORY_BASE_CSS,
  ...columns.map(
    (column) =>
      `.col-${column} { grid-column: ${column}; grid-row: 1; } .arrow.from-${column} { grid-column-start: ${column}; }`,
  ),
  ...columns.filter((n) => n >= 2).map(lanesCss),
  ...columns.filter((k) => k >= 2).map(arrowCss),
].join('\n');
