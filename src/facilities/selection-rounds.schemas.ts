import { z } from 'zod';
import { isValidVnTaxCode, normalizeName, normalizeVnTaxCode } from '../registrations/vn-fields.js';
import { PRODUCT_CATEGORIES } from './selection-rounds.strings.js';

const text = (max: number, message: string) =>
  z
    .string({ message })
    .transform(normalizeName)
    .pipe(
      z
        .string()
        .min(2, { message })
        .max(max, { message: `Tối đa ${max} ký tự / At most ${max} characters` }),
    );

/** Empty text is "not given". */
const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? undefined : normalizeName(v)) || undefined)
    .pipe(
      z
        .string()
        .max(max, { message: `Tối đa ${max} ký tự / At most ${max} characters` })
        .optional(),
    );

export const roundForm = z
  .object({
    title: text(200, 'Nhập tên kỳ bình chọn (ít nhất 2 ký tự) / Enter the round title (at least 2 characters)'),
    level: z.enum(['district', 'city'], { message: 'Chọn cấp huyện hoặc cấp thành phố / Choose district or city level' }),
    district: optionalText(100),
    heldOn: z.iso.date({ message: 'Ngày dạng NNNN-TT-NN / A date as YYYY-MM-DD' }),
    programmeId: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .pipe(z.uuid({ message: 'Chương trình không hợp lệ / Not a valid programme' }).optional()),
  })
  .superRefine((r, ctx) => {
    if (r.level === 'district' && !r.district)
      ctx.addIssue({
        code: 'custom',
        path: ['district'],
        message: 'Kỳ cấp huyện cần quận/huyện tổ chức / A district round needs its district',
      });
    if (r.level === 'city' && r.district)
      ctx.addIssue({ code: 'custom', path: ['district'], message: 'Kỳ cấp thành phố không ghi quận/huyện / A city round has no district' });
  });
export type RoundInput = z.output<typeof roundForm>;

const CATEGORY_KEYS = Object.keys(PRODUCT_CATEGORIES) as [keyof typeof PRODUCT_CATEGORIES, ...(keyof typeof PRODUCT_CATEGORIES)[]];

export const entryForm = z.object({
  facilityName: text(300, 'Nhập tên cơ sở (ít nhất 2 ký tự) / Enter the facility name (at least 2 characters)'),
  taxCode: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .refine((v) => v === undefined || isValidVnTaxCode(v), { message: 'Mã số thuế không hợp lệ / Not a valid tax code' })
    .transform((v) => (v === undefined ? undefined : (normalizeVnTaxCode(v) ?? undefined))),
  district: text(100, 'Nhập quận/huyện của cơ sở / Enter the facility district'),
  productName: text(300, 'Nhập tên sản phẩm (ít nhất 2 ký tự) / Enter the product name (at least 2 characters)'),
  category: z.enum(CATEGORY_KEYS, { message: 'Chọn nhóm sản phẩm / Choose a product group' }),
});
export type EntryInput = z.output<typeof entryForm>;

export const resultForm = z
  .object({
    result: z.enum(['awarded', 'not_awarded'], { message: 'Chọn kết quả / Choose a result' }),
    awardLevel: z
      .string()
      .optional()
      .transform((v) => v || undefined)
      .pipe(z.enum(['district', 'city', 'regional', 'national'], { message: 'Cấp công nhận không hợp lệ / Not a valid level' }).optional()),
    certificateNo: optionalText(60),
  })
  .superRefine((r, ctx) => {
    if (r.result === 'awarded' && !r.awardLevel)
      ctx.addIssue({
        code: 'custom',
        path: ['awardLevel'],
        message: 'Sản phẩm được công nhận cần cấp công nhận / A recognised product needs its level',
      });
    if (r.result === 'not_awarded' && r.certificateNo)
      ctx.addIssue({
        code: 'custom',
        path: ['certificateNo'],
        message: 'Sản phẩm không được công nhận thì không có giấy chứng nhận / A product not recognised has no certificate',
      });
  })
  .transform((r) => (r.result === 'awarded' ? r : { result: r.result, awardLevel: undefined, certificateNo: undefined }));
export type ResultInput = z.output<typeof resultForm>;
