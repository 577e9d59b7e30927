import writeXlsxFile, { type Row, type Sheet } from 'write-excel-file/universal';
import type { CsvCell } from './csv.js';

/** One sheet of a plain table: a header row and rows of values (never formulas). */
export interface XlsxTable {
  sheet: string;
  header: string[];
  rows: CsvCell[][];
  /** Column widths in characters, by position; the rest get 14. */
  widths?: number[];
}

/**
 * An .xlsx of plain tables. Cells are typed: text stays text, so nothing a registrant typed
 * can run as a formula; numbers stay numbers; booleans read as text.
 */
export async function tablesXlsx(tables: XlsxTable[]): Promise<Uint8Array<ArrayBuffer>> {
  const sheets: Sheet<never>[] = tables.map((t) => ({
    sheet: t.sheet,
    data: [
      t.header.map((h) => ({ value: h, fontWeight: 'bold' as const })),
      ...t.rows.map(
        (row): Row =>
          row.map((v) =>
            v === null || v === undefined || v === ''
              ? null
              : typeof v === 'number'
                ? { value: v, type: Number }
                : { value: String(v), type: String },
          ),
      ),
    ],
    columns: t.header.map((_, i) => ({ width: t.widths?.[i] ?? 14 })),
    stickyRowsCount: 1,
  }));
  const blob = await writeXlsxFile(sheets).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
