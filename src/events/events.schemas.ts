import { z } from 'zod';

export const EVENT_KINDS = ['fair', 'training_class', 'cp_workshop', 'conference', 'study_tour'] as const;
export const FAIR_SCOPES = ['district', 'city', 'regional', 'national'] as const;

const instant = z.iso.datetime({ offset: true, error: 'Cần thời điểm ISO 8601 có múi giờ / ISO 8601 time with offset required' });
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => s.normalize('NFC'));

const sessionInput = z
  .strictObject({
    id: z.uuid().optional(),
    title: text(200).optional(),
    titleEn: text(200).optional(),
    startsAt: instant,
    endsAt: instant,
  })
  .refine((s) => new Date(s.endsAt) > new Date(s.startsAt), {
    path: ['endsAt'],
    message: 'Giờ kết thúc phải sau giờ bắt đầu / endsAt must be after startsAt',
  });

const venueInput = z.strictObject({
  name: text(200).pipe(z.string().min(2)),
  address: text(300).optional(),
  district: text(100).optional(),
});

const questionShape = {
  label: text(300).pipe(z.string().min(2)),
  labelEn: text(300).optional(),
  type: z.enum(['text', 'choice', 'yes_no', 'number']),
  required: z.boolean().optional(),
  options: z
    .array(text(100).pipe(z.string().min(1)))
    .min(2, 'Cần ít nhất hai phương án / At least two options')
    .max(30)
    .optional(),
};

function checkOptions(q: { type: string; options?: string[] | undefined }, ctx: z.RefinementCtx) {
  if (q.type === 'choice' && !q.options) {
    ctx.addIssue({ code: 'custom', path: ['options'], message: 'Câu hỏi lựa chọn cần các phương án / A choice question needs options' });
  }
  if (q.type !== 'choice' && q.options) {
    ctx.addIssue({
      code: 'custom',
      path: ['options'],
      message: 'Chỉ câu hỏi lựa chọn có phương án / Only choice questions have options',
    });
  }
  if (q.options && new Set(q.options).size !== q.options.length) {
    ctx.addIssue({ code: 'custom', path: ['options'], message: 'Các phương án phải khác nhau / Options must differ' });
  }
}

const questionInput = z.strictObject(questionShape).superRefine(checkOptions);

/**
 * A question in an edit: one with an id is that stored question, changed; one without is new.
 * `retired: true` takes it off the form and keeps its answers (see `planQuestionEdits`).
 */
const questionEdit = z
  .strictObject({ id: z.uuid().optional(), ...questionShape, retired: z.boolean().optional() })
  .superRefine(checkOptions);

export type QuestionInput = z.output<typeof questionInput>;
export type QuestionEditInput = z.output<typeof questionEdit>;

/** Topic slugs are data (targets filter on them), so any well-formed slug is accepted. */
const topic = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'Chủ đề dạng chữ thường, gạch dưới / lower-case slug');

const eventFields = {
  title: text(200).pipe(z.string().min(3)),
  titleEn: text(200).optional(),
  description: text(10000).optional(),
  descriptionEn: text(10000).optional(),
  capacity: z.number().int().min(0).max(100000),
  venue: venueInput.optional(),
  topic: topic.optional(),
  scope: z.enum(FAIR_SCOPES).optional(),
  requiresApproval: z.boolean().optional(),
  completionShare: z.number().gt(0).max(1).optional(),
  registrationOpensAt: instant.optional(),
  registrationClosesAt: instant.optional(),
  programmeId: z.uuid().optional(),
  emailRequired: z.boolean().optional(),
  /** A walk-in at the door takes a seat beyond the capacity (true), or waits when the event is full (false). */
  walkInsBeyondCapacity: z.boolean().optional(),
  /** Certificates of completion go out by themselves once the last session has ended (training kinds only). */
  certificatesAutomatic: z.boolean().optional(),
};

function checkWindow(
  e: { registrationOpensAt?: string | null | undefined; registrationClosesAt?: string | null | undefined },
  ctx: z.RefinementCtx,
) {
  if (e.registrationOpensAt && e.registrationClosesAt && new Date(e.registrationClosesAt) <= new Date(e.registrationOpensAt)) {
    ctx.addIssue({
      code: 'custom',
      path: ['registrationClosesAt'],
      message: 'Hạn đóng đăng ký phải sau giờ mở / registrationClosesAt must be after registrationOpensAt',
    });
  }
}

export const createEventSchema = z
  .strictObject({
    kind: z.enum(EVENT_KINDS),
    ...eventFields,
    sessions: z.array(sessionInput).min(1).max(100),
    questions: z.array(questionInput).max(50).optional(),
  })
  .superRefine((e, ctx) => {
    checkWindow(e, ctx);
    if (e.kind === 'fair' && !e.scope) {
      ctx.addIssue({ code: 'custom', path: ['scope'], message: 'Hội chợ cần phạm vi / A fair needs a scope' });
    }
    if (e.kind !== 'fair' && e.scope) {
      ctx.addIssue({ code: 'custom', path: ['scope'], message: 'Chỉ hội chợ có phạm vi / Only fairs have a scope' });
    }
    if (e.kind === 'training_class' && !e.topic) {
      ctx.addIssue({ code: 'custom', path: ['topic'], message: 'Lớp đào tạo cần chủ đề / A training class needs a topic' });
    }
  });

export type CreateEventInput = z.output<typeof createEventSchema>;

export const updateEventSchema = z
  .strictObject({
    ...eventFields,
    capacity: eventFields.capacity.optional(),
    title: eventFields.title.optional(),
    venue: venueInput.nullable().optional(),
    topic: topic.nullable().optional(),
    programmeId: z.uuid().nullable().optional(),
    registrationOpensAt: instant.nullable().optional(),
    registrationClosesAt: instant.nullable().optional(),
    sessions: z.array(sessionInput).min(1).max(100).optional(),
    /** The whole list as it should be: a stored question left out is deleted, or retired if answered. */
    questions: z.array(questionEdit).max(50).optional(),
  })
  .superRefine(checkWindow)
  .refine((u) => Object.keys(u).length > 0, { message: 'Không có gì để cập nhật / Nothing to update' });

export type UpdateEventInput = z.output<typeof updateEventSchema>;

const day = z.iso.date();
export const listEventsQuery = z.strictObject({
  kind: z.enum(EVENT_KINDS).optional(),
  from: z.union([day, instant]).optional(),
  to: z.union([day, instant]).optional(),
  lang: z.enum(['vi', 'en']).optional(),
});

export type ListEventsQuery = z.output<typeof listEventsQuery>;
