import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Kysely's view of the tables created by `db/migrations`. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** `date` columns come back as text (see the type parsers in engines.ts). */
type DateOnly = ColumnType<string, string, string>;
type BigId = ColumnType<number, never, never>;

export type EventKind = 'fair' | 'training_class' | 'cp_workshop' | 'conference' | 'study_tour';
export type EventStatus = 'draft' | 'published' | 'cancelled' | 'completed';
export type FairScope = 'district' | 'city' | 'regional' | 'national';
/** `programme_manager` reads the whole programme (dashboard, reports) and runs no events. */
export type Role = 'admin' | 'organiser' | 'scanner' | 'programme_manager';
export type TargetMetric = 'learners_completed' | 'events_held' | 'facilities_participated' | 'selection_rounds_held';

export interface ProgrammeTable {
  id: Generated<string>;
  code: string;
  name_vi: string;
  name_en: string;
  province: string;
  legal_basis: string | null;
  starts_on: DateOnly;
  ends_on: DateOnly;
  created_at: CreatedAt;
}

export interface ProgrammeTargetTable {
  id: Generated<string>;
  programme_id: string;
  code: string;
  label_vi: string;
  label_en: string;
  goal: number;
  metric: TargetMetric;
  unit: string;
  event_kinds: ColumnType<string[], string[] | undefined, string[]>;
  topics: ColumnType<string[], string[] | undefined, string[]>;
  fair_scopes: ColumnType<string[], string[] | undefined, string[]>;
  min_attendees: Generated<number>;
  position: Generated<number>;
}

export interface VenueTable {
  id: Generated<string>;
  name: string;
  address: Generated<string>;
  district: string | null;
  created_at: CreatedAt;
}

export interface UserTable {
  id: Generated<string>;
  email: string;
  full_name: Generated<string>;
  role: Role;
  password_hash: string;
  event_ids: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  disabled_at: Timestamp | null;
  created_at: CreatedAt;
  last_sign_in_at: Timestamp | null;
}

export interface EventTable {
  id: Generated<string>;
  programme_id: string | null;
  kind: EventKind;
  title: string;
  title_en: string | null;
  description: Generated<string>;
  description_en: string | null;
  topic: string | null;
  scope: FairScope | null;
  status: Generated<EventStatus>;
  capacity: number;
  venue_id: string | null;
  registration_opens_at: Timestamp | null;
  registration_closes_at: Timestamp | null;
  requires_approval: Generated<boolean>;
  /** numeric comes back as text to keep precision; parse where used. */
  completion_share: ColumnType<string, string | undefined, string>;
  version: Generated<number>;
  confirmed_count: Generated<number>;
  email_required: Generated<boolean>;
  /** A walk-in at the door may take a seat beyond capacity (the organiser's choice). */
  walk_ins_beyond_capacity: Generated<boolean>;
  /** Certificates are issued by the dispatcher's loop once the last session has ended. */
  certificates_auto: Generated<boolean>;
  published_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface EventSessionTable {
  id: Generated<string>;
  event_id: string;
  position: number;
  title: string | null;
  title_en: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
}

export interface AuthSessionTable {
  id_hash: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  name: string;
  token_hash: string;
  role: Role;
  event_ids: string[] | null;
  created_by: string | null;
  /** The account the token was issued for: deactivating it revokes the token. */
  user_id: string | null;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** One counter of sign-in attempts per scope, claimed before the password is checked. */
export interface LoginThrottleTable {
  scope: 'pair' | 'client' | 'account';
  /** '' for the 'client' scope. */
  account_key: string;
  /** '' for the 'account' scope. */
  client_key: string;
  attempts: number;
  window_started_at: Timestamp;
}

/** An address (IPv6: its /64) an account has signed in from. */
export interface LoginKnownClientTable {
  account_key: string;
  client_key: string;
  last_success_at: Timestamp;
}

export interface AuditLogTable {
  id: BigId;
  at: CreatedAt;
  actor_user_id: string | null;
  actor_token_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  data: ColumnType<unknown, string | undefined, never>;
  request_id: string | null;
}

export type RegistrationStatus = 'confirmed' | 'waitlisted' | 'pending' | 'cancelled' | 'rejected';
export type QuestionType = 'text' | 'choice' | 'yes_no' | 'number';
export type Gender = 'female' | 'male' | 'other';

export interface EventQuestionTable {
  id: Generated<string>;
  event_id: string;
  position: number;
  label: string;
  label_en: string | null;
  type: QuestionType;
  required: Generated<boolean>;
  options: ColumnType<string[], string[] | undefined, string[]>;
  /** Set when a question with answers leaves the form: it is kept, not deleted. */
  retired_at: Timestamp | null;
}

export interface FacilityTable {
  id: Generated<string>;
  name: string;
  tax_code: string | null;
  dedup_key: string;
  district: string;
  address: string | null;
  sector: string | null;
  representative: string | null;
  products: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Each spelling of a facility's name a registration submitted; the record's own name stays. */
export interface FacilityNameVariantTable {
  facility_id: string;
  name: string;
  seen_count: Generated<number>;
  first_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type SelectionLevel = 'district' | 'city';
export type SelectionResult = 'awarded' | 'not_awarded';
export type AwardLevel = 'district' | 'city' | 'regional' | 'national';

/** A product selection round (bình chọn sản phẩm CNNT tiêu biểu): not an event, no sessions. */
export interface SelectionRoundTable {
  id: Generated<string>;
  programme_id: string | null;
  level: SelectionLevel;
  title: string;
  district: string | null;
  held_on: DateOnly;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface SelectionEntryTable {
  id: Generated<string>;
  round_id: string;
  facility_id: string;
  product_name: string;
  category: string;
  result: SelectionResult | null;
  award_level: AwardLevel | null;
  certificate_no: string | null;
  recorded_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface BoothRequest {
  type: string;
  size: string;
  count: number;
  products: string;
}

export interface RegistrationTable {
  id: Generated<string>;
  seq: BigId;
  event_id: string;
  status: RegistrationStatus;
  full_name: string;
  phone: string | null;
  email: string | null;
  id_number: string | null;
  gender: Gender | null;
  birth_year: number | null;
  district: string | null;
  commune: string | null;
  position_title: string | null;
  person_key: string;
  facility_id: string | null;
  /** The facility's name as this registration submitted it (the registry keeps its own). */
  facility_name: ColumnType<string | null, string | null | undefined, string | null>;
  answers: ColumnType<Record<string, string | number | boolean>, string | undefined, string>;
  booth_request: ColumnType<BoothRequest | null, string | null, string | null>;
  lang: Generated<'vi' | 'en'>;
  consent_version: string;
  consent_processing_at: Timestamp;
  consent_news_at: Timestamp | null;
  consent_withdrawn_at: Timestamp | null;
  ticket_id: string;
  short_code: string;
  manage_token_hash: string;
  /** The manage token sealed with a key derived from SECRET_KEY (src/mail/manage-link.ts), for later emails. */
  manage_token_sealed: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
  confirmed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  anonymised_at: Timestamp | null;
  /** Registered at the door on arrival (a walk-in), when; null for every other way in. */
  walk_in_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  status: number;
  body: string;
  created_at: Timestamp;
}

export interface Database {
  programmes: ProgrammeTable;
  programme_targets: ProgrammeTargetTable;
  venues: VenueTable;
  users: UserTable;
  events: EventTable;
  event_sessions: EventSessionTable;
  auth_sessions: AuthSessionTable;
  api_tokens: ApiTokenTable;
  login_throttle: LoginThrottleTable;
  login_known_clients: LoginKnownClientTable;
  audit_log: AuditLogTable;
  event_questions: EventQuestionTable;
  facilities: FacilityTable;
  facility_name_variants: FacilityNameVariantTable;
  selection_rounds: SelectionRoundTable;
  selection_entries: SelectionEntryTable;
  registrations: RegistrationTable;
  idempotency_keys: IdempotencyKeyTable;
  attendance: AttendanceTable;
  attendance_tallies: AttendanceTallyTable;
  scans: ScanTable;
  mail_outbox: MailOutboxTable;
  mail_mailbox: MailMailboxTable;
  booths: BoothTable;
  booth_allocations: BoothAllocationTable;
  event_messages: EventMessageTable;
  event_message_recipients: EventMessageRecipientTable;

  feedback: FeedbackTable;
  feedback_requests: FeedbackRequestTable;

  certificate_series: CertificateSeriesTable;
  certificates: CertificateTable;
}

export type Programme = Selectable<ProgrammeTable>;
export type NewProgramme = Insertable<ProgrammeTable>;
export type ProgrammeTarget = Selectable<ProgrammeTargetTable>;
export type NewProgrammeTarget = Insertable<ProgrammeTargetTable>;
export type ProgrammeTargetUpdate = Updateable<ProgrammeTargetTable>;
export type Venue = Selectable<VenueTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Event = Selectable<EventTable>;
export type NewEvent = Insertable<EventTable>;
export type EventUpdate = Updateable<EventTable>;
export type EventSession = Selectable<EventSessionTable>;
export type NewEventSession = Insertable<EventSessionTable>;
export type ApiToken = Selectable<ApiTokenTable>;
export type Registration = Selectable<RegistrationTable>;
export type NewRegistration = Insertable<RegistrationTable>;
export type Facility = Selectable<FacilityTable>;
export type EventQuestion = Selectable<EventQuestionTable>;

export type CheckinResult = 'ok' | 'already_checked_in' | 'unknown' | 'wrong_event' | 'not_confirmed' | 'cancelled' | 'outside_window';

/**
 * Sessions attended per registration, with the registration's columns the programme's tallies
 * read. Kept by triggers (on attendance and on registrations): never written by the app.
 */
export interface AttendanceTallyTable {
  registration_id: ColumnType<string, never, never>;
  event_id: ColumnType<string, never, never>;
  status: ColumnType<RegistrationStatus, never, never>;
  person_key: ColumnType<string, never, never>;
  facility_id: ColumnType<string | null, never, never>;
  district: ColumnType<string | null, never, never>;
  gender: ColumnType<string | null, never, never>;
  present_sessions: ColumnType<number, never, never>;
}

export interface AttendanceTable {
  registration_id: string;
  session_id: string;
  event_id: string;
  status: 'present' | 'excused';
  method: 'qr' | 'short_code' | 'manual' | 'walk_in';
  checked_in_at: Timestamp;
  recorded_at: Timestamp;
  device_id: string | null;
  actor_user_id: string | null;
  actor_token_id: string | null;
  note: string | null;
}

export interface ScanTable {
  id: BigId;
  event_id: string;
  session_id: string | null;
  registration_id: string | null;
  code_kind: 'qr' | 'short_code' | 'unknown' | 'walk_in';
  result: CheckinResult;
  device_id: string;
  nonce: string;
  actor_user_id: string | null;
  actor_token_id: string | null;
  scanned_at: Timestamp;
  received_at: Timestamp;
  offline: Generated<boolean>;
  conflict: string | null;
  reviewed_at: Timestamp | null;
}

export type MailKind =
  | 'received'
  | 'confirmed'
  | 'waitlisted'
  | 'promoted'
  | 'approved'
  | 'rejected'
  | 'cancelled'
  | 'event_changed'
  | 'event_cancelled'
  | 'reminder'
  /** The manage link sent again at the registrant's request (may go more than once). */
  | 'link_resent'
  /** A new link and ticket after an organiser handed the registration to its rightful owner. */
  | 'reissued'
  /** A facility's booths were moved or released (may go more than once). */
  | 'booth_changed'
  /** The ticket and manage link sent again by an organiser (may go more than once). */
  | 'ticket_resent'
  /** A certificate of completion is ready (once per certificate). */
  | 'certificate_issued'
  /** An organiser's message to people chosen by attendance (once per message and person). */
  | 'event_message'
  /** The feedback survey's invitation after training (once per registration). */
  | 'feedback_request';
export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface MailOutboxTable {
  id: BigId;
  registration_id: string;
  kind: MailKind;
  event_version: number;
  status: Generated<MailStatus>;
  attempts: Generated<number>;
  available_at: Timestamp;
  locked_at: Timestamp | null;
  locked_by: string | null;
  last_error: string | null;
  recipient: string | null;
  subject: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  /** The organiser's message an `event_message` row carries (and only such a row). */
  message_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface MailMailboxTable {
  outbox_id: number;
  recipient: string;
  subject: string;
  html: string;
  text: string;
  raw: string;
  delivered_at: Timestamp;
}

export type MailOutboxRow = Selectable<MailOutboxTable>;

export type BoothType = 'standard' | 'corner' | 'outdoor' | 'island';
export type BoothSupport = 'fully_supported' | 'part_supported' | 'paid';

/** One booth of a fair's inventory; its code is unique within the fair. */
export interface BoothTable {
  id: Generated<string>;
  event_id: string;
  code: string;
  type: ColumnType<BoothType, BoothType | undefined, BoothType>;
  size: Generated<string>;
  zone: Generated<string>;
  support_level: ColumnType<BoothSupport, BoothSupport | undefined, BoothSupport>;
  created_at: CreatedAt;
}

/** A booth given to a registration; at most one unreleased allocation per booth (a unique index). */
export interface BoothAllocationTable {
  id: Generated<string>;
  booth_id: string;
  registration_id: string;
  allocated_at: Timestamp;
  released_at: Timestamp | null;
}
export type Booth = Selectable<BoothTable>;

export type MessageAudience = 'confirmed' | 'attended' | 'missed_some' | 'no_show' | 'completed' | 'certified' | 'waitlisted';

/** An organiser's message to an event's people chosen by attendance; the same text again is the same row. */
export interface EventMessageTable {
  id: Generated<string>;
  event_id: string;
  audience: MessageAudience;
  subject: string;
  body: string;
  /** Hash of event, audience, subject and body: unique per event. */
  content_key: string;
  created_by: string | null;
  created_by_token: string | null;
  created_at: Timestamp;
  last_sent_at: Timestamp;
}

/** Who a message was queued for: each registration once (the primary key). */
export interface EventMessageRecipientTable {
  message_id: string;
  registration_id: string;
  created_at: Timestamp;
}

/** One survey answer per registration (the primary key), marks 1–5, an optional short comment. */
export interface FeedbackTable {
  registration_id: string;
  event_id: string;
  content: number;
  trainer: number;
  usefulness: number;
  comment: string | null;
  submitted_at: Timestamp;
}

/** The survey's invitation queued for a registration: at most once (the primary key). */
export interface FeedbackRequestTable {
  registration_id: string;
  queued_at: Timestamp;
}

/** The last number handed out in a certificate series (a programme's code, or the fallback) and year. */
export interface CertificateSeriesTable {
  series: string;
  year: number;
  last_number: Generated<number>;
}

/** A certificate of completion, with what it said when issued; a revoked one is kept. */
export interface CertificateTable {
  id: Generated<string>;
  number: string;
  registration_id: string;
  event_id: string;
  full_name: string;
  event_title: string;
  event_title_en: string | null;
  starts_on: DateOnly;
  completed_on: DateOnly;
  issuer: string;
  issuer_en: string;
  issued_at: Timestamp;
  /** Null when issued automatically after the last session. */
  issued_by_user_id: string | null;
  revoked_at: Timestamp | null;
  revoked_by_user_id: string | null;
  revoked_by_token_id: string | null;
  revoke_reason: string | null;
}
export type Certificate = Selectable<CertificateTable>;
