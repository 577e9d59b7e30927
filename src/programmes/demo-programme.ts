import type { ProgrammeSeed } from '../../db/seed/programmes.js';

/** The demo's own programme (loaded with --demo), marked as demo data wherever it is listed. */
export const DEMO_PROGRAMME_CODE = 'chuong-trinh-mau';

/** What marks every demo item a person reads. */
export const DEMO_MARK = { vi: 'Dữ liệu mẫu', en: 'Demo data' } as const;

/**
 * A programme whose period covers `year` (two years back, one ahead), so its dashboard has
 * history and moves with today's check-ins. Its targets count the demo's own events.
 */
export function demoProgrammeSeed(year: number): ProgrammeSeed {
  return {
    code: DEMO_PROGRAMME_CODE,
    nameVi: `[${DEMO_MARK.vi}] Chương trình mẫu ${year - 2}–${year + 1}`,
    nameEn: `[${DEMO_MARK.en}] Demo programme ${year - 2}–${year + 1}`,
    province: 'Hải Phòng',
    legalBasis: `${DEMO_MARK.vi}: không phải văn bản thật / ${DEMO_MARK.en}: not a real decision`,
    startsOn: `${year - 2}-01-01`,
    endsOn: `${year + 1}-12-31`,
    targets: [
      {
        code: 'demo-learners',
        labelVi: 'Học viên hoàn thành lớp khởi sự kinh doanh, hội thảo sản xuất sạch hơn',
        labelEn: 'Learners completing start-up classes and cleaner-production workshops',
        goal: 250,
        metric: 'learners_completed',
        unit: 'học viên',
        eventKinds: ['training_class', 'cp_workshop'],
        topics: ['startup', 'cleaner_production'],
      },
      {
        code: 'demo-technology-conferences',
        labelVi: 'Hội nghị giới thiệu công nghệ, thiết bị hiện đại',
        labelEn: 'Conferences introducing modern technology',
        goal: 6,
        metric: 'events_held',
        unit: 'hội nghị',
        eventKinds: ['conference'],
        topics: ['technology'],
        minAttendees: 10,
      },
      {
        code: 'demo-cp-workshops',
        labelVi: 'Hội thảo chuyên đề sản xuất sạch hơn',
        labelEn: 'Cleaner-production workshops',
        goal: 6,
        metric: 'events_held',
        unit: 'hội thảo',
        eventKinds: ['cp_workshop'],
        minAttendees: 10,
      },
      {
        code: 'demo-fair-facilities',
        labelVi: 'Cơ sở công nghiệp nông thôn tham gia hội chợ',
        labelEn: 'Rural industry facilities taking part in fairs',
        goal: 30,
        metric: 'facilities_participated',
        unit: 'cơ sở',
        eventKinds: ['fair'],
      },
      {
        code: 'demo-district-fairs',
        labelVi: 'Hội chợ triển lãm cấp huyện',
        labelEn: 'District trade fairs',
        goal: 4,
        metric: 'events_held',
        unit: 'hội chợ',
        eventKinds: ['fair'],
        topics: ['fair_hosted'],
        fairScopes: ['district'],
        minAttendees: 5,
      },
    ],
  };
}
