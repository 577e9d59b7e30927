import { toBuffer, toString } from 'qrcode/lib/server.js';

// Level M survives a smudged or creased printout; a 2-module quiet zone is what readers need
// around the code, and 8 pixels per module (about 300 px for a ticket token) reads at arm's length.
const ERROR_CORRECTION = 'M';
const MARGIN = 2;
const DEFAULT_SCALE = 8;

export async function ticketPng(token: string, options: { scale?: number } = {}): Promise<Uint8Array> {
  const scale = options.scale ?? DEFAULT_SCALE;
  if (!Number.isInteger(scale) || scale < 1 || scale > 32) {
    throw new RangeError('QR scale must be a whole number of pixels from 1 to 32');
  }
  return toBuffer(token, { type: 'png', errorCorrectionLevel: ERROR_CORRECTION, margin: MARGIN, scale });
}

export async function ticketSvg(token: string): Promise<string> {
  return toString(token, { type: 'svg', errorCorrectionLevel: ERROR_CORRECTION, margin: MARGIN });
}
