/// The page's only stylesheet, inline. System fonts only: nothing is fetched from anywhere.
enum ReportStyle {
    static let css = """
    :root { --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --accent: #0969da; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; color: #1f2328; background: #fff; overflow-wrap: anywhere; }
    header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
    header { padding-top: 20px; border-bottom: 1px solid var(--line); }
    h1 { font-size: 26px; margin: 0 0 4px; }
    h2 { font-size: 21px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
    h3 { font-size: 16px; margin: 18px 0 6px; }
    p, ul { margin: 6px 0; }
    .meta { color: var(--muted); margin: 0 0 10px; }
    nav ul { list-style: none; padding: 0; margin: 8px 0 12px; display: flex; flex-wrap: wrap; gap: 4px 16px; }
    a { color: var(--accent); }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin: 12px 0; }
    .card { overflow-wrap: anywhere; border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 6px; padding: 10px 14px; background: #fff; }
    .card h3 { margin: 0 0 4px; font-size: 14px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
    .card .big { font-size: 21px; font-weight: 700; margin: 0; }
    .card.ok { border-left-color: var(--ok); } .card.bad { border-left-color: var(--bad); } .card.warn { border-left-color: var(--warn); }
    table { width: 100%; border-collapse: collapse; margin: 8px 0 14px; font-size: 14px; }
    caption { text-align: left; font-weight: 600; padding: 4px 0; color: #24292f; }
    th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
    td code, th code { font-size: 12px; }
    th.w, td.w { overflow-wrap: break-word; }  /* short tokens: the column fits them */
    thead th { background: var(--soft); border-bottom: 2px solid var(--line); }
    tbody th { font-weight: 600; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; overflow-wrap: anywhere; }
    .badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 12px; font-weight: 700; border: 1px solid currentColor; white-space: nowrap; }
    .ok { color: var(--ok); } .bad { color: var(--bad); } .warn { color: var(--warn); } .muted { color: var(--muted); }
    .card.ok, .card.bad, .card.warn { color: inherit; }
    ul.tight { padding-left: 18px; margin: 2px 0; }
    ul.tight li { margin: 1px 0; }
    figure { margin: 10px 0 16px; }
    figure svg { width: 100%; height: auto; display: block; border: 1px solid var(--line); border-radius: 6px; }
    figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
    td.cell { font-size: 13px; }
    td.cell.ok { background: #dafbe1; color: #116329; } td.cell.bad { background: #ffebe9; color: #a40e26; } td.cell.warn { background: #fff8c5; color: #7d4e00; }
    .empty { border: 2px dashed var(--line); border-radius: 8px; padding: 16px; background: var(--soft); }
    details { margin: 4px 0; } summary { cursor: pointer; }
    footer { color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); margin-top: 32px; padding-top: 10px; padding-bottom: 24px; }
    .skip { position: absolute; left: -9999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px; }
    @media print {
      body { font-size: 11pt; }
      header, main, footer { max-width: none; padding: 0; }
      nav, .skip { display: none; }
      h2 { break-after: avoid; }
      tr, .card, figure { break-inside: avoid; }
      a { color: inherit; text-decoration: none; }
      td.cell.ok, td.cell.bad, td.cell.warn, thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      details > *:not(summary) { display: block; }
    }
    """
}
