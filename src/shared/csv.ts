export type CsvCell = string | number | boolean | null | undefined;
type Cell = CsvCell;

/**
 * RFC 4180 CSV with a BOM (so Excel opens Vietnamese as UTF-8). Exports are opened by people,
 * and nothing a registrant typed may run as a formula on their machine (see `neutralise`).
 */
export function toCsv(header: string[], rows: Cell[][]): string {
  const lines = [header, ...rows].map((row) => row.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? neutralise(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Where a spreadsheet may cut a line into cells: Vietnamese Excel (decimal comma) splits on ";". */
const SEPARATORS = new Set([',', ';', '\t', '\r', '\n']);
/** What makes a cell a formula (OWASP's list: = + - @, tab, CR). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * A quote before every part of the text that could start a formula, not only the first: the
 * file may be opened with another separator than ours ("Nguyễn;=1+2" is two cells in
 * Vietnamese Excel), so each piece after a separator, past its spaces and quotes, counts as a
 * cell start. A quote shows where it was added ("Nguyễn;'=1+2", "'+84912…", "ghi chú\n'- mục");
 * numbers are not text and keep their sign.
 */
export function neutralise(text: string): string {
  let out = '';
  let atCellStart = true;
  for (const ch of text) {
    if (atCellStart && FORMULA_START.has(ch)) out += "'";
    out += ch;
    if (SEPARATORS.has(ch)) atCellStart = true;
    else if (ch !== ' ' && ch !== '"') atCellStart = false;
  }
  return out;
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
  return `\uFEFF${blocks.join('\r\n\r\n')}\r\n`;
}

/**
 * RFC 4180 text into rows of fields: quoted fields may hold separators, quotes ("") and line
 * breaks; CRLF or LF ends a row; a leading BOM is dropped; blank lines are skipped (or kept as
 * `['']`, so a row's index is its line in the spreadsheet). The separator is `,` unless given:
 * Excel set to Vietnamese (decimal comma) writes `;`. Returns null when a quote is left open.
 */
export function parseCsv(text: string, options: { separator?: string; keepBlankLines?: boolean } = {}): string[][] | null {
  const separator = options.separator ?? ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(field);
    if (options.keepBlankLines || row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === separator) {
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
