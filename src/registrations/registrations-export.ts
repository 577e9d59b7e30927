import type { EventView } from '../events/events.usecases.js';
import { type CsvCell, toCsv } from '../shared/csv.js';
import { toIsoInZone } from '../shared/time.js';
import { tablesXlsx } from '../shared/xlsx.js';
import type { StaffRegistrationView } from './registrations.presenter.js';
import { statusLabel } from './registrations.strings.js';
import { displayVnPhone } from './vn-fields.js';

type Questions = NonNullable<EventView['questions']>;

/** One answer as a cell: yes/no in words, numbers as numbers. */
function answerCell(value: string | number | boolean | undefined): CsvCell {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'Có / Yes' : 'Không / No';
  return value;
}

/**
 * The organisers' export of an event's registrations, as the page shows them (status in
 * words, phones as people write them), with every field of the form and one column per
 * question of the event, headed by its label. A fair adds its facility details and booth request.
 */
export function registrationsTable(views: StaffRegistrationView[], event: Pick<EventView, 'kind' | 'questions'>) {
  const fair = event.kind === 'fair';
  const questions: Questions = event.questions ?? [];
  const header = [
    'Mã / Code',
    'Trạng thái / Status',
    'Họ tên / Name',
    'Điện thoại / Phone',
    'Email',
    'Giới tính / Gender',
    'Năm sinh / Birth year',
    'Huyện / District',
    'Phường, xã / Commune',
    'Chức vụ / Position',
    'CCCD / ID number',
    'Cơ sở / Facility',
    'MST / Tax code',
    'Huyện của cơ sở / Facility district',
    ...(fair ? ['Địa chỉ / Address', 'Ngành nghề / Sector', 'Người đại diện / Representative', 'Sản phẩm chính / Main products'] : []),
    'Đăng ký lúc / Registered at',
    ...(fair ? ['Loại gian / Booth type', 'Kích thước / Size', 'Số gian / Booths', 'Sản phẩm / Products'] : []),
    'Nhận tin / News',
    ...questions.map((q) => (q.labelEn ? `${q.label} / ${q.labelEn}` : q.label)),
  ];
  const rows = views.map((i): CsvCell[] => [
    i.shortCode,
    `${statusLabel(i.status, 'vi', null)} / ${i.status}`,
    i.fullName,
    i.phone ? displayVnPhone(i.phone) : '',
    i.email,
    i.gender,
    i.birthYear,
    i.district,
    i.commune,
    i.position,
    i.idNumber,
    i.facility,
    i.taxCode,
    i.facilityDetails?.district,
    ...(fair
      ? [i.facilityDetails?.address, i.facilityDetails?.sector, i.facilityDetails?.representative, i.facilityDetails?.products]
      : []),
    toIsoInZone(i.createdAt),
    ...(fair ? [i.booth?.type ?? '', i.booth?.size ?? '', i.booth?.count ?? '', i.booth?.products ?? ''] : []),
    i.newsConsent ? 'Có / Yes' : 'Không / No',
    ...questions.map((q) => answerCell(i.answers[q.id])),
  ]);
  return { header, rows };
}

export function registrationsCsv(views: StaffRegistrationView[], event: Pick<EventView, 'kind' | 'questions'>): string {
  const { header, rows } = registrationsTable(views, event);
  return toCsv(header, rows);
}

export function registrationsXlsx(views: StaffRegistrationView[], event: Pick<EventView, 'kind' | 'questions'>) {
  const { header, rows } = registrationsTable(views, event);
  return tablesXlsx([{ sheet: 'Đăng ký', header, rows, widths: [11, 22, 26, 14, 26] }]);
}
