import type { Kysely } from 'kysely';
import { eventsToScan } from '../checkins/checkins.usecases.js';
import type { Database, Role } from '../db/schema.js';
import { type EventView, listEventsForStaff } from '../events/events.usecases.js';
import type { Clock } from '../shared/clock.js';
import { ticketSvg } from '../tickets/qr.js';
import type { Actor } from './actor.js';
import { listApiTokens } from './auth.usecases.js';

type Ctx = { db: Kysely<Database>; clock: Clock };

export interface DoorTokenView {
  id: string;
  name: string;
  role: Role;
  /** The events it may scan, each with its event when the reader may see it; null: every event. */
  events: { id: string; event: EventView | undefined }[] | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface DoorDevicesView {
  tokens: DoorTokenView[];
  /** Events a new door token may be given: published and not over. */
  openEvents: EventView[];
  /** The name of the token just revoked, said only if it is revoked (a crafted link cannot claim a live one is). */
  revokedName: string | undefined;
}

/** The admins' door devices page: every token issued, the events a new one may be given. */
export async function doorDevicesPage(ctx: Ctx, actor: Actor, query: { revokedId?: string | undefined }): Promise<DoorDevicesView> {
  const [tokens, openEvents, all] = await Promise.all([
    listApiTokens(ctx, actor),
    eventsToScan(ctx, actor),
    listEventsForStaff(ctx, actor),
  ]);
  const byId = new Map(all.map((e) => [e.id, e]));
  return {
    tokens: tokens.map((t) => ({
      id: t.id,
      name: t.name,
      role: t.role,
      events: t.event_ids === null ? null : t.event_ids.map((id) => ({ id, event: byId.get(id) })),
      createdAt: t.created_at,
      revokedAt: t.revoked_at,
    })),
    openEvents,
    revokedName: tokens.find((t) => t.id === query.revokedId && t.revoked_at !== null)?.name,
  };
}

/**
 * What a door phone reads to pair itself: the token behind a prefix of its own, so a ticket is
 * never taken for a device token nor a device token for a ticket (the scanner reads both).
 * The same prefix is in web/scanner-pairing.js.
 */
export const DEVICE_QR_PREFIX = 'kce-device:';

/** The new token as a QR code (SVG) for the phone's camera; shown once, with the token itself. */
export async function pairingQrSvg(token: string): Promise<string> {
  return ticketSvg(`${DEVICE_QR_PREFIX}${token}`);
}
