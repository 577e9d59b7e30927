/**
 * Secrets that travel in URLs and bodies, hidden wherever staff or logs would see them: the
 * key of a manage link (whatever follows `/manage/`, well-formed or not: a mistyped link is
 * still someone's key) and a signed ticket token (`kid.ticketId.mac`, what a QR code holds).
 */
const MANAGE_KEY = /(\/manage\/)[^/?#\s"'<>&]+/g;
const TICKET_TOKEN = /\b[A-Za-z0-9]{1,16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/g;

export const REDACTED = '[redacted]';

export function redactSecrets(text: string): string {
  return text.replace(MANAGE_KEY, `$1${REDACTED}`).replace(TICKET_TOKEN, REDACTED);
}
