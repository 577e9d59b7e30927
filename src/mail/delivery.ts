import type { Config } from '../config.js';
import { httpTransport } from './http-transport.js';
import type { MailTransport } from './transport.js';

/**
 * Which way mail leaves this deployment, as /admin/mail tells organisers. The Node processes
 * have three (provider API, SMTP, the local mailbox); a Worker has only the provider API, and
 * without it sends nothing at all: the outbox waits.
 */
export type MailDelivery =
  | { transport: 'http'; host: string }
  | { transport: 'smtp'; host: string }
  | { transport: 'mailbox' }
  | { transport: 'none' };

export type MailRuntime = 'node' | 'workers';

export function mailDelivery(config: Pick<Config, 'SMTP_URL' | 'MAIL_HTTP_URL'>, runtime: MailRuntime): MailDelivery {
  if (config.MAIL_HTTP_URL) return { transport: 'http', host: new URL(config.MAIL_HTTP_URL).host };
  if (runtime === 'workers') return { transport: 'none' };
  if (config.SMTP_URL) return { transport: 'smtp', host: new URL(config.SMTP_URL).host };
  return { transport: 'mailbox' };
}

/** The provider API transport when one is configured; both runtimes share it. */
export function httpTransportFrom(config: Pick<Config, 'MAIL_HTTP_URL' | 'MAIL_HTTP_KEY'>): MailTransport | null {
  if (!config.MAIL_HTTP_URL || !config.MAIL_HTTP_KEY) return null;
  return httpTransport({ url: config.MAIL_HTTP_URL, key: config.MAIL_HTTP_KEY });
}
