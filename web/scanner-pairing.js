// Pairing a door phone by the QR code the admin's Door devices page shows once. Its text is the
// device token behind a prefix of its own (src/auth/door-devices.usecases.ts, DEVICE_QR_PREFIX),
// so a ticket held up to pair is never taken for a token, nor a pairing code scanned as a ticket.

const PREFIX = 'kce-device:';

/** The device token a pairing QR carries, or null for anything else (a ticket, a URL). */
export function deviceToken(text) {
  if (typeof text !== 'string' || !text.startsWith(PREFIX)) return null;
  const token = text.slice(PREFIX.length).trim();
  return /^[A-Za-z0-9_-]{20,200}$/.test(token) ? token : null;
}
