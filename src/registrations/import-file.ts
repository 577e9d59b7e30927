import { readSheet } from 'read-excel-file/universal';
import { parseCsv } from '../shared/csv.js';

/**
 * A list sent by a commune or district, as a table of text: the spreadsheet's first sheet or
 * a CSV as Excel writes it (UTF-8 with or without BOM, or the legacy Windows-1258 code page;
 * `,` or `;` between cells). Pure: no database, no HTTP.
 */
export type ImportKind = 'csv' | 'xlsx';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The columns an import understands; the SPEC §10 names, which a template's header also uses. */
export const IMPORT_COLUMNS = ['fullName', 'phone', 'email', 'gender', 'birthYear', 'district', 'commune', 'facility'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** The Vietnamese header a template carries for each column (what a commune clerk recognises). */
export const VIETNAMESE_HEADERS: Record<ImportColumn, string> = {
  fullName: 'Họ và tên',
  phone: 'Số điện thoại',
  email: 'Email',
  gender: 'Giới tính',
  birthYear: 'Năm sinh',
  district: 'Huyện/Quận',
  commune: 'Xã/Phường',
  facility: 'Cơ sở',
};

// Headers are matched folded (no accents, no case, letters and digits only): "Họ và tên",
// "HO VA TEN" and "Ho_va_ten" are one header. Lists from communes name columns all ways.
const HEADER_ALIASES: Record<ImportColumn, string[]> = {
  fullName: ['fullname', 'name', 'hovaten', 'hoten', 'hotenhocvien', 'hovatenhocvien', 'tennguoi'],
  phone: ['phone', 'phonenumber', 'mobile', 'sodienthoai', 'dienthoai', 'sdt', 'sodt', 'dtdd'],
  email: ['email', 'emailaddress', 'thudientu', 'diachiemail'],
  gender: ['gender', 'sex', 'gioitinh'],
  birthYear: ['birthyear', 'yearofbirth', 'namsinh'],
  district: ['district', 'huyen', 'quan', 'huyenquan', 'quanhuyen', 'huyenthixa', 'huyenthanhpho'],
  commune: ['commune', 'ward', 'xa', 'phuong', 'xaphuong', 'phuongxa', 'xaphuongthitran'],
  facility: ['facility', 'coso', 'tencoso', 'donvi', 'doanhnghiep', 'tendoanhnghiep', 'cosodoanhnghiep'],
};

/** Lower-case, accent-free letters and digits only: "Số điện thoại" → "sodienthoai". */
export function foldHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/[^a-z0-9]/g, '');
}

const BY_ALIAS = new Map(Object.entries(HEADER_ALIASES).flatMap(([column, aliases]) => aliases.map((a) => [a, column as ImportColumn])));

/** A spreadsheet row: its number as Excel shows it (the header is row 1) and its cells by column. */
export interface SheetRow {
  row: number;
  cells: Partial<Record<ImportColumn, string>>;
}

export type ReadResult =
  | { ok: true; rows: SheetRow[]; columns: ImportColumn[] }
  | { ok: false; problem: 'unreadable' | 'no_header' | 'no_name_column' | 'too_many_rows' | 'empty' };

/** More rows than a commune list has; a file this long is a mistake, and one request should stay short. */
export const MAX_IMPORT_ROWS = 2000;

export async function readImportFile(kind: ImportKind, bytes: Uint8Array): Promise<ReadResult> {
  const table = kind === 'xlsx' ? await readXlsx(bytes) : readCsv(bytes);
  if (!table) return { ok: false, problem: 'unreadable' };
  const headerIndex = table.findIndex((cells) => cells.some((c) => c.trim() !== ''));
  if (headerIndex < 0) return { ok: false, problem: 'empty' };
  const header = (table[headerIndex] ?? []).map((h) => BY_ALIAS.get(foldHeader(h)));
  if (header.every((h) => h === undefined)) return { ok: false, problem: 'no_header' };
  if (!header.includes('fullName')) return { ok: false, problem: 'no_name_column' };
  const rows: SheetRow[] = [];
  for (let i = headerIndex + 1; i < table.length; i++) {
    const line = table[i] ?? [];
    if (line.every((c) => c.trim() === '')) continue;
    const cells: SheetRow['cells'] = {};
    header.forEach((column, at) => {
      const value = line[at]?.trim();
      // The first column of a name wins: a list with "Họ tên" twice keeps the first.
      if (column && value && cells[column] === undefined) cells[column] = value;
    });
    rows.push({ row: i + 1, cells });
  }
  if (rows.length > MAX_IMPORT_ROWS) return { ok: false, problem: 'too_many_rows' };
  if (rows.length === 0) return { ok: false, problem: 'empty' };
  return { ok: true, rows, columns: [...new Set(header.filter((h): h is ImportColumn => h !== undefined))] };
}

/** Text from the bytes: UTF-8 when it is valid UTF-8, else Excel's legacy Vietnamese code page. */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Windows-1258 writes tones as combining marks: NFC makes "Nguyễn" one spelling again.
    return new TextDecoder('windows-1258').decode(bytes).normalize('NFC');
  }
}

function readCsv(bytes: Uint8Array): string[][] | null {
  const text = decodeText(bytes);
  const rows = parseCsv(text, { separator: guessSeparator(text), keepBlankLines: true });
  return rows?.map((r) => r.map((c) => c.normalize('NFC'))) ?? null;
}

/** The separator of the header line: whichever of `,` `;` and tab occurs most outside quotes. */
export function guessSeparator(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if ([...counts.values()].some((n) => n > 0)) break;
    } else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ',';
}

async function readXlsx(bytes: Uint8Array): Promise<string[][] | null> {
  try {
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    const sheet = await readSheet(copy.buffer);
    return sheet.map((row) => row.map(cellText));
  } catch {
    return null;
  }
}

/**
 * A cell as text. Numbers are written plainly (a phone typed as a number lost its leading 0:
 * the phone rule puts it back); dates as their year, which is all a year-of-birth cell needs.
 */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return String(value.getUTCFullYear());
  return String(value).normalize('NFC');
}
