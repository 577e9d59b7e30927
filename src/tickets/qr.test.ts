import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ticketPng, ticketSvg } from './qr.js';
import { keyringFromSecret, newTicketId, signTicket } from './ticket-token.js';

// jsqr's types describe an ES module but it ships CommonJS, so under NodeNext the default
// import is module.exports; the function sits on its `default` property at runtime too.
const jsQR = jsQRModule.default;

const token = signTicket(keyringFromSecret('a-test-secret-that-is-long-enough-0123456789'), newTicketId());

function decodePng(png: Uint8Array): string | undefined {
  const image = PNG.sync.read(Buffer.from(png));
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return jsQR(pixels, image.width, image.height)?.data;
}

describe('ticket QR codes', () => {
  it('the PNG reads back as the exact token', async () => {
    const png = await ticketPng(token);
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(decodePng(png)).toBe(token);
  });

  it('the default size is large enough for a phone camera, and scale changes it', async () => {
    const normal = PNG.sync.read(Buffer.from(await ticketPng(token)));
    const small = PNG.sync.read(Buffer.from(await ticketPng(token, { scale: 4 })));
    expect(normal.width).toBeGreaterThanOrEqual(250);
    expect(small.width).toBeLessThan(normal.width);
    expect(decodePng(await ticketPng(token, { scale: 4 }))).toBe(token);
  });

  it('a scale that is not a sensible whole number is refused', async () => {
    await expect(ticketPng(token, { scale: 0 })).rejects.toThrow(RangeError);
    await expect(ticketPng(token, { scale: 2.5 })).rejects.toThrow(RangeError);
  });

  it('the SVG is an svg element with a path', async () => {
    const svg = await ticketSvg(token);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<path');
  });
});
