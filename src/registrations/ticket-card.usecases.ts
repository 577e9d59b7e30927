import type { Actor } from '../auth/actor.js';
import { type EventView, getEventForStaffOrThrow, getPublicEventOrThrow } from '../events/events.usecases.js';
import { AppError } from '../shared/errors.js';
import type { Lang } from '../shared/time.js';
import type { TicketCardText } from '../tickets/ticket-card.js';
import { signTicket } from '../tickets/ticket-token.js';
import * as importRepo from './import.repository.js';
import { manageRegistration } from './manage.usecases.js';
import { spacedCode } from './registrations.presenter.js';
import type { RegistrationCtx } from './registrations.usecases.js';
import { ticketCardText } from './ticket-card.presenter.js';

/** The ticket card of the registration a manage link holds: its QR content and its words. */
export async function ticketCardFor(
  ctx: Pick<RegistrationCtx, 'db' | 'keys' | 'clock'>,
  manageToken: string,
  lang: Lang,
): Promise<{ token: string; card: TicketCardText }> {
  const reg = await manageRegistration(ctx, manageToken);
  if (!reg.ticket) throw new AppError('registration.not_found');
  const event = await getPublicEventOrThrow(ctx, reg.eventId);
  return {
    token: signTicket(ctx.keys.tickets, reg.ticketId),
    card: ticketCardText(event, { fullName: reg.person.fullName, shortCode: reg.ticket.code }, lang),
  };
}

/** One printed card: who, their code, and the QR content to draw. */
export interface PrintedTicketView {
  id: string;
  fullName: string;
  code: string;
  token: string;
  hasEmail: boolean;
}

/**
 * Cards to print for an event's confirmed people (`withoutEmailOnly`: those who get no ticket
 * by email), for the organisers of that event.
 */
export async function ticketSheetFor(
  ctx: Pick<RegistrationCtx, 'db' | 'keys' | 'clock'>,
  actor: Actor,
  eventId: string,
  filter: { withoutEmailOnly: boolean },
): Promise<{ event: EventView; tickets: PrintedTicketView[] }> {
  const event = await getEventForStaffOrThrow(ctx, actor, eventId);
  const rows = await importRepo.listTicketHolders(ctx.db, event.id, filter);
  return {
    event,
    tickets: rows.map((r) => ({
      id: r.id,
      fullName: r.full_name,
      code: spacedCode(r.short_code),
      token: signTicket(ctx.keys.tickets, r.ticket_id),
      hasEmail: r.email !== null,
    })),
  };
}
