/**
 * How a rendered email leaves: a provider's HTTP API (src/mail/http-transport.ts, Node and
 * Workers), SMTP through nodemailer or the local mailbox in the database (Node only,
 * src/node/mail-transports.ts). The interface knows nothing of any of them, so code the Workers
 * bundle reaches never imports nodemailer.
 */
export interface MailMessage {
  outboxId: number;
  /** Stable per outbox row, so a receiving server can tell a retry from a new message. */
  messageId: string;
  from: string;
  to: { name: string; address: string };
  subject: string;
  html: string;
  text: string;
  inlineImages: { cid: string; filename: string; content: Uint8Array }[];
  calendar: { method: 'REQUEST' | 'CANCEL'; content: string } | null;
}

export interface MailTransport {
  readonly name: 'smtp' | 'mailbox' | 'http';
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

/**
 * A send that did not happen. `permanent` is not retried: an SMTP 5xx reply (no such mailbox,
 * refused), an HTTP 4xx other than 408 and 429 (the provider refused this message or our key).
 * Anything else is: connection refused or dropped, timeouts, SMTP 4xx, HTTP 5xx, 408 and 429.
 * `retryAfterMs` is the server's own "come back in" (HTTP Retry-After), when it gave one.
 */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly responseCode?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'MailSendError';
  }
}
