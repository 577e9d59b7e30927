/**
 * Bad input for every route, drawn from a seeded generator so a failure can be replayed:
 * malformed JSON, wrong types, huge strings, NUL, lone surrogates, invalid UTF-8, bad ids,
 * wrong and broken content types (multipart without or with a wrong boundary among them).
 */

/** mulberry32: small, fast and the same sequence on every machine for a seed. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
export type Random = ReturnType<typeof seededRandom>;

/**
 * Ids and keys that exist in the fuzzed database, so requests get past "not found": by the
 * path segment a parameter follows (`/events/:id` → `events`), and all of them together.
 */
export interface RealValues {
  byCollection: Record<string, string[]>;
  ids: string[];
  codes: string[];
}

const HUGE = 'Ữ'.repeat(20_000);

/** Values that are wrong for almost any field, of every JSON type. */
const BAD_LEAVES: readonly unknown[] = [
  '',
  ' ',
  '\u0000',
  'Nguyễn\u0000Văn An',
  '\ud800',
  'x\udc00y',
  HUGE,
  -1,
  0,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  true,
  false,
  null,
  [],
  {},
  [null, 1, 'a'],
  { $gt: '' },
  '1e309',
  "' or 1=1 --",
  '<script>alert(1)</script>',
  '=HYPERLINK("http://x")',
  '../../etc/passwd',
  '\u202eevil',
  '😀',
  '2026-02-30T08:00:00+07:00',
  '9999-99-99',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '__proto__',
];

/** Bodies shaped like the app's own, so mutations reach past the first check. */
function templates(real: RealValues, random: Random): Record<string, unknown>[] {
  const id = () => random.pick(real.ids);
  return [
    { email: 'admin@khuyencong.test', password: 'sai-mat-khau' },
    { name: 'Máy quét', role: 'scanner', eventIds: [id()] },
    {
      kind: 'training_class',
      title: 'Lớp tập huấn',
      capacity: 30,
      sessions: [{ startsAt: '2026-12-14T08:00:00+07:00', endsAt: '2026-12-14T11:30:00+07:00' }],
      venue: { name: 'Trung tâm', district: 'Hồng Bàng' },
    },
    {
      person: { fullName: 'Nguyễn Thị Hoa', phone: '0912345678', email: 'hoa@khuyencong.test', birthYear: 1988 },
      facility: { name: 'Cơ sở Hoa', district: 'Thủy Nguyên', taxCode: '0100109106' },
      answers: { q: 'x' },
      consent: { processing: true },
    },
    {
      code: random.pick(real.codes),
      eventId: id(),
      sessionId: id(),
      deviceId: 'door-1',
      nonce: 'nonce-0001',
      scannedAt: '2026-12-14T08:05:00+07:00',
    },
    {
      scans: [
        {
          code: random.pick(real.codes),
          eventId: id(),
          deviceId: 'door-1',
          nonce: 'nonce-0002',
          scannedAt: '2026-12-14T08:05:00+07:00',
          offlineResult: 'ok',
        },
      ],
    },
    { registrationId: id(), sessionId: id(), status: 'present', note: 'x' },
    { goal: 10, labelVi: 'Chỉ tiêu', position: 1, eventKinds: ['fair'], fairScopes: ['city'] },
    { status: 'confirmed', q: 'hoa', registrationId: id(), decision: 'cancel' },
  ];
}

function leafValue(random: Random, real: RealValues): unknown {
  if (random.chance(0.2)) return random.pick([...real.ids, ...real.codes]);
  return random.pick(BAD_LEAVES);
}

/** A copy of `value` with one leaf replaced, a key dropped or an unknown key added. */
function mutate(value: unknown, random: Random, real: RealValues, depth = 0): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0 || random.chance(0.2)) return leafValue(random, real);
    const i = random.int(value.length);
    return value.map((v, j) => (j === i ? mutate(v, random, real, depth + 1) : v));
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    const roll = random.next();
    if (entries.length === 0 || roll < 0.1)
      return { ...value, [random.pick(['extra', '__proto__', 'constructor', 'x\u0000'])]: leafValue(random, real) };
    const i = random.int(entries.length);
    if (roll < 0.2) return Object.fromEntries(entries.filter((_, j) => j !== i));
    return Object.fromEntries(entries.map(([k, v], j) => [k, j === i ? mutate(v, random, real, depth + 1) : v]));
  }
  return leafValue(random, real);
}

const MALFORMED_JSON = [
  '{',
  '{"email":',
  '[1,2',
  'nul',
  '{"a": 1 "b": 2}',
  '{}}',
  "{'a': 1}",
  '\u0000',
  '',
  'null',
  '0',
  '"x"',
  'true',
  '[]',
];

/** Raw bytes that are not UTF-8: a lone continuation byte, an overlong form, an encoded surrogate. */
const INVALID_UTF8 = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x22, 0x7d]);

/** Forms as our pages post them (login, registration, decisions, door devices, attendance marks). */
function formTemplates(real: RealValues, random: Random): Record<string, string>[] {
  const id = () => random.pick(real.ids);
  return [
    { email: 'admin@khuyencong.test', password: 'sai-mat-khau', next: '/admin/mail' },
    {
      'person.fullName': 'Nguyễn Thị Hoa',
      'person.phone': '0912345678',
      'person.email': 'hoa@khuyencong.test',
      'person.birthYear': '1988',
      'facility.name': 'Cơ sở Hoa',
      'booth.count': '1',
      'consent.processing': 'yes',
    },
    { status: 'confirmed', q: 'hoa' },
    { name: 'Máy quét', 'eventIds[]': id() },
    { registrationId: id(), sessionId: id(), status: 'present', q: '' },
  ];
}

/** Already percent-encoded: %00, invalid UTF-8, an encoded lone surrogate, a truncated escape, a huge value. */
const FORM_VALUES = [
  '%00',
  'a%00b%40khuyencong.test',
  '%FF%FE',
  '%C3%28',
  '%ED%A0%80',
  '%E0%A4%A',
  '%',
  '',
  encodeURIComponent(HUGE),
  '1e309',
  '-1',
  'x&x=y',
];
const FORM_KEYS = ['__proto__', 'constructor', 'extra', 'email[]', '%00', 'a%FFb'];

/** A form of ours with one value made bad, one field dropped or an unknown one added. */
function badForm(random: Random, real: RealValues): [string, string][] {
  const fields = Object.entries(random.pick(formTemplates(real, random))).map(([k, v]): [string, string] => [
    encodeURIComponent(k),
    encodeURIComponent(v),
  ]);
  const roll = random.next();
  const i = random.int(fields.length);
  if (roll < 0.15) fields.push([random.pick(FORM_KEYS), random.pick(FORM_VALUES)]);
  else if (roll < 0.3) fields.splice(i, 1);
  else if (roll < 0.4) fields.push([fields[i]![0], random.pick(FORM_VALUES)]);
  else fields[i] = [fields[i]![0], random.pick(FORM_VALUES)];
  return fields;
}

const urlEncoded = (fields: [string, string][]) => fields.map(([k, v]) => `${k}=${v}`).join('&');

/** The same form as multipart (values decoded, so NUL and the rest arrive raw), with a file part. */
function multipartBody(boundary: string, fields: [string, string][], truncate: boolean): string {
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const part = (name: string, value: string, file = false) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? '; filename="a.csv"\r\nContent-Type: text/csv' : ''}\r\n\r\n${value}\r\n`;
  const body = `${fields.map(([k, v]) => part(decode(k), decode(v))).join('') + part('file', 'a;b\r\n=1+2;x', true)}--${boundary}--\r\n`;
  return truncate ? body.slice(0, Math.floor(body.length / 2)) : body;
}

export interface FuzzBody {
  contentType?: string;
  body: string | Uint8Array<ArrayBuffer>;
}

/**
 * One bad body of the given family (content type matching it or not); cycling the family
 * gives every route every kind of body however the draws fall.
 */
export const BODY_FAMILIES = [
  'malformed-json',
  'deep-json',
  'mutated-json',
  'invalid-utf8',
  'mutated-form',
  'multipart-boundary-mismatch',
  'multipart',
  'multipart-truncated',
  'wrong-content-type',
  'mutated-json',
] as const;

export function badBody(family: (typeof BODY_FAMILIES)[number], random: Random, real: RealValues): FuzzBody {
  const json = 'application/json';
  switch (family) {
    case 'malformed-json':
      return { contentType: json, body: random.pick(MALFORMED_JSON) };
    case 'deep-json':
      return { contentType: json, body: '['.repeat(5000) + ']'.repeat(5000) };
    case 'mutated-json':
      return {
        contentType: random.chance(0.85)
          ? json
          : random.pick(['text/plain', 'application/json; charset=latin1', 'application/vnd.api+json']),
        body: JSON.stringify(mutate(random.pick(templates(real, random)), random, real)),
      };
    case 'invalid-utf8':
      return { contentType: random.pick([json, 'text/plain', 'application/x-www-form-urlencoded']), body: INVALID_UTF8 };
    case 'mutated-form':
      return {
        contentType: random.pick(['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=utf-8', json]),
        body: urlEncoded(badForm(random, real)),
      };
    case 'multipart-boundary-mismatch': {
      const contentType = random.pick([
        'multipart/form-data',
        'multipart/form-data; boundary=wrong',
        'multipart/form-data; boundary=',
        'multipart/form-data; boundary="unclosed',
      ]);
      return { contentType, body: multipartBody('----real', badForm(random, real), false) };
    }
    case 'multipart':
    case 'multipart-truncated':
      return {
        contentType: 'multipart/form-data; boundary=----real',
        body: multipartBody('----real', badForm(random, real), family === 'multipart-truncated'),
      };
    case 'wrong-content-type':
      return {
        contentType: random.pick(['', 'application/xml', ';;;', 'text/csv', 'image/png', 'application/x-www-form-urlencoded; boundary=x']),
        body: random.pick(['<a/>', 'a,b\n=1,2', '\u0000\u0001', urlEncoded(badForm(random, real))]),
      };
  }
}

/** Path segments that are wrong for a parameter of any kind, raw percent escapes included. */
const BAD_SEGMENTS = [
  'x',
  '0',
  '-1',
  '1e309',
  '99999999999999999999',
  '%00',
  'a%00b',
  '%FF',
  '%C3%28',
  '%ED%A0%80',
  '%',
  '%E0%A4%A',
  '..%2F..%2Fetc',
  encodeURIComponent("' or 1=1 --"),
  'a'.repeat(3000),
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '%F0%9F%98%80',
];

/** The route's pattern with each parameter filled by a real value of its kind (mostly) or a bad one. */
export function fillPath(pattern: string, random: Random, real: RealValues): string {
  const segments = pattern.split('/');
  return segments
    .map((segment, i) => {
      const param = /^:[A-Za-z]+(\{([^}]*)\})?$/.exec(segment);
      if (segment === '*') return random.pick(BAD_SEGMENTS);
      if (!param) return segment;
      const options = param[2]?.split('|');
      if (options?.every((o) => /^[a-z]+$/.test(o)) && random.chance(0.7)) return random.pick(options);
      if (random.chance(0.3)) return random.pick(BAD_SEGMENTS);
      const pool = real.byCollection[segments[i - 1] ?? ''] ?? [...real.ids, ...real.codes];
      return encodeURIComponent(random.pick(pool));
    })
    .join('/');
}

const QUERY_KEYS = [
  'q',
  'status',
  'format',
  'kind',
  'from',
  'to',
  'month',
  'year',
  'lang',
  'next',
  'district',
  'gender',
  'session',
  'who',
  'marked',
  'done',
  'revoked',
  'reviewedScan',
  'page',
  'x',
];

/** A query string of zero to four bad pairs (keys repeated sometimes). */
export function badQuery(random: Random): string {
  const n = random.int(5);
  if (n === 0) return '';
  const pairs: string[] = [];
  for (let i = 0; i < n; i++)
    pairs.push(
      `${random.pick(QUERY_KEYS)}=${random.pick([...FORM_VALUES, ...BAD_SEGMENTS.slice(0, 12), 'csv', 'xlsx', 'en', '2026-13', '//evil.example', 'confirmed'])}`,
    );
  return `?${pairs.join('&')}`;
}

/** Headers a client may get wrong: a bad session cookie, an odd Accept, a long Idempotency-Key. */
export function badHeaders(random: Random): Record<string, string> {
  const headers: Record<string, string> = {};
  if (random.chance(0.3)) headers.accept = random.pick(['text/html', 'application/json', '*/*', 'image/png', 'text/html;q=0']);
  if (random.chance(0.15)) headers['idempotency-key'] = random.pick(['', 'k'.repeat(5000), 'é', 'a b']);
  if (random.chance(0.1)) headers['accept-language'] = 'x'.repeat(2000);
  return headers;
}
