import type { EventView } from '../events/events.usecases.js';
import { byGivenName } from '../shared/text.js';
import type { Session, SessionPlace } from './attendance.presenter.js';
import type { signInSheetRows } from './attendance.repository.js';

/** One line of the printed sign-in sheet. */
export interface SheetRow {
  name: string;
  /** Present at the session and cancelled since: the record keeps them. */
  cancelledSince: boolean;
  facility: string | null;
  /**
   * Present with the scan's time, or with none when staff marked them (the time a mark was
   * recorded, maybe after the session, is not an arrival time); excused; or no mark.
   */
  mark: { status: 'present'; scannedAt: Date | null } | { status: 'excused' } | null;
}

export interface SignInSheetView {
  event: EventView;
  session: Session;
  number: number;
  sessionCount: number;
  counts: { confirmed: number; present: number; excused: number };
  /** In Vietnamese name order. */
  rows: SheetRow[];
}

export function toSignInSheet(
  event: EventView,
  session: SessionPlace & { session: Session },
  rows: Awaited<ReturnType<typeof signInSheetRows>>,
): SignInSheetView {
  const confirmed = rows.filter((r) => r.status === 'confirmed');
  const sorted = [...rows].sort((a, b) => byGivenName(a.full_name, b.full_name));
  return {
    event,
    session: session.session,
    number: session.number,
    sessionCount: session.count,
    counts: {
      confirmed: confirmed.length,
      present: confirmed.filter((r) => r.mark === 'present').length,
      excused: confirmed.filter((r) => r.mark === 'excused').length,
    },
    rows: sorted.map((r) => ({
      name: r.full_name,
      cancelledSince: r.status !== 'confirmed',
      facility: r.facility_name,
      mark:
        r.mark === 'excused'
          ? { status: 'excused' }
          : r.mark === 'present'
            ? { status: 'present', scannedAt: r.method === 'manual' || !r.checked_in_at ? null : new Date(r.checked_in_at) }
            : null,
    })),
  };
}
