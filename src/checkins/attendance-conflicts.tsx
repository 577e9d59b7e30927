import { ColumnHeads } from '../pages/table.js';
import { formatDateTime, formatDay, formatTime, type Lang } from '../shared/time.js';
import type { ConflictsView, ConflictWords, SessionPlace } from './attendance.presenter.js';
import { s } from './attendance-common.js';

// The words the door shows for each answer (web/scanner-answer.js), for the conflicts table.
const RESULT_LABELS: Record<string, { vi: string; en: string }> = {
  ok: { vi: 'Mời vào', en: 'Checked in' },
  already_checked_in: { vi: 'Đã vào rồi', en: 'Already checked in' },
  not_confirmed: { vi: 'Chưa được xác nhận', en: 'Not confirmed' },
  outside_window: { vi: 'Ngoài giờ soát vé', en: 'Outside check-in time' },
  unknown: { vi: 'Không nhận ra vé', en: 'Unknown ticket' },
  wrong_event: { vi: 'Vé của sự kiện khác', en: 'Ticket for another event' },
  cancelled: { vi: 'Đăng ký đã huỷ', en: 'Registration cancelled' },
};
const resultLabel = (code: string, lang: Lang) => RESULT_LABELS[code]?.[lang] ?? code;

/** What the device said, then what the server recorded. */
function conflictLabel(conflict: ConflictWords, lang: Lang) {
  return conflict.recorded ? `${resultLabel(conflict.said, lang)} → ${resultLabel(conflict.recorded, lang)}` : conflict.said;
}

const place = (session: SessionPlace | null) => (session ? `${session.number}/${session.count}` : '—');
const when = (at: Date, lang: Lang) => `${formatTime(at)} ${formatDay(at, lang)}`;

/** The offline scans the server answered otherwise, to look at and mark reviewed. */
export function ConflictsSection(props: { eventId: string; conflicts: ConflictsView; lang: Lang }) {
  const { eventId, conflicts, lang } = props;
  const action = `/admin/events/${eventId}/attendance`;
  if (conflicts.total === 0) return null;
  return (
    <>
      <h2 id="conflicts">{s(lang, 'conflicts')}</h2>
      <p>{s(lang, 'conflictsHelp')}</p>
      {conflicts.justReviewed && (
        <p class="notice ok" role="status">
          {s(lang, 'markedReviewed')}: {conflicts.justReviewed.name ?? '—'}, {conflictLabel(conflicts.justReviewed.conflict, lang)}.
        </p>
      )}
      {conflicts.toReview === 0 ? <p class="notice ok">{s(lang, 'allReviewed')}</p> : null}
      {conflicts.shown.length > 0 && (
        <div class="scroll">
          <table>
            <ColumnHeads
              labels={[
                s(lang, 'scannedAt'),
                s(lang, 'receivedAt'),
                s(lang, 'session'),
                s(lang, 'heldBy'),
                s(lang, 'person'),
                s(lang, 'deviceSaid'),
                s(lang, 'review'),
              ]}
            />
            <tbody>
              {conflicts.shown.map((x) => (
                <tr>
                  <td>{when(x.scannedAt, lang)}</td>
                  <td>{when(x.receivedAt, lang)}</td>
                  <td>{place(x.session)}</td>
                  <td>
                    {x.heldBy ?? '—'} <span class="muted">({x.device})</span>
                  </td>
                  <td>{x.name ?? '—'}</td>
                  <td>{conflictLabel(x.conflict, lang)}</td>
                  <td>
                    {x.reviewedAt ? (
                      `${s(lang, 'reviewedAt')} ${formatDateTime(x.reviewedAt, lang)}`
                    ) : (
                      <form method="post" action={`/admin/events/${eventId}/conflicts/${x.scanId}/review`}>
                        <button type="submit" class="secondary">
                          {s(lang, 'markReviewed')}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {conflicts.reviewed > 0 &&
        (conflicts.showReviewed ? (
          <p>
            <a href={`${action}#conflicts`}>{s(lang, 'hideReviewed')}</a>
          </p>
        ) : (
          <p>
            {s(lang, 'reviewedCount')}: {conflicts.reviewed}. <a href={`${action}?reviewed=1#conflicts`}>{s(lang, 'showReviewed')}</a>
          </p>
        ))}
    </>
  );
}
