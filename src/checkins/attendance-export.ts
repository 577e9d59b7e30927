import { type CsvCell, toCsv } from '../shared/csv.js';
import { byGivenName } from '../shared/text.js';
import { inZone } from '../shared/time.js';
import { tablesXlsx } from '../shared/xlsx.js';
import type { AttendanceReport } from './attendance.presenter.js';

const STATUS: Record<string, string> = {
  confirmed: 'Đã xác nhận / confirmed',
  cancelled: 'Đã huỷ / cancelled',
  rejected: 'Bị từ chối / rejected',
  waitlisted: 'Danh sách chờ / waitlisted',
  pending: 'Chờ duyệt / pending',
};

/**
 * An event's attendance as a sheet: one row per person (everyone confirmed, and anyone who came
 * and cancelled since), one column per session with ✓ where they were present, then the
 * sessions attended, the excused ones, and whether they completed (the completion rule's count).
 */
export function attendanceTable(report: AttendanceReport) {
  const present = new Set(report.marks.filter((m) => m.status === 'present').map((m) => `${m.registrationId}:${m.sessionId}`));
  const header = [
    'STT / No.',
    'Họ tên / Name',
    'Trạng thái / Status',
    ...report.sessions.map((s, i) => `Buổi ${i + 1} / Session ${i + 1} (${inZone(s.startsAt).toFormat('dd/MM HH:mm')})`),
    'Số buổi có mặt / Attended',
    'Vắng có phép / Excused',
    'Hoàn thành / Completed',
  ];
  const people = [...report.registrations].sort((a, b) => byGivenName(a.name, b.name));
  const rows = people.map((r, i): CsvCell[] => [
    i + 1,
    r.name,
    STATUS[r.status] ?? r.status,
    ...report.sessions.map((s) => (present.has(`${r.registrationId}:${s.sessionId}`) ? '✓' : '')),
    r.present,
    r.excused,
    r.completed ? 'Có / Yes' : 'Không / No',
  ]);
  return { header, rows };
}

export function attendanceCsv(report: AttendanceReport): string {
  const { header, rows } = attendanceTable(report);
  return toCsv(header, rows);
}

export function attendanceXlsx(report: AttendanceReport) {
  const { header, rows } = attendanceTable(report);
  return tablesXlsx([{ sheet: 'Điểm danh', header, rows, widths: [8, 28, 24] }]);
}
