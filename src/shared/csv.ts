type Cell = string | number | boolean | null | undefined;

/**
 * RFC 4180 CSV with a BOM (so Excel opens Vietnamese as UTF-8). A cell that a spreadsheet
 * would read as a formula (= + - @, tab, CR) is prefixed with a quote: exports are opened
 * by people, and a registrant's name must never run as a formula on their machine.
 */
export function toCsv(header: string[], rows: Cell[][]): string {
  const lines = [header, ...rows].map((row) => row.map(cell).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
