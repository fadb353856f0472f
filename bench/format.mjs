// Number and table formatting for the report.

export const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
export const fixed = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
export const times = (n) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');

/** A padded terminal table; numeric columns (index ≥ 2) right-aligned; a rule between modes. */
export function textTable(header, body, groupBy) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const out = [line(header), rule];
  body.forEach((r, i) => {
    if (i > 0 && groupBy !== undefined && groupBy[i] !== groupBy[i - 1]) out.push('');
    out.push(line(r));
  });
  return out.join('\n');
}

export function markdownTable(header, body) {
  const align = header.map((_, i) => (i >= 2 ? '---:' : '---'));
  return [header, align, ...body].map((r) => `| ${r.join(' | ')} |`).join('\n');
}
