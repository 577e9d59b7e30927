import type { Kysely } from 'kysely';
import { type EmailView, renderEmail } from '../../emails/render.js';
import { liveCertificateNumber } from '../certificates/certificates.usecases.js';
import type { Config } from '../config.js';
import type { Database, MailOutboxRow } from '../db/schema.js';
import type { SessionRow } from '../events/events.repository.js';
import { messageForRecipient } from '../messages/message-mail.js';
import { waitlistPosition } from '../registrations/registrations.repository.js';
import type { AppKeys } from '../shared/keys.js';
import { inLanguage } from '../shared/text.js';
import { ticketPng } from '../tickets/qr.js';
import { signTicket } from '../tickets/ticket-token.js';
import { carriesInvite, currentInvite, eventTitle, loadMailContext, staleReason } from './mail-content.js';
import { manageUrl, openManageToken } from './manage-link.js';
import type { MailMessage } from './transport.js';

export interface ComposeDeps {
  db: Kysely<Database>;
  config: Pick<Config, 'PUBLIC_URL' | 'MAIL_FROM'>;
  keys: AppKeys;
}

export type Composed = { skip: string } | { message: MailMessage };

const QR_CID = 'ticket-qr@khuyencong';

/** Builds the message an outbox row stands for, from the data as it is now. */
export async function composeMessage(
  deps: ComposeDeps,
  row: MailOutboxRow,
  now: Date,
  sessionsByEvent?: Map<string, Promise<SessionRow[]>>,
): Promise<Composed> {
  const context = await loadMailContext(deps.db, row.registration_id, sessionsByEvent);
  if (!context) return { skip: 'Không còn đăng ký / Registration gone' };
  const stale = staleReason(row.kind, row.event_version, context, now);
  const { reg } = context;
  const address = reg.email;
  if (stale || !address) return { skip: stale ?? 'No address' };

  // An organiser's message: their text, filled in for this person; the event's details are not repeated.
  const message = row.message_id ? await messageForRecipient(deps.db, row.message_id, context, now) : null;
  if (row.kind === 'event_message' && !message) return { skip: 'Không còn thông báo / Message gone' };
  // A certificate revoked before its mail went out is not announced.
  const certificateNumber = row.kind === 'certificate_issued' ? await liveCertificateNumber(deps, reg.id) : null;
  if (row.kind === 'certificate_issued' && !certificateNumber) return { skip: 'Giấy chứng nhận đã thu hồi / Certificate revoked' };
  const token = openManageToken(deps.keys.manageLink, reg.manage_token_sealed, reg.manage_token_hash);
  const invite = currentInvite(context, deps.config, now);
  const calendar = invite && carriesInvite(row.kind, invite.method) ? { method: invite.method, content: invite.ics } : null;
  // The QR admits at the door, so it goes only with a seat that is held now.
  const admits =
    reg.status === 'confirmed' &&
    reg.event_status !== 'cancelled' &&
    row.kind !== 'cancelled' &&
    row.kind !== 'event_cancelled' &&
    row.kind !== 'event_message' &&
    row.kind !== 'feedback_request' &&
    row.kind !== 'certificate_issued';
  const view: EmailView = {
    kind: row.kind,
    lang: reg.lang,
    fullName: reg.full_name,
    eventTitle: eventTitle(reg),
    venue: !message && reg.venue_name ? { name: reg.venue_name, address: reg.venue_address ?? '', district: reg.venue_district } : null,
    sessions: (message ? [] : context.sessions).map((s) => ({
      startsAt: s.starts_at,
      endsAt: s.ends_at,
      title: inLanguage(s.title, s.title_en, reg.lang),
    })),
    ticket: admits ? { shortCode: reg.short_code, qrCid: QR_CID } : null,
    waitlistPosition: reg.status === 'waitlisted' ? await waitlistPosition(deps.db, reg.event_id, reg.seq) : null,
    manageUrl: token ? manageUrl(deps.config.PUBLIC_URL, token) : null,
    invite: calendar?.method ?? null,
    booths: context.booths,
    message,
    feedbackUrl: token && row.kind === 'feedback_request' ? `${manageUrl(deps.config.PUBLIC_URL, token)}/feedback` : null,
    // The holder's printable page through the manage link; without one, the public verification page.
    certificate: certificateNumber
      ? {
          number: certificateNumber,
          url: token
            ? `${manageUrl(deps.config.PUBLIC_URL, token)}/certificate`
            : `${deps.config.PUBLIC_URL}/verify/${encodeURIComponent(certificateNumber)}`,
        }
      : null,
  };
  const rendered = await renderEmail(view);
  const host = new URL(deps.config.PUBLIC_URL).hostname;
  return {
    message: {
      outboxId: row.id,
      messageId: `<kc-${row.id}.${reg.id}@${host}>`,
      from: deps.config.MAIL_FROM,
      to: { name: reg.full_name, address },
      ...rendered,
      inlineImages: admits
        ? [{ cid: QR_CID, filename: 've-qr.png', content: await ticketPng(signTicket(deps.keys.tickets, reg.ticket_id)) }]
        : [],
      calendar,
    },
  };
}
