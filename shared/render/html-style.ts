/**
 * The page's stylesheet: readable on screen; on paper A4 landscape with page numbers, the 別紙 label
 * at the top right above the title, the title kept
 * with the first block (cut between its KPI rows if the title's page cannot hold it all), any other
 * block never split across pages unless it is taller than a page (then it
 * starts a page and breaks between KPI rows, its <thead> repeated), a budget section flowing from
 * page to page between pairs (each pair a <tbody class="unit">), the chart left out.
 */
export const PAGE_STYLE = `
:root { color-scheme: light; }
body { font-family: "Yu Gothic", "YuGothic", "Hiragino Sans", "Noto Sans JP", "Meiryo", sans-serif;
  font-size: 15px; line-height: 1.6; color: #111; margin: 0; }
main { max-width: 1200px; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
.frame { margin: 1.5rem 0 1rem; }
.frame-label { text-align: right; margin: 0 0 .25rem; font-size: 1.1rem; }
.subtitle { margin: 0; }
.block { margin: 0 0 1.5rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.lead + table { margin-top: -1px; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid #444; padding: .25rem .5rem; vertical-align: middle; overflow-wrap: anywhere; }
th, td.fill { background: #f2f2f2; font-weight: bold; }
td.fill { border-top-style: hidden; }
th.r-label { background: #f9f9f9; font-weight: normal; }
td.nest { padding: 0; border: none; background: none; }
td.nest > table { margin-top: -1px; }
td.r-text { vertical-align: top; }
.a-left { text-align: left; } .a-center { text-align: center; } .a-right { text-align: right; }
.wrap { white-space: normal; }
td.r-value { white-space: nowrap; font-variant-numeric: tabular-nums; }
u { text-decoration-thickness: 2px; text-underline-offset: 2px; }
.notes p { margin: .25rem 0; font-size: .9em; }
.chart { margin: 2rem 0; }
.chart figure { margin: 0 0 1.5rem; }
.chart figcaption { font-weight: bold; margin-bottom: .25rem; }
.chart svg { max-width: 100%; height: auto; }
.chart .bar { fill: #2f5597; } .chart .bar.met { fill: #2e7d32; } .chart .bar.over { fill: #1b5e20; }
.chart .target { stroke: #c00000; stroke-width: 2; stroke-dasharray: 4 3; }
.chart .axis { stroke: #666; } .chart text { font-size: 12px; fill: #111; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
@media print {
  @page { size: A4 landscape; margin: 12mm 10mm 14mm;
    @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
  body { font-size: 9pt; }
  main { max-width: none; padding: 0; }
  .frame { margin-top: 0; }
  .frame, caption, table.lead, .block.summary { break-after: avoid; page-break-after: avoid; }
  .frame { break-inside: avoid; page-break-inside: avoid; }
  .block { break-inside: avoid; page-break-inside: avoid; }
  .block.flow, .block.first { break-inside: auto; page-break-inside: auto; }
  tr, tbody.unit { break-inside: avoid; page-break-inside: avoid; }
  tr.nest { break-inside: auto; page-break-inside: auto; }
  .notes { break-before: avoid; page-break-before: avoid; break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th, td.fill { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .chart { display: none; }
  section + section { break-before: page; }
}
`
  .trim()
  .replace(/\n\s*/g, '\n');
