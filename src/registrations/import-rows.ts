import { foldForSearch, isStorableText } from '../shared/text.js';
import type { SheetRow } from './import-file.js';
import { normalizeEmail, normalizeName, normalizeVnPhone } from './vn-fields.js';

/**
 * One row of a commune's list checked on its own, before anyone is looked up: the person it
 * names, normalised as the registration form would, or what is wrong with it (Vietnamese first).
 */
export interface ImportPerson {
  fullName: string;
  phone: string | null;
  email: string | null;
  gender: 'female' | 'male' | 'other' | null;
  birthYear: number | null;
  district: string | null;
  commune: string | null;
  facility: string | null;
}

export type CheckedRow = { row: number; ok: true; person: ImportPerson } | { row: number; ok: false; errors: string[] };

const GENDERS: Record<string, ImportPerson['gender']> = {
  nu: 'female',
  female: 'female',
  f: 'female',
  nam: 'male',
  male: 'male',
  m: 'male',
  khac: 'other',
  other: 'other',
};

/**
 * The rule for a row: a name; a phone and an email that are valid when given; an email when the
 * event needs one; and something that tells this person apart from another of the same name —
 * a phone, an email, or else a year of birth (README decision "Imported people without phone").
 */
export function checkRow(input: SheetRow, rules: { emailRequired: boolean; thisYear: number }): CheckedRow {
  const c = input.cells;
  const errors: string[] = [];
  const text = (value: string | undefined, max: number, label: string) => {
    if (value === undefined) return null;
    const v = normalizeName(value);
    if (v.length > max) errors.push(`${label}: dài quá, tối đa ${max} ký tự / too long, at most ${max} characters`);
    else if (!isStorableText(v)) errors.push(`${label}: có ký tự không lưu được / holds characters that cannot be stored`);
    return v || null;
  };

  const fullName = text(c.fullName, 120, 'Họ và tên / Full name') ?? '';
  if (fullName.length < 2) errors.push('Thiếu họ và tên / Full name missing');

  let phone: string | null = null;
  if (c.phone !== undefined) {
    phone = phoneFromCell(c.phone);
    if (!phone) errors.push(`Số điện thoại không hợp lệ: "${c.phone}" / Not a valid Vietnamese phone number`);
  }
  let email: string | null = null;
  if (c.email !== undefined) {
    email = normalizeEmail(c.email);
    if (!email) errors.push(`Email không hợp lệ: "${c.email}" / Not a valid email address`);
  }
  if (rules.emailRequired && c.email === undefined) {
    errors.push('Sự kiện này cần email để gửi vé / This event needs an email for the ticket');
  }

  let gender: ImportPerson['gender'] = null;
  if (c.gender !== undefined) {
    gender = GENDERS[foldForSearch(c.gender).trim()] ?? null;
    if (!gender) errors.push(`Giới tính không rõ: "${c.gender}" (Nam, Nữ, Khác) / Unknown gender (male, female, other)`);
  }
  let birthYear: number | null = null;
  if (c.birthYear !== undefined) {
    birthYear = /^\d{4}$/.test(c.birthYear) ? Number(c.birthYear) : null;
    if (birthYear === null || birthYear < 1920 || birthYear > rules.thisYear) {
      errors.push(`Năm sinh không hợp lệ: "${c.birthYear}" (1920–${rules.thisYear}) / Not a valid year of birth`);
      birthYear = null;
    }
  }
  const district = text(c.district, 100, 'Huyện / District');
  const commune = text(c.commune, 100, 'Xã / Commune');
  const facility = text(c.facility, 200, 'Cơ sở / Facility');
  if (facility && !district) errors.push('Cơ sở cần có huyện/quận để phân biệt / A facility needs its district');

  if (c.phone === undefined && c.email === undefined && c.birthYear === undefined) {
    errors.push(
      'Cần số điện thoại, email hoặc năm sinh để phân biệt người trùng tên / Needs a phone, an email or a year of birth to tell people apart',
    );
  }
  if (errors.length > 0) return { row: input.row, ok: false, errors };
  return { row: input.row, ok: true, person: { fullName, phone, email, gender, birthYear, district, commune, facility } };
}

/**
 * A phone from a cell: as typed, or a number whose leading 0 the spreadsheet dropped
 * (912345678 is 0912345678; a landline 2253842123 is 02253842123).
 */
function phoneFromCell(cell: string): string | null {
  const given = normalizeVnPhone(cell);
  if (given) return given;
  return /^[1-9]\d{8,9}$/.test(cell.trim()) ? normalizeVnPhone(`0${cell.trim()}`) : null;
}

/**
 * Who the row is, for duplicates: its phone and email, or, for someone with neither, the name
 * (accents and case aside), year of birth and district. Two rows sharing any key are one person.
 */
export function identityKeys(person: ImportPerson): string[] {
  const keys: string[] = [];
  if (person.phone) keys.push(`phone:${person.phone}`);
  if (person.email) keys.push(`email:${person.email}`);
  if (keys.length === 0) keys.push(nameIdentity(person));
  return keys;
}

/** The identity of someone registered without phone or email; also what their person key is made from. */
export function nameIdentity(person: Pick<ImportPerson, 'fullName' | 'birthYear' | 'district'>): string {
  return `name:${foldForSearch(person.fullName)}|${person.birthYear ?? ''}|${foldForSearch(person.district ?? '')}`;
}
