import { inflateRawSync } from 'node:zlib';

/**
 * Reads an .xlsx back for the tests: a small ZIP reader (central directory, stored or
 * deflated entries) and the sheets' cells with shared strings resolved. Enough to check what
 * a person opening the file sees, with no library of our own writing involved.
 */
export function unzip(buf: Buffer): Map<string, Buffer> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

export interface Workbook {
  sheets: { name: string; rows: (string | number | null)[][]; xml: string }[];
}

export function readXlsx(buf: Buffer): Workbook {
  const files = unzip(buf);
  const text = (name: string) => files.get(name)?.toString('utf8') ?? '';
  const shared = [...text('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    [...m[1]!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => decode(t[1]!)).join(''),
  );
  const names = [...text('xl/workbook.xml').matchAll(/<sheet [^>]*name="([^"]*)"/g)].map((m) => decode(m[1]!));
  const sheets = names.map((name, i) => {
    const xml = text(`xl/worksheets/sheet${i + 1}.xml`);
    const rows = [...xml.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((row) => {
      const cells: (string | number | null)[] = [];
      for (const c of row[1]!.matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const col = [...c[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
        const value = c[3]?.match(/<v>([\s\S]*?)<\/v>/)?.[1];
        const inline = c[3]?.match(/<t[^>]*>([\s\S]*?)<\/t>/)?.[1];
        while (cells.length < col) cells.push(null);
        cells[col] = /t="s"/.test(c[2]!)
          ? shared[Number(value)]!
          : inline !== undefined
            ? decode(inline)
            : value === undefined
              ? null
              : Number(value);
      }
      return cells;
    });
    return { name, rows, xml };
  });
  return { sheets };
}
