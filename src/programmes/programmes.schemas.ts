import { z } from 'zod';
import type { ProgrammeSeed, TargetSeed } from '../../db/seed/programmes.js';
import { EVENT_KINDS, FAIR_SCOPES } from '../events/events.schemas.js';
import { fieldIssues } from '../http/validate.js';
import { parseCsv } from '../shared/csv.js';
import type { FieldIssue } from '../shared/errors.js';

export const METRICS = ['learners_completed', 'events_held', 'facilities_participated', 'selection_rounds_held'] as const;

const code = z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'Mã gồm chữ thường, số và gạch ngang / lower-case letters, digits and hyphens');
const topic = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'Chủ đề dạng chữ thường, gạch dưới / lower-case slug');
const text = (max: number) => z.string().trim().min(1).max(max);
const isoDay = z.iso.date({ error: 'Ngày dạng YYYY-MM-DD / a date as YYYY-MM-DD' });

const targetFields = {
  labelVi: text(300),
  labelEn: text(300),
  goal: z.number().int().min(1).max(10_000_000),
  metric: z.enum(METRICS),
  unit: text(50),
  // Empty only for selection_rounds_held (rounds are not events): checked in scopesNeedFairs.
  eventKinds: z.array(z.enum(EVENT_KINDS)).max(EVENT_KINDS.length),
  topics: z.array(topic).max(30).optional(),
  fairScopes: z.array(z.enum(FAIR_SCOPES)).max(FAIR_SCOPES.length).optional(),
  minAttendees: z.number().int().min(1).max(100_000).optional(),
};

/** Fair scopes narrow fairs only: a filter with scopes but no fairs would never match anything. */
function scopesNeedFairs(
  t: { metric?: string | undefined; eventKinds?: string[] | undefined; fairScopes?: string[] | undefined },
  ctx: z.RefinementCtx,
) {
  // A product selection round target names no event kind; its scopes are the rounds' levels.
  if (t.metric === 'selection_rounds_held') {
    if (t.eventKinds?.length)
      ctx.addIssue({
        code: 'custom',
        path: ['eventKinds'],
        message: 'Chỉ tiêu bình chọn không lọc theo loại sự kiện / a selection-round target names no event kind',
      });
    if (t.fairScopes?.some((s) => s !== 'district' && s !== 'city'))
      ctx.addIssue({ code: 'custom', path: ['fairScopes'], message: 'Cấp bình chọn: district hoặc city / round levels: district or city' });
    return;
  }
  if (t.eventKinds?.length === 0)
    ctx.addIssue({
      code: 'too_small',
      minimum: 1,
      origin: 'array',
      inclusive: true,
      path: ['eventKinds'],
      message: 'Cần ít nhất một loại sự kiện / at least one event kind',
    });
  if (t.fairScopes?.length && t.eventKinds && !t.eventKinds.includes('fair')) {
    ctx.addIssue({
      code: 'custom',
      path: ['fairScopes'],
      message: 'Cấp hội chợ chỉ dùng khi loại sự kiện có "fair" / fair scopes need the "fair" kind',
    });
  }
}

export const targetSchema = z.strictObject({ code, ...targetFields }).superRefine(scopesNeedFairs);

/** The shape of db/seed/programmes.ts's ProgrammeSeed, checked field by field. */
export const programmeSchema = z
  .strictObject({
    code,
    nameVi: text(300),
    nameEn: text(300),
    province: text(100),
    legalBasis: text(500),
    startsOn: isoDay,
    endsOn: isoDay,
    targets: z.array(targetSchema).min(1).max(100),
  })
  .superRefine((p, ctx) => {
    if (p.endsOn < p.startsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'Ngày kết thúc trước ngày bắt đầu / ends before it starts' });
    const seen = new Set<string>();
    p.targets.forEach((t, i) => {
      if (seen.has(t.code))
        ctx.addIssue({ code: 'custom', path: ['targets', i, 'code'], message: 'Mã chỉ tiêu bị trùng / duplicate target code' });
      seen.add(t.code);
    });
  });

// The schema's output must be loadable by loadProgrammes as it is.
const _fits: (p: z.infer<typeof programmeSchema>) => ProgrammeSeed = (p) => p;
void _fits;

/** PATCH: any of the target's fields but its code; at least one. */
export const targetPatchSchema = z
  .strictObject({ ...targetFields, position: z.number().int().min(0).max(1000) })
  .partial()
  .superRefine((t, ctx) => {
    if (Object.keys(t).length === 0) ctx.addIssue({ code: 'custom', path: [], message: 'Cần ít nhất một trường / at least one field' });
    scopesNeedFairs(t, ctx);
  });
export type TargetPatch = z.infer<typeof targetPatchSchema>;

export const CSV_COLUMNS = [
  'code',
  'label_vi',
  'label_en',
  'goal',
  'metric',
  'unit',
  'event_kinds',
  'topics',
  'fair_scopes',
  'min_attendees',
] as const;
export const CSV_MAX_ROWS = 200;

const list = (cell: string | undefined) =>
  (cell ?? '')
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);
const whole = (cell: string | undefined) =>
  cell?.trim() && /^-?\d+$/.test(cell.trim()) ? Number(cell.trim()) : cell?.trim() === '' ? undefined : cell;

/**
 * Targets from CSV text with a header row naming CSV_COLUMNS (any order; topics, fair_scopes
 * and min_attendees may be left out); lists are separated by "|". Every problem is named by
 * row (the line in the file, header = 1) and column, as a field `rows.<line>.<column>`.
 */
export function targetsFromCsv(textBody: string): { targets: TargetSeed[] } | { issues: FieldIssue[] } {
  const rows = parseCsv(textBody);
  if (!rows) return { issues: [{ field: '(body)', code: 'invalid_format', message: 'Dấu ngoặc kép chưa đóng / an unclosed quote' }] };
  const [header, ...body] = rows;
  if (!header) return { issues: [{ field: '(body)', code: 'too_small', message: 'Tệp trống / the file is empty' }] };
  const names = header.map((h) => h.trim().toLowerCase());
  const issues: FieldIssue[] = [];
  names.forEach((n) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(n))
      issues.push({ field: `header.${n}`, code: 'unrecognized_key', message: 'Cột không được hỗ trợ / unknown column' });
  });
  for (const required of CSV_COLUMNS.slice(0, 7)) {
    if (!names.includes(required))
      issues.push({ field: `header.${required}`, code: 'invalid_type', message: 'Thiếu cột / missing column' });
  }
  if (body.length === 0) issues.push({ field: '(body)', code: 'too_small', message: 'Không có dòng chỉ tiêu nào / no target rows' });
  if (body.length > CSV_MAX_ROWS)
    issues.push({ field: '(body)', code: 'too_big', message: `Tối đa ${CSV_MAX_ROWS} dòng / at most ${CSV_MAX_ROWS} rows` });
  if (issues.length) return { issues };

  const targets: TargetSeed[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, i) => {
    const line = i + 2;
    const at = (name: string) => cells[names.indexOf(name)];
    const candidate = {
      code: at('code')?.trim(),
      labelVi: at('label_vi'),
      labelEn: at('label_en'),
      goal: whole(at('goal')),
      metric: at('metric')?.trim(),
      unit: at('unit'),
      eventKinds: list(at('event_kinds')),
      topics: list(at('topics')),
      fairScopes: list(at('fair_scopes')),
      minAttendees: whole(at('min_attendees')),
    };
    const parsed = targetSchema.safeParse(candidate);
    if (!parsed.success) {
      const toColumn: Record<string, string> = {
        labelVi: 'label_vi',
        labelEn: 'label_en',
        eventKinds: 'event_kinds',
        fairScopes: 'fair_scopes',
        minAttendees: 'min_attendees',
      };
      for (const issue of fieldIssues(parsed.error.issues)) {
        const [key = '', ...rest] = issue.field.split('.');
        issues.push({ ...issue, field: ['rows', line, toColumn[key] ?? key, ...rest].join('.') });
      }
      return;
    }
    const earlier = seen.get(parsed.data.code);
    if (earlier)
      issues.push({ field: `rows.${line}.code`, code: 'custom', message: `Mã trùng với dòng ${earlier} / same code as line ${earlier}` });
    seen.set(parsed.data.code, line);
    targets.push(parsed.data);
  });
  return issues.length ? { issues } : { targets };
}
