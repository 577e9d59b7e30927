/**
 * Failures with stable dotted codes. Use cases throw these; the HTTP edge maps each code to a
 * status in one place (src/http/error-mapper.ts). Outcomes a caller branches on are values,
 * not AppErrors.
 */
export type ErrorCode =
  | 'request.malformed_json'
  | 'request.malformed_form'
  | 'request.unsupported_media_type'
  | 'request.too_large'
  | 'request.cross_origin'
  | 'route.not_found'
  | 'validation.failed'
  | 'auth.unauthenticated'
  | 'auth.invalid_credentials'
  | 'auth.throttled'
  | 'auth.forbidden'
  | 'event.not_found'
  | 'event.invalid_transition'
  | 'session.not_found'
  | 'attendance.session_not_open'
  | 'attendance.already_present'
  | 'checkin.nonce_reused'
  | 'conflict.not_found'
  | 'programme.not_found'
  | 'programme.exists'
  | 'target.not_found'
  | 'token.not_found'
  | 'user.not_found'
  | 'registration.not_found'
  | 'facility.not_found'
  | 'facility.merge_conflict'
  | 'selection_round.not_found'
  | 'selection_entry.not_found'
  | 'registration.not_open_yet'
  | 'registration.closed'
  | 'registration.event_cancelled'
  | 'registration.invalid_transition'
  | 'registration.facility_has_request'
  | 'booth.not_found'
  | 'certificate.not_found'
  | 'certificate.not_training'
  | 'certificate.too_early'
  | 'certificate.event_cancelled'
  | 'certificate.not_completed'
  | 'certificate.not_issued'
  | 'certificate.revoked'
  | 'certificate.already_revoked'
  | 'booth.taken'
  | 'booth.code_exists'
  | 'booth.not_a_fair'
  | 'booth.not_allocatable'
  | 'registration.over_capacity'
  | 'registration.no_email'
  | 'idempotency.key_reused'
  | 'registration.no_invite'
  | 'mail.not_found'
  | 'mail.not_failed'
  | 'feedback.already_given'
  | 'feedback.not_attended'
  | 'feedback.not_open'
  | 'feedback.not_surveyed'
  | 'database.unavailable'
  | 'internal';

export interface FieldIssue {
  field: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: { fields?: FieldIssue[]; retryAfterSeconds?: number; [key: string]: unknown },
  ) {
    super(message ?? code);
    this.name = 'AppError';
  }
}

export function validationError(fields: FieldIssue[]): AppError {
  return new AppError('validation.failed', undefined, { fields });
}
