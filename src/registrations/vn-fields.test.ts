import { describe, expect, it } from 'vitest';
import {
  dedupKeyForFacilityName,
  displayVnPhone,
  isValidVnTaxCode,
  normalizeEmail,
  normalizeName,
  normalizeVnPhone,
  normalizeVnTaxCode,
} from './vn-fields.js';

describe('normalizeVnPhone', () => {
  it.each([
    ['0912 345 678', '+84912345678'],
    ['090.123.4567', '+84901234567'],
    ['0912-345-678', '+84912345678'],
    ['0912345678', '+84912345678'],
    ['84912345678', '+84912345678'],
    ['+84912345678', '+84912345678'],
    ['+84 912 345 678', '+84912345678'],
    ['(+84) 912 345 678', '+84912345678'],
    ['0084 912 345 678', '+84912345678'],
    ['  0912 345 678  ', '+84912345678'],
  ])('accepts the usual written form %j of a mobile number', (input, expected) => {
    expect(normalizeVnPhone(input)).toBe(expected);
  });

  it.each([
    ['0321234567', '+84321234567'],
    ['0561234567', '+84561234567'],
    ['0701234567', '+84701234567'],
    ['0861234567', '+84861234567'],
    ['0981234567', '+84981234567'],
  ])('accepts every current mobile range (%s)', (input, expected) => {
    expect(normalizeVnPhone(input)).toBe(expected);
  });

  it('tolerates a redundant trunk 0 after the country code', () => {
    expect(normalizeVnPhone('+84 (0) 912 345 678')).toBe('+84912345678');
    expect(normalizeVnPhone('+84 0912 345 678')).toBe('+84912345678');
  });

  it.each([
    ['0162', '032'],
    ['0163', '033'],
    ['0164', '034'],
    ['0165', '035'],
    ['0166', '036'],
    ['0167', '037'],
    ['0168', '038'],
    ['0169', '039'],
    ['0120', '070'],
    ['0121', '079'],
    ['0122', '077'],
    ['0126', '076'],
    ['0128', '078'],
    ['0123', '083'],
    ['0124', '084'],
    ['0125', '085'],
    ['0127', '081'],
    ['0129', '082'],
    ['0186', '056'],
    ['0188', '058'],
    ['0199', '059'],
  ])('maps the pre-2018 mobile prefix %s to %s', (oldPrefix, newPrefix) => {
    expect(normalizeVnPhone(`${oldPrefix} 234 5678`)).toBe(`+84${newPrefix.slice(1)}2345678`);
  });

  it('maps a pre-2018 mobile number written internationally', () => {
    expect(normalizeVnPhone('+84 168 234 5678')).toBe('+84382345678');
  });

  it('rejects an 11-digit 01x number that was never a mobile range', () => {
    expect(normalizeVnPhone('0130 234 5678')).toBeNull();
    expect(normalizeVnPhone('0161 234 5678')).toBeNull();
  });

  it.each([
    ['0225 3842 123', '+842253842123'],
    ['024 3825 1234', '+842438251234'],
    ['(028) 3829 1234', '+842838291234'],
    ['+84 225 3842 123', '+842253842123'],
  ])('accepts the landline %j with its 02x area code', (input, expected) => {
    expect(normalizeVnPhone(input)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['091234567', 'one digit short'],
    ['09123456789', 'one digit long'],
    ['022538421', 'landline too short'],
    ['022538421234', 'landline too long'],
    ['0112345678', 'second digit 1'],
    ['0412345678', 'second digit 4'],
    ['0612345678', 'second digit 6'],
    ['0012345678', 'second digit 0'],
    ['0912 345 67a', 'a letter'],
    ['0912/345/678', 'an unsupported separator'],
    ['+1 415 555 0100', 'another country code'],
    ['+85 912 345 678', 'another country code starting 8'],
    ['0044 20 7946 0000', 'another country code after 00'],
    ['912345678', 'no prefix at all'],
    ['0912+345678', 'a plus sign inside the number'],
    ['+84', 'country code alone'],
  ])('rejects %j (%s)', (input) => {
    expect(normalizeVnPhone(input)).toBeNull();
  });
});

describe('tax codes (mã số thuế)', () => {
  // Published codes of well-known enterprises: Viettel, Vinamilk, FPT, Vietcombank, Vingroup.
  const realCodes = ['0100109106', '0300588569', '0101248141', '0100112437', '0101245486'];

  it.each(realCodes)('accepts the real tax code %s', (code) => {
    expect(isValidVnTaxCode(code)).toBe(true);
    expect(normalizeVnTaxCode(code)).toBe(code);
  });

  it.each(realCodes)('rejects %s with any one digit changed', (code) => {
    for (let i = 0; i < code.length; i++) {
      const digit = Number(code[i]);
      const altered = `${code.slice(0, i)}${(digit + 1) % 10}${code.slice(i + 1)}`;
      expect(isValidVnTaxCode(altered), altered).toBe(false);
    }
  });

  it('accepts a branch code and keeps its suffix', () => {
    expect(normalizeVnTaxCode('0100109106-001')).toBe('0100109106-001');
    expect(isValidVnTaxCode('0300588569-012')).toBe(true);
  });

  it('rejects branch 000 because branches are numbered from 001', () => {
    expect(isValidVnTaxCode('0100109106-000')).toBe(false);
  });

  it('rejects a branch suffix on a base code with a wrong check digit', () => {
    expect(isValidVnTaxCode('0100109107-001')).toBe(false);
  });

  it('trims surrounding whitespace and nothing else', () => {
    expect(normalizeVnTaxCode('  0100109106-001\t')).toBe('0100109106-001');
    expect(isValidVnTaxCode(' 0100109106 ')).toBe(true);
  });

  it('rejects a code whose checksum would need the never-issued check value 10', () => {
    // Digits 1–9 sum to a multiple of 11, so no tenth digit can satisfy the rule.
    expect(isValidVnTaxCode('0000000000')).toBe(false);
  });

  it.each([
    ['010010910', 'nine digits'],
    ['01001091061', 'eleven digits'],
    ['0100109106 001', 'space before the branch'],
    ['0100109106001', 'branch without separator'],
    ['0100109106-01', 'two-digit branch'],
    ['0100109106-0001', 'four-digit branch'],
    ['0100 109 106', 'spaces inside'],
    ['01001O9106', 'a letter O'],
    ['', 'empty'],
  ])('rejects %j (%s)', (input) => {
    expect(isValidVnTaxCode(input)).toBe(false);
    expect(normalizeVnTaxCode(input)).toBeNull();
  });
});

describe('normalizeName', () => {
  it('trims and collapses spaces, tabs, newlines and non-breaking spaces', () => {
    expect(normalizeName('  Nguyễn \t Văn\u00a0\u00a0An \n')).toBe('Nguyễn Văn An');
  });

  it('composes decomposed Vietnamese letters into NFC', () => {
    const decomposed = 'Nguyễn Thị Hồng'.normalize('NFD');
    expect(normalizeName(decomposed)).toBe('Nguyễn Thị Hồng'.normalize('NFC'));
    expect(normalizeName(decomposed)).not.toBe(decomposed);
  });

  it('keeps case and accents', () => {
    expect(normalizeName('Lê Thị ĐÀO')).toBe('Lê Thị ĐÀO');
  });
});

describe('normalizeEmail', () => {
  it('trims and lower-cases the whole address so case variants dedup', () => {
    expect(normalizeEmail('  Nguyen.An@Gmail.COM ')).toBe('nguyen.an@gmail.com');
  });

  it('accepts plus tags and subdomains', () => {
    expect(normalizeEmail('an+khuyencong@sct.bacninh.gov.vn')).toBe('an+khuyencong@sct.bacninh.gov.vn');
  });

  it('accepts an address of exactly 254 characters', () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(185)}.com`;
    expect(email).toHaveLength(254);
    expect(normalizeEmail(email)).toBe(email);
  });

  it.each([
    ['', 'empty'],
    ['an.gmail.com', 'no @'],
    ['an@@gmail.com', 'two @'],
    ['an@b@gmail.com', 'two @ apart'],
    ['@gmail.com', 'empty local part'],
    ['an@', 'empty domain'],
    ['an@localhost', 'domain without a dot'],
    ['an@gmail.', 'domain ending in a dot'],
    ['an@.gmail.com', 'domain starting with a dot'],
    ['an@gmail..com', 'empty domain label'],
    ['nguyen an@gmail.com', 'a space inside'],
    [`${'a'.repeat(64)}@${'b'.repeat(186)}.com`, 'longer than 254 characters'],
  ])('rejects %j (%s)', (input) => {
    expect(normalizeEmail(input)).toBeNull();
  });
});

describe('dedupKeyForFacilityName', () => {
  it('gives the same key with and without accents, case and extra spaces', () => {
    const key = dedupKeyForFacilityName('Cơ sở  Mộc Đồng Kỵ', 'Từ Sơn');
    expect(key).toBe(dedupKeyForFacilityName('co so moc dong ky', 'tu son'));
    expect(key).toBe('moc dong ky|tu son');
  });

  it('treats đ as d', () => {
    expect(dedupKeyForFacilityName('Đúc đồng Đại Bái', 'Gia Bình')).toBe('duc dong dai bai|gia binh');
  });

  it('ignores decomposed input (NFD) the same as composed', () => {
    const nfd = dedupKeyForFacilityName('Gốm Phù Lãng'.normalize('NFD'), 'Quế Võ'.normalize('NFD'));
    expect(nfd).toBe(dedupKeyForFacilityName('Gốm Phù Lãng', 'Quế Võ'));
  });

  it('ignores punctuation', () => {
    expect(dedupKeyForFacilityName('Cty. TNHH "Mây tre - Đan"', 'Yên Phong')).toBe(dedupKeyForFacilityName('may tre dan', 'yen phong'));
  });

  it.each([
    'Công ty TNHH Thép Việt',
    'Công ty trách nhiệm hữu hạn Thép Việt',
    'Công ty TNHH MTV Thép Việt',
    'Công ty TNHH một thành viên Thép Việt',
    'Công ty Cổ phần Thép Việt',
    'Công ty CP Thép Việt',
    'Cty TNHH Thép Việt',
    'CTY CP Thép Việt',
    'TNHH Thép Việt',
    'Hợp tác xã Thép Việt',
    'HTX Thép Việt',
    'Cơ sở Thép Việt',
    'Doanh nghiệp tư nhân Thép Việt',
    'DNTN Thép Việt',
    'Hộ kinh doanh Thép Việt',
    'Thép Việt',
  ])('strips the legal form from %j', (name) => {
    expect(dedupKeyForFacilityName(name, 'Từ Sơn')).toBe('thep viet|tu son');
  });

  it('strips a legal form only as a whole word at the start', () => {
    expect(dedupKeyForFacilityName('Htxanh', 'Từ Sơn')).toBe('htxanh|tu son');
    expect(dedupKeyForFacilityName('Gỗ Cơ sở Mới', 'Từ Sơn')).toBe('go co so moi|tu son');
  });

  it('keeps a name that is nothing but a legal form', () => {
    expect(dedupKeyForFacilityName('HTX', 'Từ Sơn')).toBe('htx|tu son');
  });

  it.each(['Từ Sơn', 'TX Từ Sơn', 'Thị xã Từ Sơn', 'Thành phố Từ Sơn', 'TP. Từ Sơn'])(
    'ignores the administrative unit in the district %j',
    (district) => {
      expect(dedupKeyForFacilityName('Mộc Đồng Kỵ', district)).toBe('moc dong ky|tu son');
    },
  );

  it('keeps facilities with the same name in different districts apart', () => {
    expect(dedupKeyForFacilityName('Mộc Đồng Kỵ', 'Từ Sơn')).not.toBe(dedupKeyForFacilityName('Mộc Đồng Kỵ', 'Yên Phong'));
  });
});

describe('phone numbers as people write them', () => {
  it('shows a stored mobile or landline in the national form, grouped', () => {
    expect(displayVnPhone('+84912345678')).toBe('0912 345 678');
    expect(displayVnPhone('+842253842123')).toBe('0225 3842 123');
    expect(displayVnPhone(normalizeVnPhone('84 98 765 4321')!)).toBe('0987 654 321');
    expect(displayVnPhone('+4420')).toBe('+4420');
  });
});
