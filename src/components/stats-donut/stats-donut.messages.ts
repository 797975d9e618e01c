import { localized, translator, type Catalogue } from '../../i18n/index.js';

/** Strings of `<dvc-stats-donut>`; shared ones (retry, no data, loading) are in `common`. */
const vi = {
  title: 'TÌNH HÌNH XỬ LÝ HỒ SƠ NĂM {year}',
  onTime: 'Xử lý đúng hạn',
  late: 'Xử lý trễ hạn',
  year: 'Năm',
  summary: 'Năm {year}: {percent} hồ sơ được xử lý đúng hạn ({onTime} đúng hạn, {late} trễ hạn, tổng {total} hồ sơ).',
  tableCaption: 'Số hồ sơ đã xử lý năm {year}',
  kind: 'Loại',
  count: 'Số hồ sơ',
  share: 'Tỷ lệ',
  total: 'Tổng cộng',
  centre: 'đúng hạn',
  empty: 'Chưa có hồ sơ được xử lý trong năm {year}',
  updatedAt: 'Cập nhật lúc {time}',
};


export const messages = /* @__PURE__ */ localized({
  vi,
  en: {
    title: 'DOSSIER PROCESSING IN {year}',
    onTime: 'Processed on time',
    late: 'Processed late',
    year: 'Year',
    summary: '{year}: {percent} of dossiers processed on time ({onTime} on time, {late} late, {total} in all).',
    tableCaption: 'Dossiers processed in {year}',
    kind: 'Kind',
    count: 'Dossiers',
    share: 'Share',
    total: 'Total',
    centre: 'on time',
    empty: 'No dossiers were processed in {year}',
    updatedAt: 'Updated at {time}',
  },
} satisfies Catalogue<keyof typeof vi>);

/** A message with `{name}` placeholders filled in. */
export const msg = translator(messages);
