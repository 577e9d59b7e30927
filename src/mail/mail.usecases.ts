import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.repository.js';
import { type Actor, canAccessEvent } from '../auth/actor.js';
import type { Database, MailStatus } from '../db/schema.js';
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import { redactSecrets } from '../shared/redact.js';
import * as repo from './mailbox.repository.js';

interface Ctx {
  db: Kysely<Database>;
  clock: Clock;
}

/** The outbox as organisers see it: only mail about events they may see. */
export async function listMail(ctx: Ctx, actor: Actor, status?: MailStatus) {
  const rows = await repo.listOutbox(ctx.db, { status, limit: 300 });
  return rows.filter((r) => canAccessEvent(actor, r.event_id));
}

/**
 * One email as organisers see it. The mailbox stores copies with the manage link hidden
 * already; hiding it again here covers any copy that slipped through in the readable parts.
 */
export async function getMailOrThrow(ctx: Ctx, actor: Actor, id: number) {
  const row = await repo.findOutboxEntry(ctx.db, id);
  if (!row || !canAccessEvent(actor, row.event_id)) throw new AppError('mail.not_found');
  return { ...row, html: row.html === null ? null : redactSecrets(row.html), text: row.text === null ? null : redactSecrets(row.text) };
}

export type MailEntry = Awaited<ReturnType<typeof getMailOrThrow>>;

/** A failed email goes back in the queue with fresh attempts; the next dispatcher round sends it. */
export async function resendFailed(ctx: Ctx, actor: Actor, id: number, requestId?: string): Promise<void> {
  await getMailOrThrow(ctx, actor, id);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.requeueFailed(trx, id, ctx.clock.now()))) throw new AppError('mail.not_failed');
    await recordAudit(trx, { actor, action: 'mail.resend', entity: 'mail', entityId: String(id), requestId });
  });
}

/**
 * The stored HTML with its inline QR code made visible in a browser: the `cid:` reference
 * becomes a data: URI taken from the stored message's own image part.
 */
export function htmlForBrowser(entry: { html: string | null; raw: string | null }): string | null {
  if (!entry.html) return null;
  const part = entry.raw ? /Content-ID: <([^>]+)>[\s\S]*?\r\n\r\n([A-Za-z0-9+/=\r\n]+)/.exec(entry.raw) : null;
  if (!part?.[1] || !part[2]) return entry.html;
  return entry.html.split(`cid:${part[1]}`).join(`data:image/png;base64,${part[2].replace(/\s+/g, '')}`);
}
