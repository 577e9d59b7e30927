/**
 * Programmes loaded at every start (idempotently). A province's programme is data: add an
 * entry here, or load it at run time from JSON; nothing in the code names a province.
 */
export interface ProgrammeSeed {
  code: string;
  nameVi: string;
  nameEn: string;
  province: string;
  legalBasis: string;
  startsOn: string;
  endsOn: string;
  targets: TargetSeed[];
}

export interface TargetSeed {
  code: string;
  labelVi: string;
  labelEn: string;
  goal: number;
  metric: 'learners_completed' | 'events_held' | 'facilities_participated' | 'selection_rounds_held';
  unit: string;
  eventKinds: string[];
  topics?: string[];
  fairScopes?: string[];
  minAttendees?: number;
}

/** Decision 191/QĐ-UBND (18/01/2021), Điều 1, I.2: the targets the platform can count. */
export const haiPhong2021To2025: ProgrammeSeed = {
  code: 'hai-phong-2021-2025',
  nameVi: 'Chương trình khuyến công thành phố Hải Phòng giai đoạn 2021–2025',
  nameEn: 'Hai Phong City Industrial Extension Programme 2021–2025',
  province: 'Hải Phòng',
  legalBasis: 'Quyết định 191/QĐ-UBND ngày 18/01/2021 của UBND thành phố Hải Phòng',
  startsOn: '2021-01-01',
  endsOn: '2025-12-31',
  targets: [
    {
      code: 'learners-startup-management-cp',
      labelVi: 'Đào tạo khởi sự kinh doanh, quản trị doanh nghiệp, nhận thức và năng lực áp dụng sản xuất sạch hơn',
      labelEn: 'Learners trained in start-up, business management and cleaner-production awareness',
      goal: 720,
      metric: 'learners_completed',
      unit: 'học viên',
      eventKinds: ['training_class'],
      topics: ['startup', 'business_management', 'cleaner_production'],
    },
    {
      code: 'technology-conferences',
      labelVi: 'Hội nghị, hội thảo, diễn đàn giới thiệu công nghệ, máy móc thiết bị hiện đại',
      labelEn: 'Conferences and forums introducing modern technology and machinery',
      goal: 10,
      metric: 'events_held',
      unit: 'hội nghị',
      eventKinds: ['conference'],
      // A review conference (topic `review`, e.g. the programme's closing review) is not one.
      topics: ['technology'],
      minAttendees: 20,
    },
    {
      code: 'managers-technicians-artisans',
      labelVi: 'Đào tạo, bồi dưỡng cán bộ quản lý, kỹ thuật, thợ giỏi, nghệ nhân tiểu thủ công nghiệp',
      labelEn: 'Managers, technicians, master craftsmen and artisans trained',
      goal: 300,
      metric: 'learners_completed',
      unit: 'người',
      eventKinds: ['training_class'],
      topics: ['advanced_skills'],
    },
    {
      code: 'cp-lecturers',
      labelVi: 'Đào tạo giảng viên, báo cáo viên, cán bộ chuyên sâu về sản xuất sạch hơn',
      labelEn: 'Cleaner-production lecturers and specialists trained',
      goal: 200,
      metric: 'learners_completed',
      unit: 'người',
      eventKinds: ['training_class'],
      topics: ['cp_trainers'],
    },
    {
      code: 'cp-workshops',
      labelVi: 'Hội thảo, diễn đàn chuyên đề về áp dụng sản xuất sạch hơn',
      labelEn: 'Workshops and forums on applying cleaner production',
      goal: 5,
      metric: 'events_held',
      unit: 'hội thảo',
      eventKinds: ['cp_workshop'],
      minAttendees: 20,
    },
    {
      code: 'policy-classes',
      labelVi: 'Lớp tập huấn, phổ biến chính sách ưu đãi đầu tư, đất đai, khoa học công nghệ, tài chính - tín dụng',
      labelEn: 'Classes on investment, land, technology and credit incentive policies',
      goal: 10,
      metric: 'events_held',
      unit: 'lớp',
      eventKinds: ['training_class'],
      topics: ['policy'],
      minAttendees: 10,
    },
    {
      code: 'extension-staff-classes',
      labelVi: 'Lớp tập huấn chuyên môn, bồi dưỡng nghiệp vụ cho cán bộ làm công tác khuyến công',
      labelEn: 'Professional training classes for industrial-extension staff',
      goal: 10,
      metric: 'events_held',
      unit: 'lớp',
      eventKinds: ['training_class'],
      topics: ['extension_staff'],
      minAttendees: 10,
    },
    {
      code: 'study-tours',
      labelVi: 'Đoàn tham quan, học tập kinh nghiệm tại các tỉnh, thành phố phía Bắc, phía Nam',
      labelEn: 'Study tours to northern and southern provinces',
      goal: 5,
      metric: 'events_held',
      unit: 'đoàn',
      eventKinds: ['study_tour'],
      minAttendees: 5,
    },
    {
      code: 'regional-fairs',
      labelVi: 'Hội chợ triển lãm cấp vùng',
      labelEn: 'Regional trade fairs organised',
      goal: 1,
      metric: 'events_held',
      unit: 'hội chợ',
      eventKinds: ['fair'],
      topics: ['fair_hosted'],
      fairScopes: ['regional'],
    },
    {
      code: 'district-fairs',
      labelVi: 'Hội chợ triển lãm cấp huyện',
      labelEn: 'District trade fairs organised',
      goal: 3,
      metric: 'events_held',
      unit: 'hội chợ',
      eventKinds: ['fair'],
      topics: ['fair_hosted'],
      fairScopes: ['district'],
    },
    {
      code: 'northern-fair-city-booths',
      labelVi: 'Gian hàng của thành phố tại Hội chợ triển lãm hàng công nghiệp nông thôn tiêu biểu khu vực phía Bắc',
      labelEn: "The city's booths at the Northern region's rural industry fairs",
      goal: 4,
      metric: 'events_held',
      unit: 'kỳ hội chợ',
      eventKinds: ['fair'],
      topics: ['fair_city_booth'],
      fairScopes: ['regional'],
    },
    {
      code: 'district-product-selection-rounds',
      labelVi: 'Kỳ bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp huyện',
      labelEn: 'District rounds selecting typical rural industrial products',
      goal: 3,
      metric: 'selection_rounds_held',
      unit: 'kỳ bình chọn',
      eventKinds: [],
      fairScopes: ['district'],
    },
    {
      code: 'city-product-selection-rounds',
      labelVi: 'Kỳ bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp thành phố',
      labelEn: 'City rounds selecting typical rural industrial products',
      goal: 3,
      metric: 'selection_rounds_held',
      unit: 'kỳ bình chọn',
      eventKinds: [],
      fairScopes: ['city'],
    },
  ],
};

export const seedProgrammes: ProgrammeSeed[] = [haiPhong2021To2025];
