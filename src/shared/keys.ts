import { createHmac, hkdfSync } from 'node:crypto';
import type { Config } from '../config.js';
import { keyringFromSecret, type TicketKeyring } from '../tickets/ticket-token.js';

/** Keys derived from SECRET_KEY, each for one purpose, so one leak does not open the others. */
export interface AppKeys {
  tickets: TicketKeyring;
  personKey: Uint8Array;
  /** Seals manage tokens kept for later emails (src/mail/manage-link.ts). */
  manageLink: Uint8Array;
  /** Seals stored Idempotency-Key answers, together with the key itself (src/shared/seal.ts). */
  idempotency: Uint8Array;
  /** Makes the check suffix of certificate numbers (src/certificates/certificates.usecases.ts). */
  certificates: Uint8Array;
}

export function deriveKeys(config: Pick<Config, 'SECRET_KEY' | 'TICKET_KEYS'>): AppKeys {
  return {
    tickets: keyringFromSecret(config.SECRET_KEY, config.TICKET_KEYS),
    personKey: new Uint8Array(hkdfSync('sha256', config.SECRET_KEY, '', 'person-key', 32)),
    manageLink: new Uint8Array(hkdfSync('sha256', config.SECRET_KEY, '', 'manage-link-seal', 32)),
    idempotency: new Uint8Array(hkdfSync('sha256', config.SECRET_KEY, '', 'idempotency-seal', 32)),
    certificates: new Uint8Array(hkdfSync('sha256', config.SECRET_KEY, '', 'certificate-check', 32)),
  };
}

/**
 * A stable pseudonym for a person: counts distinct people across events and survives the
 * erasure of their name and phone, without keeping anything that identifies them.
 */
export function personKey(keys: AppKeys, identifier: string): string {
  return createHmac('sha256', keys.personKey).update(identifier).digest('base64url');
}
