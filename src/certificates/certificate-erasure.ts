import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { WITHHELD } from './certificates.presenter.js';
import { clearNames } from './certificates.repository.js';

/**
 * Called inside the erasure of a registration's personal data (its transaction): the learner's
 * certificates still verify as issued (or revoked), but the name is withheld from then on. Its
 * own module, so that registrations' erasure does not import the certificates' use cases, which
 * import registrations' manage link.
 */
export function forgetCertificateName(trx: Transaction<Database>, registrationId: string): Promise<void> {
  return clearNames(trx, registrationId, WITHHELD);
}
