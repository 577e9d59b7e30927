import { drawText, GLYPH_ADVANCE, GLYPH_HEIGHT, toFontText } from './bitmap-font.js';
import { bitmapPng, qrModules } from './qr.js';

/** What a ticket card says, already in words (the caller formats dates in Vietnam time). */
export interface TicketCardText {
  heading: string;
  title: string;
  when: string[];
  venue: string | null;
  name: string;
  /** The short code as people type it ("ACDE FHJK"). */
  code: string;
  hint: string;
}

type Item =
  | { kind: 'text'; y: number; size: number; text: string; bold?: boolean; mono?: boolean; band?: boolean }
  | { kind: 'qr'; x: number; y: number; size: number }
  | { kind: 'rule'; y: number };

/** Card width in layout units (an SVG pixel; the PNG draws each at `PNG_SCALE` pixels). */
const W = 400;
const PAD = 24;
const QR_SIZE = 280;
const QR_GAP = 30;
const PNG_SCALE = 2;
/** The layout wraps assuming 0.6 em a character: a sans-serif averages less, the PNG's font is exactly that. */
const CHAR_EM = 0.6;

/** Words into lines of at most `max` characters; a word longer than a line is cut. At most `lines` lines, the last ending "…". */
export function wrap(text: string, max: number, lines: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= max) line = next;
    else {
      if (line) out.push(line);
      line = word.length > max ? word.slice(0, max) : word;
    }
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  const last = kept[lines - 1] ?? '';
  kept[lines - 1] = `${last.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
  return kept;
}

/** Where everything goes, top to bottom; both the SVG and the PNG are drawn from this. */
function layout(card: TicketCardText): { items: Item[]; height: number } {
  const items: Item[] = [];
  let y = PAD;
  const block = (text: string, size: number, lines: number, extra: Partial<Extract<Item, { kind: 'text' }>> = {}) => {
    for (const line of wrap(text, Math.floor((W - 2 * PAD) / (size * CHAR_EM)), lines)) {
      items.push({ kind: 'text', y, size, text: line, ...extra });
      y += Math.round(size * 1.3);
    }
  };
  block(card.heading, 13, 1, { band: true, bold: true });
  y += 18;
  block(card.title, 20, 3, { bold: true });
  y += 4;
  for (const w of card.when.slice(0, 3)) block(w, 15, 1);
  if (card.venue) block(card.venue, 15, 2);
  y += 6;
  items.push({ kind: 'rule', y });
  y += 16;
  block(card.name, 24, 2, { bold: true });
  // White around the QR: four modules or more on every side, as readers want.
  y += QR_GAP;
  items.push({ kind: 'qr', x: (W - QR_SIZE) / 2, y, size: QR_SIZE });
  y += QR_SIZE + QR_GAP;
  block(card.code, 30, 1, { bold: true, mono: true });
  block(card.hint, 12, 2);
  return { items, height: y + PAD - 8 };
}

const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch);

/** The QR's dark modules as one path, a run of modules per subpath, in module units. */
function qrPath(size: number, data: Uint8Array): string {
  let d = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; ) {
      if (data[y * size + x] !== 1) {
        x++;
        continue;
      }
      let run = 1;
      while (x + run < size && data[y * size + x + run] === 1) run++;
      d += `M${x} ${y}h${run}v1h-${run}z`;
      x += run;
    }
  }
  return d;
}

/** The bare QR as a small SVG (module units, a two-module margin), for pages that place it themselves. */
export function qrSvg(token: string): string {
  const { size, data } = qrModules(token);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 ${size + 4} ${size + 4}" shape-rendering="crispEdges"><rect x="-2" y="-2" width="${size + 4}" height="${size + 4}" fill="#fff"/><path fill="#000" d="${qrPath(size, data)}"/></svg>`;
}

/** The ticket as an SVG card, composed by hand: the text in the reader's fonts, the QR as one path. */
export function ticketCardSvg(token: string, card: TicketCardText): string {
  const { items, height } = layout(card);
  const { size, data } = qrModules(token);
  const parts = items.map((item) => {
    if (item.kind === 'rule') return `<path d="M${PAD} ${item.y}H${W - PAD}" stroke="#b9c6bf" stroke-dasharray="6 5"/>`;
    if (item.kind === 'qr') {
      const scale = item.size / size;
      return `<g transform="translate(${item.x} ${item.y}) scale(${scale})"><path fill="#000" shape-rendering="crispEdges" d="${qrPath(size, data)}"/></g>`;
    }
    const family = item.mono ? 'ui-monospace, Menlo, Consolas, monospace' : 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif';
    const fill = item.band ? '#ffffff' : '#10231a';
    return `<text x="${W / 2}" y="${item.y + item.size}" font-size="${item.size}" font-family="${family}"${item.bold ? ' font-weight="700"' : ''}${item.mono ? ' letter-spacing="2"' : ''} fill="${fill}" text-anchor="middle">${escapeXml(item.text)}</text>`;
  });
  const band = items.find((i) => i.kind === 'text' && i.band);
  const bandHeight = band && band.kind === 'text' ? band.y + band.size + 12 : 0;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-label="${escapeXml(`${card.title} — ${card.name} — ${card.code}`)}">`,
    `<rect width="${W}" height="${height}" rx="14" fill="#ffffff" stroke="#1b5e3b" stroke-width="2"/>`,
    `<path d="M0 14a14 14 0 0 1 14-14h${W - 28}a14 14 0 0 1 14 14v${bandHeight - 14}H0z" fill="#1b5e3b"/>`,
    ...parts,
    '</svg>',
  ].join('');
}

/**
 * The same card as a 1-bit PNG: the layout of the SVG, its text in the built-in bitmap font
 * (capitals without accents), the QR with a white quiet zone of at least four modules.
 */
export function ticketCardPng(token: string, card: TicketCardText): Uint8Array {
  const { items, height } = layout(card);
  const width = W * PNG_SCALE;
  const pixels = new Uint8Array(width * height * PNG_SCALE);
  const set = (x: number, y: number) => {
    if (x >= 0 && x < width && y >= 0 && y < height * PNG_SCALE) pixels[y * width + x] = 1;
  };
  const { size, data } = qrModules(token);
  // A frame, and the heading's band drawn dark with its text left white.
  for (let x = 0; x < width; x++) for (const y of [0, 1, height * PNG_SCALE - 2, height * PNG_SCALE - 1]) set(x, y);
  for (let y = 0; y < height * PNG_SCALE; y++) for (const x of [0, 1, width - 2, width - 1]) set(x, y);
  for (const item of items) {
    if (item.kind === 'rule') {
      for (let x = PAD * PNG_SCALE; x < (W - PAD) * PNG_SCALE; x++) if (x % 22 < 12) set(x, item.y * PNG_SCALE);
    } else if (item.kind === 'qr') {
      const module = Math.floor((item.size * PNG_SCALE) / size);
      const x0 = Math.round(item.x * PNG_SCALE + (item.size * PNG_SCALE - module * size) / 2);
      const y0 = Math.round(item.y * PNG_SCALE + (item.size * PNG_SCALE - module * size) / 2);
      for (let my = 0; my < size; my++)
        for (let mx = 0; mx < size; mx++)
          if (data[my * size + mx] === 1)
            for (let dy = 0; dy < module; dy++) for (let dx = 0; dx < module; dx++) set(x0 + mx * module + dx, y0 + my * module + dy);
    } else {
      const scale = Math.max(1, Math.floor((item.size * PNG_SCALE) / 10));
      const text = toFontText(item.text);
      const textWidth = (text.length * GLYPH_ADVANCE - 1) * scale;
      const x = Math.round((width - textWidth) / 2);
      const top = Math.round((item.y + item.size) * PNG_SCALE - GLYPH_HEIGHT * scale);
      if (item.band) {
        for (let y = 0; y < top + GLYPH_HEIGHT * scale + 12 * PNG_SCALE; y++) for (let bx = 0; bx < width; bx++) set(bx, y);
        drawText(
          (px, py) => {
            if (px >= 0 && px < width && py >= 0) pixels[py * width + px] = 0;
          },
          text,
          x,
          top,
          scale,
        );
      } else drawText(set, text, x, top, scale);
    }
  }
  return bitmapPng(width, height * PNG_SCALE, (x, y) => pixels[y * width + x] === 1);
}
