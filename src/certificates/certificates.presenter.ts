import { toIsoInZone } from '../shared/time.js';
import type { CertificateRow } from './certificates.repository.js';

/** A certificate as pages and JSON read it: what it said when issued, and whether it stands. */
export interface CertificateView {
  id: string;
  number: string;
  registrationId: string;
  eventId: string;
  /** Null once the learner had their personal data erased: the certificate stands, the name is withheld. */
  name: string | null;
  eventTitle: string;
  eventTitleEn: string | null;
  /** Calendar days in Viet Nam, 'YYYY-MM-DD'. */
  startsOn: string;
  completedOn: string;
  issuer: string;
  issuerEn: string;
  issuedAt: Date;
  revoked: boolean;
  revokedAt: Date | null;
  revokeReason: string | null;
}

/** The stored name of a certificate whose learner had their personal data erased. */
export const WITHHELD = '';

export function certificateView(row: CertificateRow): CertificateView {
  return {
    id: row.id,
    number: row.number,
    registrationId: row.registration_id,
    eventId: row.event_id,
    name: row.full_name === WITHHELD ? null : row.full_name,
    eventTitle: row.event_title,
    eventTitleEn: row.event_title_en,
    startsOn: row.starts_on,
    completedOn: row.completed_on,
    issuer: row.issuer,
    issuerEn: row.issuer_en,
    issuedAt: row.issued_at,
    revoked: row.revoked_at !== null,
    revokedAt: row.revoked_at,
    revokeReason: row.revoke_reason,
  };
}

export const verifyUrl = (publicUrl: string, number: string) => `${publicUrl}/verify/${encodeURIComponent(number)}`;

/**
 * GET /api/v1/certificates/:number: what anyone may read of a certificate (name, class, dates,
 * issuer, whether it stands), nothing more: no contact details, no reason for a revocation.
 */
export function publicCertificateJson(view: CertificateView, publicUrl: string) {
  return {
    certificate: {
      number: view.number,
      name: view.name,
      event: { title: view.eventTitle, titleEn: view.eventTitleEn, startsOn: view.startsOn, endsOn: view.completedOn },
      completedOn: view.completedOn,
      issuer: view.issuer,
      issuerEn: view.issuerEn,
      issuedAt: toIsoInZone(view.issuedAt),
      revoked: view.revoked,
      revokedAt: view.revokedAt ? toIsoInZone(view.revokedAt) : null,
      verifyUrl: verifyUrl(publicUrl, view.number),
    },
  };
}

/** GET /api/v1/manage/:token/certificate: the holder's certificate and where to check and print it. */
export function holderCertificateJson(view: CertificateView, publicUrl: string, manageToken: string) {
  return {
    certificate: {
      number: view.number,
      verifyUrl: verifyUrl(publicUrl, view.number),
      issuedAt: toIsoInZone(view.issuedAt),
      pageUrl: `${publicUrl}/manage/${manageToken}/certificate`,
    },
  };
}

/** The organiser's list in JSON terms (the page reads the views). */
export function staffCertificateJson(view: CertificateView) {
  return {
    id: view.id,
    number: view.number,
    registrationId: view.registrationId,
    name: view.name,
    issuedAt: toIsoInZone(view.issuedAt),
    revoked: view.revoked,
    revokedAt: view.revokedAt ? toIsoInZone(view.revokedAt) : null,
    revokeReason: view.revokeReason,
  };
}
