import { deflateSync } from 'node:zlib';
import { create, toString as qrString } from 'qrcode/lib/server.js';

// Level M survives a smudged or creased printout; a 2-module quiet zone is what readers need
// around the code, and 8 pixels per module (about 300 px for a ticket token) reads at arm's length.
const ERROR_CORRECTION = 'M';
const MARGIN = 2;
const DEFAULT_SCALE = 8;

/**
 * The QR code as a 1-bit greyscale PNG. qrcode's own PNG output goes through pngjs as 32-bit
 * RGBA and costs ~10× more; every ticket email carries one, so the mail dispatcher feels it.
 */
export async function ticketPng(token: string, options: { scale?: number } = {}): Promise<Uint8Array> {
  const scale = options.scale ?? DEFAULT_SCALE;
  if (!Number.isInteger(scale) || scale < 1 || scale > 32) {
    throw new RangeError('QR scale must be a whole number of pixels from 1 to 32');
  }
  const { size, data } = qrModules(token);
  const modules = size + 2 * MARGIN;
  const width = modules * scale;
  return bitmapPng(width, width, (x, y) => {
    const mx = Math.floor(x / scale) - MARGIN;
    const my = Math.floor(y / scale) - MARGIN;
    return mx >= 0 && mx < size && my >= 0 && my < size && data[my * size + mx] === 1;
  });
}

/** The QR code's modules (1 = dark), row by row, `size` × `size`, at the tickets' error correction level. */
export function qrModules(token: string): { size: number; data: Uint8Array } {
  return create(token, { errorCorrectionLevel: ERROR_CORRECTION }).modules;
}

/**
 * A black and white image as a 1-bit greyscale PNG. Rows that repeat (a QR module is `scale`
 * rows tall) cost one call of `dark` per pixel all the same: a ticket is a few hundred thousand.
 */
export function bitmapPng(width: number, height: number, dark: (x: number, y: number) => boolean): Uint8Array {
  const rowBytes = Math.ceil(width / 8);
  // One filter byte (0: none) per row, then the pixels, 1 = white, most significant bit first.
  const raw = Buffer.alloc((1 + rowBytes) * height);
  for (let y = 0; y < height; y++) {
    const at = y * (1 + rowBytes) + 1;
    for (let x = 0; x < width; x++) {
      if (!dark(x, y)) raw[at + (x >> 3)] = (raw[at + (x >> 3)] ?? 0) | (0x80 >> (x & 7));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filter, no interlace
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export async function ticketSvg(token: string): Promise<string> {
  return qrString(token, { type: 'svg', errorCorrectionLevel: ERROR_CORRECTION, margin: MARGIN });
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, body: Buffer): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  body.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

/** CRC-32 (PNG's, the IEEE polynomial) bit by bit: a chunk is a few kilobytes, a table buys nothing. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
