import type { BoothSupport, BoothType, RegistrationStatus } from '../db/schema.js';
import { toCsv } from '../shared/csv.js';
import type { Lang } from '../shared/time.js';
import type { HeldBoothRow, InventoryRow, RequestRow } from './booths.repository.js';
import { boothStateLabel, boothTypeName, supportLabel } from './booths.strings.js';

export type BoothState = 'free' | 'held' | 'allocated';

/** One booth as the map, the list and the API show it. */
export interface BoothView {
  id: string;
  code: string;
  type: BoothType;
  size: string;
  zone: string;
  supportLevel: BoothSupport;
  registrationId: string | null;
  /** Free; held by a request still pending; allocated to a confirmed one. */
  state: BoothState;
  facilityName: string | null;
}

export function boothView(row: InventoryRow): BoothView {
  const state: BoothState = !row.registration_id ? 'free' : row.registration_status === 'confirmed' ? 'allocated' : 'held';
  return {
    id: row.id,
    code: row.code,
    type: row.type,
    size: row.size,
    zone: row.zone,
    supportLevel: row.support_level,
    registrationId: row.registration_id,
    state,
    facilityName: row.facility_name,
  };
}

/** The SPEC's inventory JSON (more fields are welcome: state, facility). */
export function boothsJson(booths: BoothView[]) {
  return { booths };
}

export interface RequestView {
  id: string;
  status: RegistrationStatus;
  contactName: string;
  facilityName: string | null;
  taxCode: string | null;
  requested: { type: string; size: string; count: number } | null;
  allocated: number;
  /** Booths still to give. */
  missing: number;
}

export function requestView(row: RequestRow): RequestView {
  const count = row.booth_request?.count ?? 0;
  const allocated = Number(row.allocated ?? 0);
  return {
    id: row.id,
    status: row.status,
    contactName: row.full_name,
    facilityName: row.facility_name,
    taxCode: row.facility_tax_code,
    requested: row.booth_request ? { type: row.booth_request.type, size: row.booth_request.size, count } : null,
    allocated,
    missing: Math.max(0, count - allocated),
  };
}

/** A registration's booths as its holder, the allocation API and the emails see them. */
export function heldBoothView(row: HeldBoothRow) {
  return { id: row.id, code: row.code, zone: row.zone, type: row.type, size: row.size, supportLevel: row.support_level };
}
export type HeldBoothView = ReturnType<typeof heldBoothView>;

/** Booths grouped by zone, in code order, for the map. */
export function byZone(booths: BoothView[]): { zone: string; booths: BoothView[] }[] {
  const zones = new Map<string, BoothView[]>();
  for (const b of booths) zones.set(b.zone, [...(zones.get(b.zone) ?? []), b]);
  return [...zones.entries()].map(([zone, list]) => ({ zone, booths: list }));
}

/** The allocation list for the organisers (CSV, Vietnamese headers first). */
export function allocationCsv(booths: BoothView[], requests: RequestView[], lang: Lang): string {
  const byId = new Map(requests.map((r) => [r.id, r]));
  return toCsv(
    lang === 'vi'
      ? ['Mã gian', 'Khu', 'Loại', 'Kích thước', 'Hỗ trợ', 'Tình trạng', 'Cơ sở', 'Mã số thuế', 'Người liên hệ']
      : ['Code', 'Zone', 'Type', 'Size', 'Support', 'State', 'Facility', 'Tax code', 'Contact'],
    booths.map((b) => {
      const r = b.registrationId ? byId.get(b.registrationId) : undefined;
      return [
        b.code,
        b.zone,
        boothTypeName(b.type, lang),
        b.size,
        supportLabel(b.supportLevel, lang),
        boothStateLabel(b.state, lang),
        b.facilityName ?? '',
        r?.taxCode ?? '',
        r?.contactName ?? '',
      ];
    }),
  );
}
