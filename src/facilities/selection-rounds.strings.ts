import { lookup } from '../shared/strings.js';

export const SELECTION_LEVELS = {
  district: { vi: 'Cấp huyện', en: 'District level' },
  city: { vi: 'Cấp thành phố', en: 'City level' },
} as const;

export const AWARD_LEVELS = {
  district: { vi: 'Tiêu biểu cấp huyện', en: 'District-level typical product' },
  city: { vi: 'Tiêu biểu cấp thành phố', en: 'City-level typical product' },
  regional: { vi: 'Tiêu biểu cấp khu vực', en: 'Regional typical product' },
  national: { vi: 'Tiêu biểu cấp quốc gia', en: 'National typical product' },
} as const;

export const RESULT_LABELS = {
  awarded: { vi: 'Được công nhận', en: 'Recognised' },
  not_awarded: { vi: 'Không được công nhận', en: 'Not recognised' },
} as const;

/** Product groups of the rural industrial product selection. */
export const PRODUCT_CATEGORIES = {
  processing: { vi: 'Chế biến nông, lâm, thủy sản', en: 'Farm, forest and fishery processing' },
  handicraft: { vi: 'Thủ công mỹ nghệ', en: 'Handicrafts' },
  machinery: { vi: 'Dụng cụ, máy móc, thiết bị, linh kiện', en: 'Tools, machinery, equipment and parts' },
  other: { vi: 'Sản phẩm khác', en: 'Other products' },
} as const;

const ROUND_STRINGS = {
  heading: { vi: 'Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu', en: 'Rural industrial product selection rounds' },
  intro: {
    vi: 'Các kỳ bình chọn cấp huyện và cấp thành phố: cơ sở gửi sản phẩm, cán bộ ghi kết quả và số giấy chứng nhận. Một kỳ được tính vào chỉ tiêu khi đã ghi kết quả.',
    en: 'District and city rounds: facilities enter products, the organiser records each result and certificate number. A round counts towards its target once results are recorded.',
  },
  backToRegistry: { vi: 'Danh bạ cơ sở', en: 'Facility registry' },
  backToRounds: { vi: 'Các kỳ bình chọn', en: 'Selection rounds' },
  none: { vi: 'Chưa có kỳ bình chọn nào.', en: 'No round yet.' },
  title: { vi: 'Tên kỳ bình chọn', en: 'Round title' },
  level: { vi: 'Cấp', en: 'Level' },
  district: { vi: 'Quận/huyện tổ chức', en: 'District holding it' },
  districtHint: {
    vi: 'Bắt buộc với kỳ cấp huyện; để trống với kỳ cấp thành phố.',
    en: 'Needed for a district round; empty for a city round.',
  },
  heldOn: { vi: 'Ngày bình chọn', en: 'Date' },
  heldOnHint: { vi: 'Dạng NNNN-TT-NN, ví dụ 2024-09-20', en: 'As YYYY-MM-DD, e.g. 2024-09-20' },
  programme: { vi: 'Chương trình', en: 'Programme' },
  entries: { vi: 'Sản phẩm', en: 'Products' },
  recorded: { vi: 'Đã ghi kết quả', en: 'Results recorded' },
  awarded: { vi: 'Được công nhận', en: 'Recognised' },
  counted: { vi: 'Tính vào chỉ tiêu', en: 'Counts' },
  yes: { vi: 'Có', en: 'Yes' },
  no: { vi: 'Chưa', en: 'Not yet' },
  newRound: { vi: 'Thêm kỳ bình chọn', en: 'Add a round' },
  create: { vi: 'Thêm kỳ', en: 'Add round' },
  formErrors: { vi: 'Chưa lưu được, vui lòng sửa:', en: 'Not saved yet, please correct:' },
  entriesHeading: { vi: 'Sản phẩm dự bình chọn và kết quả', en: 'Products entered and results' },
  facility: { vi: 'Cơ sở', en: 'Facility' },
  product: { vi: 'Tên sản phẩm', en: 'Product' },
  category: { vi: 'Nhóm sản phẩm', en: 'Product group' },
  result: { vi: 'Kết quả', en: 'Result' },
  awardLevel: { vi: 'Cấp công nhận', en: 'Level recognised' },
  certificateNo: { vi: 'Số giấy chứng nhận', en: 'Certificate number' },
  certificateHint: { vi: 'Chỉ với sản phẩm được công nhận', en: 'Only for a recognised product' },
  notRecorded: { vi: 'Chưa có kết quả', en: 'No result yet' },
  record: { vi: 'Ghi kết quả', en: 'Record result' },
  newEntry: { vi: 'Thêm sản phẩm dự bình chọn', en: 'Enter a product' },
  facilityName: { vi: 'Tên cơ sở', en: 'Facility name' },
  facilityNameHint: {
    vi: 'Cơ sở đã có trong danh bạ được nhận ra theo mã số thuế, hoặc theo tên và quận/huyện.',
    en: 'A facility already in the registry is found by its tax code, or by its name and district.',
  },
  taxCode: { vi: 'Mã số thuế (nếu có)', en: 'Tax code (if any)' },
  facilityDistrict: { vi: 'Quận/huyện của cơ sở', en: "Facility's district" },
  addEntry: { vi: 'Thêm sản phẩm', en: 'Add product' },
  choose: { vi: '— Chọn —', en: '— Choose —' },
  noEntries: { vi: 'Chưa có sản phẩm nào.', en: 'No product entered yet.' },
  saved: { vi: 'Đã lưu.', en: 'Saved.' },
  readOnly: { vi: 'Bạn chỉ được xem.', en: 'You may read only.' },
} as const;

export type RoundStringKey = keyof typeof ROUND_STRINGS;
export const rs = lookup(ROUND_STRINGS);
