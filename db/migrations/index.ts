import type { Migration } from 'kysely';
import * as foundation from './2026-11-28T00-00_foundation.js';
import * as registrations from './2026-11-28T01-00_registrations.js';
import * as outbox from './2026-11-28T02-00_outbox.js';
import * as checkins from './2026-11-28T03-00_checkins.js';
import * as attendanceCounts from './2026-11-28T04-00_attendance_counts.js';
import * as targetIndexes from './2026-11-28T05-00_target_indexes.js';
import * as attendanceTallies from './2026-11-29T00-00_attendance_tallies.js';
import * as sessionTitlesEn from './2026-11-29T01-00_session_titles_en.js';
import * as conflictReviews from './2026-11-29T02-00_conflict_reviews.js';
import * as loginThrottle from './2026-11-30T10-00_login_throttle.js';
import * as mailboxWithoutLinks from './2026-12-03T09-00_mailbox_without_links.js';
import * as programmeManagers from './2026-12-03T10-00_programme_managers.js';
import * as linkMail from './2026-12-03T11-00_link_mail.js';
import * as accounts from './2026-12-04T01-00_accounts.js';
import * as questionRetirement from './2026-12-04T02-00_question_retirement.js';
import * as ticketResent from './2026-12-04T03-00_ticket_resent.js';
import * as technologyConferences from './2026-12-04T04-00_technology_conferences.js';
import * as booths from './2026-12-04T05-00_booths.js';
import * as facilityRegistry from './2026-12-04T06-00_facility_registry.js';
import * as selectionRounds from './2026-12-04T06-10_selection_rounds.js';
import * as walkIns from './2026-12-04T07-00_walk_ins.js';
import * as beyondTheDoorMail from './2026-12-05T00-00_beyond_the_door_mail.js';
import * as certificates from './2026-12-05T01-00_certificates.js';
import * as eventMessages from './2026-12-05T02-00_event_messages.js';
import * as feedback from './2026-12-05T03-00_feedback.js';
import * as messageAudiences from './2026-12-06T05-40_message_audiences.js';

/**
 * The static registry of migrations, in order. A file provider would break under bundlers
 * (Workers), so every new migration is imported and listed here by its file name.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-28T00-00_foundation': foundation,
  '2026-11-28T01-00_registrations': registrations,
  '2026-11-28T03-00_checkins': checkins,
  '2026-11-28T04-00_attendance_counts': attendanceCounts,
  '2026-11-28T02-00_outbox': outbox,
  '2026-11-28T05-00_target_indexes': targetIndexes,
  '2026-11-29T00-00_attendance_tallies': attendanceTallies,
  '2026-11-29T01-00_session_titles_en': sessionTitlesEn,
  '2026-11-29T02-00_conflict_reviews': conflictReviews,
  '2026-11-30T10-00_login_throttle': loginThrottle,
  '2026-12-03T09-00_mailbox_without_links': mailboxWithoutLinks,
  '2026-12-03T10-00_programme_managers': programmeManagers,
  '2026-12-03T11-00_link_mail': linkMail,
  '2026-12-04T01-00_accounts': accounts,
  '2026-12-04T02-00_question_retirement': questionRetirement,
  '2026-12-04T07-00_walk_ins': walkIns,
  '2026-12-04T05-00_booths': booths,
  '2026-12-04T03-00_ticket_resent': ticketResent,
  '2026-12-04T06-00_facility_registry': facilityRegistry,
  '2026-12-04T06-10_selection_rounds': selectionRounds,
  '2026-12-04T04-00_technology_conferences': technologyConferences,
  '2026-12-05T00-00_beyond_the_door_mail': beyondTheDoorMail,
  '2026-12-05T02-00_event_messages': eventMessages,
  '2026-12-05T03-00_feedback': feedback,
  '2026-12-05T01-00_certificates': certificates,
  '2026-12-06T05-40_message_audiences': messageAudiences,
};
