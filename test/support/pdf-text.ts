import { inflateSync } from 'node:zlib';

/**
 * The text a PDF shows, line by line (one line per text-showing operator), read the way a PDF
 * reader copies it: glyph ids through each font's ToUnicode map. Enough for the PDFs jsPDF writes
 * (plain objects, FlateDecode streams, Type0 fonts with `bfchar` maps); not a general parser.
 */
export function pdfText(pdf: Uint8Array): string[] {
  const raw = Buffer.from(pdf).toString('latin1');
  const objects = new Map<number, { dict: string; stream: string | null }>();
  for (const m of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2] ?? '';
    const s = /^([\s\S]*?)stream\r?\n([\s\S]*?)\r?\nendstream/.exec(body);
    const dict = s ? (s[1] ?? '') : body;
    let stream: string | null = s ? (s[2] ?? '') : null;
    if (stream !== null && dict.includes('/FlateDecode')) stream = inflateSync(Buffer.from(stream, 'latin1')).toString('latin1');
    objects.set(Number(m[1]), { dict, stream });
  }
  // Font object → glyph id (4 hex digits) → text.
  const maps = new Map<number, Map<string, string>>();
  for (const [n, o] of objects) {
    const ref = /\/ToUnicode (\d+) 0 R/.exec(o.dict);
    const cmap = ref && objects.get(Number(ref[1]))?.stream;
    if (!cmap) continue;
    const map = new Map<string, string>();
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const [, gid, hex] of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
        map.set(
          (gid ?? '').toLowerCase(),
          Buffer.from(hex ?? '', 'hex')
            .swap16()
            .toString('utf16le'),
        );
      }
    }
    maps.set(n, map);
  }
  // Resource name (/F15) → font object.
  const names = new Map<string, number>();
  for (const o of objects.values()) {
    for (const m of /\/Font\s*<<([\s\S]*?)>>/.exec(o.dict)?.[1]?.matchAll(/\/(\S+) (\d+) 0 R/g) ?? []) {
      names.set(m[1] ?? '', Number(m[2]));
    }
  }
  const lines: string[] = [];
  for (const o of objects.values()) {
    if (o.stream === null || !/ Tj\b/.test(o.stream)) continue;
    let map: Map<string, string> | undefined;
    for (const m of o.stream.matchAll(/\/(\S+) [\d.]+ Tf|<([0-9a-fA-F]*)> Tj/g)) {
      if (m[1]) map = maps.get(names.get(m[1]) ?? -1);
      else lines.push((m[2]?.toLowerCase().match(/.{4}/g) ?? []).map((gid) => map?.get(gid) ?? '\uFFFD').join(''));
    }
  }
  return lines;
}
