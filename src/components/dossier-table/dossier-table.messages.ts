import type { DossierStatus } from '../../api/shapes.js';
import { localized, translator, type Catalogue, type Lang } from '../../i18n/index.js';

/** Strings of `<dvc-dossier-table>`; shared ones (retry, paging, no data, loading) are in `common`. */
const vi = {
  publicTitle: 'HỒ SƠ CÓ KẾT QUẢ',
  mineTitle: 'HỒ SƠ CỦA TÔI',
  colIndex: 'STT',
  colName: 'Họ và tên',
  colResultAt: 'Ngày có kết quả',
  colCode: 'Mã hồ sơ',
  colProcedure: 'Thủ tục',
  colSubmittedAt: 'Ngày nộp',
  colDueAt: 'Hạn xử lý',
  colStatus: 'Trạng thái',
  allStatuses: 'Tất cả trạng thái',
  lookupButton: 'Tra cứu',
  lookupHint: 'Ví dụ: 000.00.30.H50-230411-0001',
  lookupLoading: 'Đang tra cứu…',
  lookupNotFound: 'Không tìm thấy hồ sơ có mã {code}',
  lookupInvalid: 'Mã hồ sơ không đúng định dạng.',
  lookupResult: 'Kết quả tra cứu hồ sơ {code}',
  empty: 'Chưa có hồ sơ',
  signedOut: 'Vui lòng đăng nhập để xem hồ sơ của bạn',
  total: 'Tổng số: {total} hồ sơ',
  pagination: 'Phân trang',
  newRows: 'Có {count} hồ sơ mới',
  newRowsOne: 'Có 1 hồ sơ mới',
  newBadge: 'Mới',
};


export const messages = /* @__PURE__ */ localized({
  vi,
  en: {
    publicTitle: 'DOSSIERS WITH RESULTS',
    mineTitle: 'MY DOSSIERS',
    colIndex: 'No.',
    colName: 'Full name',
    colResultAt: 'Result date',
    colCode: 'Dossier code',
    colProcedure: 'Procedure',
    colSubmittedAt: 'Submitted',
    colDueAt: 'Due',
    colStatus: 'Status',
    allStatuses: 'All statuses',
    lookupButton: 'Look up',
    lookupHint: 'For example: 000.00.30.H50-230411-0001',
    lookupLoading: 'Looking up…',
    lookupNotFound: 'No dossier found with code {code}',
    lookupInvalid: 'The dossier code is not in the right format.',
    lookupResult: 'Dossier {code}',
    empty: 'No dossiers yet',
    signedOut: 'Please sign in to see your dossiers',
    total: 'Total: {total} dossiers',
    pagination: 'Pages',
    newRows: '{count} new dossiers',
    newRowsOne: '1 new dossier',
    newBadge: 'New',
  },
} satisfies Catalogue<keyof typeof vi>);

/** A message with `{name}` placeholders filled in. */
export const msg = translator(messages);

/** The national dossier statuses (PRODUCT.md), by code. */
export const statusNames = /* @__PURE__ */ localized<Record<Lang, Record<DossierStatus, string>>>({
  vi: {
    1: 'Mới đăng ký',
    2: 'Được tiếp nhận',
    3: 'Không được tiếp nhận',
    4: 'Đang xử lý',
    5: 'Yêu cầu bổ sung giấy tờ',
    6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
    7: 'Công dân yêu cầu rút hồ sơ',
    8: 'Dừng xử lý',
    9: 'Đã xử lý xong',
    10: 'Đã trả kết quả',
  },
  en: {
    1: 'Newly registered',
    2: 'Accepted',
    3: 'Not accepted',
    4: 'Being processed',
    5: 'Additional documents requested',
    6: 'Financial obligation requested',
    7: 'Withdrawn at the citizen’s request',
    8: 'Processing stopped',
    9: 'Processed',
    10: 'Result returned',
  },
});
