package runreport

// css is the page's only style sheet, inline. System fonts only: nothing is fetched.
const css = `
:root { --ink: #1d2433; --muted: #5b6475; --line: #d8dde6; --bar: #2f6db5; --neg: #c2453d; --low: #d08a2c; --ok: #2e7d4f; --bg: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 24px 28px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
header { border-bottom: 3px solid var(--bar); margin-bottom: 12px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 12px 0 6px; }
.src { color: var(--muted); margin: 0 0 8px; font-family: ui-monospace, monospace; font-size: 12px; }
section { margin: 20px 0 28px; }
.note { color: var(--muted); font-size: 12px; margin: 2px 0 8px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 13px; }
th, td { padding: 3px 10px 3px 0; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.bars { width: 100%; }
td.barcell { width: 38%; }
span.bar { display: inline-block; height: 12px; background: var(--bar); vertical-align: middle; }
span.bar.neg { background: var(--neg); }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 6px 16px; margin: 0 0 10px; }
.facts div { background: var(--bg); padding: 6px 10px; border-radius: 4px; }
dt { color: var(--muted); font-size: 11px; }
dd { margin: 0; font-weight: 600; font-size: 13px; white-space: nowrap; }
.tiles { display: grid; grid-template-columns: repeat(5, 1fr); gap: 10px; }
.tile { background: var(--bg); border-left: 4px solid var(--bar); padding: 8px 10px; }
.tile.main { border-left-color: var(--ink); }
.tile.neg { border-left-color: var(--neg); }
.tile .k { color: var(--muted); font-size: 12px; }
.tile .v { font-size: 17px; font-weight: 700; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tile .c { color: var(--muted); font-size: 12px; }
.ok { color: var(--ok); }
.bad { color: var(--neg); font-weight: 700; }
.strong, tr.strong td { font-weight: 700; }
svg.chart { display: block; max-width: 100%; height: auto; font-size: 11px; }
svg rect.bar { fill: var(--bar); }
svg rect.bar.neg { fill: var(--neg); }
svg rect.bar.low { fill: var(--low); }
svg text { fill: var(--ink); text-anchor: middle; }
svg text.val { font-size: 10px; }
svg text.lab { fill: var(--muted); }
svg text.mark { fill: var(--neg); text-anchor: start; font-weight: 600; }
svg line.axis { stroke: #8a93a3; stroke-width: 1; }
svg line.mark { stroke: var(--neg); stroke-width: 2; stroke-dasharray: 4 3; }
svg line.tick { stroke-width: 2; }
svg line.t0 { stroke: #9ab8dd; } svg line.t1 { stroke: #5f93cc; } svg line.t2 { stroke: #2f6db5; } svg line.t3 { stroke: #d08a2c; } svg line.t4 { stroke: #c2453d; }
table.dist td { padding-top: 1px; padding-bottom: 1px; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; }
.st { display: inline-block; min-width: 9em; }
.assumptions { font-size: 12px; margin: 4px 0; padding-left: 20px; }
footer { color: var(--muted); font-size: 11px; border-top: 1px solid var(--line); padding-top: 8px; margin-top: 24px; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section { break-inside: avoid; page-break-inside: avoid; }
  table.dist, #statuses, #top { break-inside: auto; }
  h2 { break-after: avoid; }
  .tiles { grid-template-columns: repeat(3, 1fr); }
}
`
