/**
 * How a rendered email leaves: SMTP through nodemailer, or the local mailbox in the database
 * (src/node/mail-transports.ts). The interface knows nothing of either, so code the Workers
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
  readonly name: 'smtp' | 'mailbox';
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

/**
 * A send that did not happen. `permanent` (a 5xx reply: no such mailbox, refused) is not
 * retried; anything else (connection refused or dropped, timeouts, 4xx replies) is.
 */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly responseCode?: number,
  ) {
    super(message);
    this.name = 'MailSendError';
  }
}
