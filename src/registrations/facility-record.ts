import type { FacilityRecord } from './registrations.repository.js';
import { dedupKeyForFacilityName } from './vn-fields.js';

/**
 * What a registration, a walk-in, an import row or a correction knows of a facility, as the
 * registry stores it: details not given are null, and the name and district make the dedup key.
 */
export function facilityRecord(f: {
  name: string;
  district: string;
  taxCode?: string | null | undefined;
  address?: string | null | undefined;
  sector?: string | null | undefined;
  representative?: string | null | undefined;
  products?: string | null | undefined;
}): FacilityRecord {
  return {
    name: f.name,
    taxCode: f.taxCode ?? null,
    dedupKey: dedupKeyForFacilityName(f.name, f.district),
    district: f.district,
    address: f.address ?? null,
    sector: f.sector ?? null,
    representative: f.representative ?? null,
    products: f.products ?? null,
  };
}
