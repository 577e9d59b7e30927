import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { toFontText } from './bitmap-font.js';
import { ticketPng } from './qr.js';
import { qrSvg, type TicketCardText, ticketCardPng, ticketCardSvg, wrap } from './ticket-card.js';
import { keyringFromSecret, newTicketId, signTicket } from './ticket-token.js';

const jsQR = jsQRModule.default;
const token = signTicket(keyringFromSecret('a-test-secret-that-is-long-enough-0123456789'), newTicketId());

const card: TicketCardText = {
  heading: 'VÉ THAM DỰ · TICKET',
  title: 'Lớp quản trị doanh nghiệp nông thôn cho các cơ sở công nghiệp nông thôn huyện Thủy Nguyên năm 2026',
  when: ['Thứ Hai, 14/12/2026 · 08:00–11:30', 'Thứ Ba, 15/12/2026 · 08:00–11:30'],
  venue: 'Trung tâm Khuyến công, 16 Lý Tự Trọng, Hồng Bàng',
  name: 'Nguyễn Thị Ánh <&> Dương',
  code: 'ACDE FHJK',
  hint: 'Đưa mã QR này tại cửa / Show this QR at the door',
};

function decodePng(png: Uint8Array): string | undefined {
  const image = PNG.sync.read(Buffer.from(png));
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), image.width, image.height)?.data;
}

describe('the ticket card', () => {
  it('the card PNG decodes to the same token as the bare QR', async () => {
    const bare = decodePng(await ticketPng(token));
    const png = ticketCardPng(token, card);
    expect(bare).toBe(token);
    expect(decodePng(png)).toBe(bare);
    const image = PNG.sync.read(Buffer.from(png));
    expect(image.width).toBe(800);
    expect(image.height).toBeGreaterThan(image.width);
  });

  it('the SVG says the event, dates, venue, name and code, escaped, around the QR path', () => {
    const svg = ticketCardSvg(token, card);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>Thứ Hai, 14/12/2026 · 08:00–11:30</text>');
    expect(svg).toContain('>Nguyễn Thị Ánh &lt;&amp;&gt; Dương</text>');
    expect(svg).toContain('>ACDE FHJK</text>');
    expect(svg).toContain('Hồng Bàng');
    expect(svg).toMatch(/<path fill="#000" shape-rendering="crispEdges" d="M\d+ \d+h\d+v1h-\d+z/);
    // A long title is cut to three lines, the last ending with an ellipsis.
    const titleLines = [...svg.matchAll(/font-size="20"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(titleLines).toHaveLength(3);
    expect(titleLines[2]).toMatch(/…$/);
    expect(qrSvg(token)).toMatch(/^<svg[^>]*viewBox="-2 -2 \d+ \d+"/);
  });

  it('wraps on words and the bitmap font writes Vietnamese as plain capitals', () => {
    expect(wrap('một hai ba bốn năm', 7, 5)).toEqual(['một hai', 'ba bốn', 'năm']);
    expect(wrap('một hai ba bốn năm', 7, 2)).toEqual(['một hai', 'ba bốn…']);
    expect(toFontText('Nguyễn Thị Đào · 08:00–11:30 @')).toBe('NGUYEN THI DAO · 08:00-11:30 ?');
  });
});
