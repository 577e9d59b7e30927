import { type Bilingual, lookup } from '../shared/strings.js';
import type { Lang } from '../shared/time.js';
import type { BoothState } from './booths.presenter.js';

const STRINGS = {
  heading: { vi: 'Gian hàng', en: 'Booths' },
  map: { vi: 'Sơ đồ gian hàng', en: 'Booth map' },
  mapHint: {
    vi: 'Màu xanh: còn trống; vàng: đang giữ cho yêu cầu chờ duyệt; xám: đã giao. Danh sách đầy đủ ở bảng dưới sơ đồ.',
    en: 'Green: free; yellow: held for a pending request; grey: allocated. The full list is in the table below the map.',
  },
  capacity: { vi: 'Sức chứa', en: 'Capacity' },
  held: { vi: 'đang giữ', en: 'held' },
  left: { vi: 'còn trống', en: 'left' },
  over: { vi: 'vượt sức chứa', en: 'over capacity by' },
  booths: { vi: 'gian', en: 'booths' },
  zone: { vi: 'Khu', en: 'Zone' },
  noZone: { vi: 'Chưa chia khu', en: 'No zone' },
  code: { vi: 'Mã gian', en: 'Code' },
  type: { vi: 'Loại', en: 'Type' },
  size: { vi: 'Kích thước', en: 'Size' },
  support: { vi: 'Hỗ trợ', en: 'Support' },
  state: { vi: 'Tình trạng', en: 'State' },
  facility: { vi: 'Cơ sở', en: 'Facility' },
  actions: { vi: 'Thao tác', en: 'Actions' },
  empty: {
    vi: 'Hội chợ chưa có gian hàng nào. Tạo gian hàng bằng biểu mẫu dưới đây.',
    en: 'This fair has no booths yet. Create them with the form below.',
  },
  createHeading: { vi: 'Thêm gian hàng', en: 'Add booths' },
  capacityBecomesInventory: {
    vi: 'Hội chợ chưa có gian nào trên sơ đồ; sức chứa hiện là {capacity} gian như đã nhập. Từ khi thêm gian, sức chứa là số gian trên sơ đồ (không còn là số đã nhập).',
    en: 'The fair has no booths on its map yet; its capacity is {capacity} as typed. Once booths are added, its capacity is the number of booths on the map (no longer the number typed).',
  },
  capacityFollowsInventory: {
    vi: 'Sức chứa là số gian trên sơ đồ ({booths} gian): gian thêm vào làm tăng sức chứa.',
    en: 'The capacity is the number of booths on the map ({booths}): booths added raise it.',
  },
  codes: { vi: 'Mã gian (vd. A01–A40, hoặc A01, A02)', en: 'Codes (e.g. A01–A40, or A01, A02)' },
  create: { vi: 'Thêm gian hàng', en: 'Add booths' },
  created: { vi: 'Đã thêm gian hàng.', en: 'Booths added.' },
  requestsHeading: { vi: 'Yêu cầu gian hàng', en: 'Booth requests' },
  noRequests: { vi: 'Chưa có yêu cầu gian hàng nào.', en: 'No booth requests yet.' },
  requested: { vi: 'Yêu cầu', en: 'Asked for' },
  allocatedCol: { vi: 'Đã giao', en: 'Allocated' },
  status: { vi: 'Trạng thái', en: 'Status' },
  allocateHeading: { vi: 'Giao gian hàng', en: 'Allocate booths' },
  allocateHint: {
    vi: 'Chọn yêu cầu, rồi đánh dấu các gian còn trống trên sơ đồ; hoặc để hệ thống chọn theo loại và khu.',
    en: 'Choose a request, then tick free booths on the map; or let the app pick by type and zone.',
  },
  request: { vi: 'Yêu cầu', en: 'Request' },
  chooseRequest: { vi: '— Chọn yêu cầu —', en: '— Choose a request —' },
  pickOnMap: { vi: 'Chọn trên sơ đồ', en: 'Pick on the map' },
  allocateChosen: { vi: 'Giao các gian đã chọn', en: 'Allocate the ticked booths' },
  allocateAuto: { vi: 'Để hệ thống chọn', en: 'Let the app pick' },
  anyType: { vi: 'Loại bất kỳ', en: 'Any type' },
  anyZone: { vi: 'Khu bất kỳ', en: 'Any zone' },
  allocated: { vi: 'Đã giao gian hàng.', en: 'Booths allocated.' },
  moved: { vi: 'Đã chuyển gian; cơ sở đã được báo qua email.', en: 'Booth moved; the facility has been told by email.' },
  released: { vi: 'Đã thu hồi gian; cơ sở đã được báo qua email.', en: 'Booth released; the facility has been told by email.' },
  release: { vi: 'Thu hồi', en: 'Release' },
  moveTo: { vi: 'Chuyển sang', en: 'Move to' },
  move: { vi: 'Chuyển', en: 'Move' },
  exportCsv: { vi: 'Tải danh sách giao gian (CSV)', en: 'Download the allocation list (CSV)' },
  registrations: { vi: 'Đăng ký', en: 'Registrations' },
  errorsHeading: { vi: 'Chưa lưu được, vui lòng sửa:', en: 'Nothing was saved; please fix:' },
  notFair: { vi: 'Chỉ hội chợ mới có gian hàng.', en: 'Only fairs have booths.' },
} satisfies Record<string, Bilingual>;

export const bs = lookup(STRINGS);

const TYPES: Record<string, Bilingual> = {
  standard: { vi: 'Tiêu chuẩn', en: 'Standard' },
  corner: { vi: 'Góc', en: 'Corner' },
  outdoor: { vi: 'Ngoài trời', en: 'Outdoor' },
  island: { vi: 'Đảo', en: 'Island' },
};
export const boothTypeName = (type: string, lang: Lang) => TYPES[type]?.[lang] ?? type;

const SUPPORT: Record<string, Bilingual> = {
  fully_supported: { vi: 'Hỗ trợ toàn bộ', en: 'Fully supported' },
  part_supported: { vi: 'Hỗ trợ một phần', en: 'Part-supported' },
  paid: { vi: 'Tự chi trả', en: 'Paid' },
};
export const supportLabel = (level: string, lang: Lang) => SUPPORT[level]?.[lang] ?? level;

const STATES: Record<BoothState, Bilingual> = {
  free: { vi: 'Còn trống', en: 'Free' },
  held: { vi: 'Đang giữ (chờ duyệt)', en: 'Held (pending)' },
  allocated: { vi: 'Đã giao', en: 'Allocated' },
};
export const boothStateLabel = (state: BoothState, lang: Lang) => STATES[state][lang];
