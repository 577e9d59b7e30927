import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { issueDueCertificates } from '../certificates/certificates.usecases.js';
import type { Config } from '../config.js';
import type { Database, MailOutboxRow } from '../db/schema.js';
import type { SessionRow } from '../events/events.repository.js';
import { queueFeedbackRequests } from '../feedback/feedback.usecases.js';
import type { Clock } from '../shared/clock.js';
import type { AppKeys } from '../shared/keys.js';
import type { Logger } from '../shared/logger.js';
import { composeMessage } from './compose.js';
import * as outbox from './outbox.repository.js';
import { MailSendError, type MailTransport } from './transport.js';

export interface DispatcherOptions {
  db: Kysely<Database>;
  config: Pick<
    Config,
    'PUBLIC_URL' | 'MAIL_FROM' | 'MAIL_INFLIGHT_TIMEOUT_SECONDS' | 'MAIL_MAX_ATTEMPTS' | 'MAIL_POLL_MS' | 'REMINDER_HOURS_BEFORE'
  >;
  keys: AppKeys;
  clock: Clock;
  log: Logger;
  transport: MailTransport;
  /** Names this dispatcher in `locked_by`; unique per process. */
  workerId?: string;
  batchSize?: number;
  /** Messages handed to the transport at once. */
  concurrency?: number;
  reminderEveryMs?: number;
  /** TEST-ONLY race control: claim without the row locks, so the duplicate test can fail. */
  unsafeNoLock?: boolean;
}

export interface DispatchRound {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
  released: number;
  reminders: number;
  /** Survey invitations queued for events whose last session has ended. */
  feedbackRequests: number;
  /** Certificates issued automatically after their event's last session. */
  certificates: number;
}

export interface DrainLimits {
  /** No new batch is claimed after this time. */
  until?: Date;
  /** No new batch is claimed that could take the total past this many messages. */
  maxClaimed?: number;
}

/**
 * Growing delays between attempts: 30 s, 1, 2, 4, … minutes, at most an hour, plus up to 20%
 * jitter so a crowd of messages that failed together does not retry together.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
  return Math.round(base * (1 + 0.2 * random()));
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

/**
 * Sends what the outbox holds. Any number of dispatchers may run over one database: rows are
 * claimed with FOR UPDATE SKIP LOCKED, and a row whose dispatcher died is taken back after the
 * in-flight timeout. Delivery is at least once: a sender killed after the SMTP server accepted
 * but before it recorded so sends that message again (with the same Message-ID).
 */
export function createDispatcher(opts: DispatcherOptions) {
  const { db, clock, log, transport, config } = opts;
  const worker = opts.workerId ?? `dispatcher-${randomBytes(4).toString('hex')}`;
  const batchSize = opts.batchSize ?? 20;
  const concurrency = opts.concurrency ?? 4;
  const reminderEveryMs = opts.reminderEveryMs ?? 60_000;
  let lastReminders = -Infinity;
  let stopping = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  async function deliver(
    row: MailOutboxRow,
    sessionsByEvent: Map<string, Promise<SessionRow[]>>,
  ): Promise<'sent' | 'retried' | 'failed' | 'skipped'> {
    try {
      const composed = await composeMessage(opts, row, clock.now(), sessionsByEvent);
      if ('skip' in composed) {
        await outbox.finish(db, row, { status: 'skipped', error: composed.skip });
        return 'skipped';
      }
      const { message } = composed;
      await transport.send(message);
      const recorded = await outbox.finish(db, row, {
        status: 'sent',
        at: clock.now(),
        recipient: message.to.address,
        subject: message.subject,
      });
      if (!recorded) log.warn('mail sent after its claim was taken back', { outboxId: row.id, worker });
      return 'sent';
    } catch (err) {
      const permanent = err instanceof MailSendError && err.permanent;
      const error = describe(err);
      if (permanent || row.attempts >= config.MAIL_MAX_ATTEMPTS) {
        log.warn('mail failed', { outboxId: row.id, kind: row.kind, attempts: row.attempts, error });
        await outbox.finish(db, row, { status: 'failed', error });
        return 'failed';
      }
      // A provider's Retry-After (HTTP 429, 503) is honoured when it asks for longer than our backoff.
      const retryAfter = err instanceof MailSendError ? (err.retryAfterMs ?? 0) : 0;
      const retryAt = new Date(clock.now().getTime() + Math.max(retryDelayMs(row.attempts), retryAfter));
      log.info('mail will be retried', { outboxId: row.id, attempts: row.attempts, retryAt: retryAt.toISOString(), error });
      await outbox.finish(db, row, { status: 'queued', retryAt, error });
      return 'retried';
    }
  }

  /** One pass: take back stuck rows, queue due reminders and survey invitations, claim a batch and send it. */
  async function runOnce(): Promise<DispatchRound> {
    const now = clock.now();
    const round: DispatchRound = {
      claimed: 0,
      sent: 0,
      retried: 0,
      failed: 0,
      skipped: 0,
      released: 0,
      reminders: 0,
      feedbackRequests: 0,
      certificates: 0,
    };
    const staleBefore = new Date(now.getTime() - config.MAIL_INFLIGHT_TIMEOUT_SECONDS * 1000);
    round.released = await outbox.releaseStuck(db, now, staleBefore, config.MAIL_MAX_ATTEMPTS);
    if (now.getTime() - lastReminders >= reminderEveryMs) {
      round.reminders = await outbox.queueDueReminders(db, now, config.REMINDER_HOURS_BEFORE);
      try {
        round.feedbackRequests = await queueFeedbackRequests(db, now);
      } catch (err) {
        // As the issuing below: logged, tried again on the next beat, the mail goes on.
        log.error('queueing survey invitations failed', { err, worker });
      }
      // On the same beat: certificates of events that issue them by themselves, once due. Their
      // mail is queued in the issuing transaction, so the claim below sends it in this round.
      try {
        round.certificates = await issueDueCertificates({ db, clock, keys: opts.keys }, log);
      } catch (err) {
        // A failed issuing must not hold up the mail; it is tried again on the next beat.
        log.error('automatic certificate issuing failed', { err, worker });
      }
      lastReminders = now.getTime();
    }
    const claim = opts.unsafeNoLock ? outbox.claimDueWithoutLock : outbox.claimDue;
    const rows = await claim(db, now, worker, batchSize);
    round.claimed = rows.length;
    const queue = [...rows];
    // A batch is often one event's fan-out (an update, a cancellation): its sessions are read once.
    const sessionsByEvent = new Map<string, Promise<SessionRow[]>>();
    const lane = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        if (stopping) {
          // Stopping: finish what is in hand, give the rest back at once rather than after the timeout.
          queue.unshift(row);
          await outbox.unclaim(
            db,
            queue.splice(0).map((r) => r.id),
            worker,
          );
          return;
        }
        round[await deliver(row, sessionsByEvent)]++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane));
    return round;
  }

  /**
   * Rounds until one finds less than a full batch due (the outbox is drained), the limits are
   * reached or the dispatcher is stopping. The Node loop calls it after each pause; the Worker's
   * scheduled handler calls it once a minute with limits that fit one invocation.
   */
  async function drain(limits: DrainLimits = {}): Promise<DispatchRound> {
    const total: DispatchRound = {
      claimed: 0,
      sent: 0,
      retried: 0,
      failed: 0,
      skipped: 0,
      released: 0,
      reminders: 0,
      feedbackRequests: 0,
      certificates: 0,
    };
    for (;;) {
      const round = await runOnce();
      for (const key of Object.keys(total) as (keyof DispatchRound)[]) total[key] += round[key];
      const full = round.claimed === batchSize;
      const timeLeft = limits.until === undefined || clock.now().getTime() < limits.until.getTime();
      const roomLeft = limits.maxClaimed === undefined || total.claimed + batchSize <= limits.maxClaimed;
      if (!full || !timeLeft || !roomLeft || stopping) return total;
    }
  }

  async function run(): Promise<void> {
    while (!stopping) {
      try {
        await drain();
      } catch (err) {
        log.error('mail dispatch round failed', { err, worker });
      }
      if (!stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, config.MAIL_POLL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  }

  return {
    worker,
    runOnce,
    drain,
    /** Runs rounds until `stop`; returns at once. */
    start(): void {
      if (loop) return;
      stopping = false;
      loop = run();
    },
    /** Finishes the messages in hand, hands back the rest of the batch, and resolves. */
    async stop(): Promise<void> {
      stopping = true;
      wake?.();
      await loop;
      loop = null;
    },
  };
}

/** The error as organisers read it in /admin/mail: the SMTP reply or the network error, bounded. */
function describe(err: unknown): string {
  const text = (err as { message?: string } | null)?.message ?? String(err);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
