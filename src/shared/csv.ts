export type CsvCell = string | number | boolean | null | undefined;
type Cell = CsvCell;

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

/**
 * Several tables in one file, for reports: each section is an optional title line, a header and
 * rows (or free lines), separated by an empty line. Every cell goes through the same
 * neutralising as toCsv.
 */
export type CsvSection = { title?: string; header: string[]; rows: Cell[][] } | { lines: Cell[][] };

export function toCsvSections(sections: CsvSection[]): string {
  const blocks = sections.map((section) => {
    const rows = 'lines' in section ? section.lines : [...(section.title ? [[section.title]] : []), section.header, ...section.rows];
    return rows.map((row) => row.map(cell).join(',')).join('\r\n');
  });
  return '\uFEFF' + blocks.join('\r\n\r\n') + '\r\n';
}

/**
 * RFC 4180 text into rows of fields: quoted fields may hold commas, quotes ("") and line
 * breaks; CRLF or LF ends a row; a leading BOM is dropped; blank lines are skipped.
 * Returns null when a quote is left open.
 */
export function parseCsv(text: string): string[][] | null {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += ch;
  }
  if (quoted) return null;
  if (field !== '' || row.length > 0) endRow();
  return rows;
}
