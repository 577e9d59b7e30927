import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { httpTransportFrom } from '../mail/delivery.js';
import { createDispatcher, type Dispatcher } from '../mail/dispatcher.js';
import { storeInMailbox } from '../mail/mailbox.repository.js';
import { type MailMessage, MailSendError, type MailTransport } from '../mail/transport.js';
import type { Clock } from '../shared/clock.js';
import { deriveKeys } from '../shared/keys.js';
import type { Logger } from '../shared/logger.js';
import { redactSecrets } from '../shared/redact.js';

// Node only: nodemailer needs sockets the Workers runtime does not give, so only the Node
// entry points (server, mailer, tests) import this file.

function toNodemailer(message: MailMessage) {
  return {
    from: message.from,
    to: { name: message.to.name, address: message.to.address },
    subject: message.subject,
    html: message.html,
    text: message.text,
    messageId: message.messageId,
    attachments: message.inlineImages.map((image) => ({
      filename: image.filename,
      content: Buffer.from(image.content),
      cid: image.cid,
      contentType: 'image/png',
      contentDisposition: 'inline' as const,
    })),
    // nodemailer adds it both as the text/calendar alternative (method=…) that mail clients turn
    // into an invitation and as an invite.ics attachment.
    ...(message.calendar && { icalEvent: { method: message.calendar.method, filename: 'invite.ics', content: message.calendar.content } }),
  };
}

/** A reply code of 5xx is permanent; 4xx and failures without a reply (network, timeouts) are not. */
export function classifySmtpError(err: unknown): MailSendError {
  const e = err as { message?: string; responseCode?: unknown };
  const message = e?.message ?? String(err);
  if (typeof e?.responseCode === 'number') return new MailSendError(message, e.responseCode >= 500, e.responseCode);
  return new MailSendError(message, false);
}

export function smtpTransport(url: string, options: { maxConnections?: number } = {}): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: options.maxConnections ?? 4,
    // Well under MAIL_INFLIGHT_TIMEOUT_SECONDS (30 s at least), so a hung server fails the
    // attempt before another dispatcher would take the message back.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    name: 'smtp',
    async send(message) {
      try {
        await transporter.sendMail(toNodemailer(message));
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    async close() {
      transporter.close();
    },
  };
}

/**
 * Without SMTP_URL: the message is composed as for SMTP and kept in the database, for organisers
 * to read. The manage link is hidden before composing (in the raw message a quoted-printable
 * line break can split it, so it could not be found there afterwards): it is the registrant's
 * key, not the staff's, and the copy is not mail anyone receives.
 */
export function mailboxTransport(db: Kysely<Database>, clock: Clock): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    name: 'mailbox',
    async send(sent) {
      const message = { ...sent, html: redactSecrets(sent.html), text: redactSecrets(sent.text) };
      const info = await composer.sendMail(toNodemailer(message));
      await storeInMailbox(db, {
        outboxId: message.outboxId,
        recipient: message.to.address,
        subject: message.subject,
        html: message.html,
        text: message.text,
        // `buffer: true` makes the message a Buffer; the type also allows the stream form.
        raw: (info.message as Buffer).toString('utf8'),
        at: clock.now(),
      });
    },
    async close() {
      composer.close();
    },
  };
}

/** The provider API if configured, else SMTP, else the local mailbox (src/mail/delivery.ts says which). */
export function createMailTransport(
  config: Pick<Config, 'SMTP_URL' | 'MAIL_HTTP_URL' | 'MAIL_HTTP_KEY'>,
  db: Kysely<Database>,
  clock: Clock,
): MailTransport {
  return httpTransportFrom(config) ?? (config.SMTP_URL ? smtpTransport(config.SMTP_URL) : mailboxTransport(db, clock));
}

/** A dispatcher over the configured transport, for the server and `npm run mailer`. */
export function nodeMailer(
  db: Kysely<Database>,
  config: Config,
  clock: Clock,
  log: Logger,
): { dispatcher: Dispatcher; transport: MailTransport['name']; close(): Promise<void> } {
  const transport = createMailTransport(config, db, clock);
  const dispatcher = createDispatcher({ db, config, keys: deriveKeys(config), clock, log, transport, workerId: `pid-${process.pid}` });
  return {
    dispatcher,
    transport: transport.name,
    async close() {
      await dispatcher.stop();
      await transport.close();
    },
  };
}
