/**
 * Normalisers for the Vietnamese fields a registrant types by hand: phone, tax code, name, email,
 * and a dedup key for facilities that have no tax code. Pure functions: null means "not valid".
 */

// The 2018 renumbering moved every 11-digit mobile (01xx + 7 digits) to 10 digits (0xx + 7 digits).
// People still write the old numbers on forms and business cards, so they are mapped, not rejected.
const RENUMBERED_MOBILE_PREFIXES: Readonly<Record<string, string>> = {
  // Viettel
  '0162': '032',
  '0163': '033',
  '0164': '034',
  '0165': '035',
  '0166': '036',
  '0167': '037',
  '0168': '038',
  '0169': '039',
  // MobiFone
  '0120': '070',
  '0121': '079',
  '0122': '077',
  '0126': '076',
  '0128': '078',
  // VinaPhone
  '0123': '083',
  '0124': '084',
  '0125': '085',
  '0127': '081',
  '0129': '082',
  // Vietnamobile
  '0186': '056',
  '0188': '058',
  // Gmobile
  '0199': '059',
};

/**
 * A stored number (`+84912345678`) as people write it: `0912 345 678` for a mobile,
 * `0225 3842 123` for a landline; anything else unchanged.
 */
export function displayVnPhone(e164: string): string {
  if (!e164.startsWith('+84')) return e164;
  const national = `0${e164.slice(3)}`;
  if (/^0[35789]\d{8}$/.test(national)) return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
  if (/^02\d{9}$/.test(national)) return `${national.slice(0, 4)} ${national.slice(4, 8)} ${national.slice(8)}`;
  return national;
}

/**
 * A Vietnamese phone number in E.164 (`+84…`), or null. Accepts the national form (`0…`),
 * `84…`, `+84…`, `0084…`, separators `space . - ( )`, and pre-2018 11-digit mobile numbers.
 */
export function normalizeVnPhone(input: string): string | null {
  const compact = input.trim().replace(/[\s.\-()]/g, '');
  if (!/^\+?\d+$/.test(compact)) return null;

  const national = toNationalForm(compact);
  if (national === null) return null;

  if (/^0[35789]\d{8}$/.test(national)) return `+84${national.slice(1)}`;
  // Landlines: since 2017 every area code starts 02 and every number is 11 digits nationally.
  if (/^02\d{9}$/.test(national)) return `+84${national.slice(1)}`;

  const renumbered = RENUMBERED_MOBILE_PREFIXES[national.slice(0, 4)];
  if (renumbered !== undefined && /^\d{11}$/.test(national)) {
    return `+84${renumbered.slice(1)}${national.slice(4)}`;
  }
  return null;
}

/** `0…` national form, from national or international (+84, 84, 0084) input; null for other countries. */
function toNationalForm(compact: string): string | null {
  let international: string | null = null;
  if (compact.startsWith('+')) international = compact.slice(1);
  else if (compact.startsWith('00')) international = compact.slice(2);
  else if (compact.startsWith('0')) return compact;
  else international = compact;

  if (!international.startsWith('84')) return null;
  const subscriber = international.slice(2);
  // "+84 (0) 912…" and "+84 0912…" are common on Vietnamese letterheads; the trunk 0 is redundant
  // but unambiguous, since no Vietnamese number starts with 0 after the country code.
  return subscriber.startsWith('0') ? subscriber : `0${subscriber}`;
}

const TAX_CODE_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/**
 * A mã số thuế with surrounding whitespace removed, or null. Only `NNNNNNNNNN` (enterprise) or
 * `NNNNNNNNNN-NNN` (branch) are accepted: the dash is how the tax authority prints branch codes,
 * and one spelling keeps the dedup on tax code exact.
 */
export function normalizeVnTaxCode(input: string): string | null {
  const code = input.trim();
  const match = /^(\d{10})(?:-(\d{3}))?$/.exec(code);
  if (match === null) return null;
  const [, base, branch] = match;
  if (base === undefined || !hasValidCheckDigit(base)) return null;
  // Branch numbers are issued from 001; -000 would be the parent company written ambiguously.
  if (branch === '000') return null;
  return code;
}

export function isValidVnTaxCode(input: string): boolean {
  return normalizeVnTaxCode(input) !== null;
}

/** Check digit = 10 − (Σ weightᵢ·digitᵢ mod 11); a result of 10 is never issued, so it never matches. */
function hasValidCheckDigit(base: string): boolean {
  const digits = [...base].map(Number);
  const sum = TAX_CODE_WEIGHTS.reduce((acc, weight, i) => acc + weight * (digits[i] ?? 0), 0);
  const check = 10 - (sum % 11);
  return check < 10 && check === digits[9];
}

/** A person's or facility's display name: NFC, trimmed, single spaces (incl. NBSP and tabs). */
export function normalizeName(input: string): string {
  return input.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/**
 * A lower-cased email, or null if it is not plausibly deliverable. Deliberately loose (one @,
 * dotted domain, no spaces): the confirmation email is the real check, this only catches typos.
 * The local part is lower-cased too: case-sensitive mailboxes are vanishingly rare and
 * `Nguyen.An@…` vs `nguyen.an@…` must count as one registrant.
 */
export function normalizeEmail(input: string): string | null {
  const email = input.trim().toLowerCase();
  if (email.length > 254 || /\s/.test(email)) return null;
  const parts = email.split('@');
  if (parts.length !== 2) return null;
  const [local, domain] = parts;
  if (!local || !domain) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((label) => label === '')) return null;
  return email;
}

// Matched on the folded form, longest first, so "cong ty tnhh mtv" wins over "cong ty".
// "cong ty", "mtv" and "cp" variants are included because forms spell the same company all ways.
const LEGAL_FORM_PREFIXES = [
  'cong ty trach nhiem huu han',
  'cong ty tnhh mot thanh vien',
  'cong ty tnhh mtv',
  'cong ty tnhh',
  'cong ty co phan',
  'cong ty cp',
  'cong ty',
  'cty tnhh mtv',
  'cty tnhh',
  'cty cp',
  'cty',
  'tnhh mtv',
  'tnhh',
  'hop tac xa',
  'htx',
  'co so',
  'doanh nghiep tu nhan',
  'dntn',
  'ho kinh doanh',
].sort((a, b) => b.length - a.length);

// District names are written with or without their unit ("Từ Sơn", "TX Từ Sơn", "thị xã Từ Sơn"),
// and units change over time (Từ Sơn became a city in 2021), so the unit is not part of the key.
const ADMIN_UNIT_PREFIXES = ['thanh pho', 'thi xa', 'huyen', 'quan', 'tp', 'tx'];

/**
 * A key under which two spellings of the same facility without tax code collide: accents, case,
 * punctuation, spacing and legal-form prefixes ignored, scoped by district.
 */
export function dedupKeyForFacilityName(name: string, district: string): string {
  const facility = stripPrefixes(foldVietnamese(name), LEGAL_FORM_PREFIXES);
  const place = stripPrefixes(foldVietnamese(district), ADMIN_UNIT_PREFIXES);
  return `${facility}|${place}`;
}

/** Lower-case, accent-free, punctuation as single spaces: "Cơ sở  Mộc Đồng Kỵ" → "co so moc dong ky". */
function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/đ/g, 'd') // đ is a letter of its own, not d + a mark, so NFD leaves it alone
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Removes whole-word prefixes repeatedly ("cty tnhh" → ""), but never the whole text. */
function stripPrefixes(folded: string, prefixes: readonly string[]): string {
  let text = folded;
  for (;;) {
    const prefix = prefixes.find((p) => text.startsWith(`${p} `));
    if (prefix === undefined) return text;
    text = text.slice(prefix.length + 1);
  }
}
