import { localized, translator, type Catalogue } from '../../i18n/index.js';

/** Strings of the signed-in `<dvc-profile-sync>` (profile-view.ts). */
const vi = {
  fullName: 'Họ tên',
  legacyIdNumber: 'Số CMT (9 số)',
  idNumber: 'Số CMT/CCCD (12 số)',
  birthDate: 'Ngày sinh',
  phone: 'Số điện thoại',
  gender: 'Giới tính',
  birthPlace: 'Nơi sinh',
  male: 'Nam',
  female: 'Nữ',
  otherGender: 'Khác',
  reveal: 'Hiện',
  /** Accessible name of a reveal toggle: "Hiện Số điện thoại". */
  revealField: 'Hiện {field}',
  masked: 'đã ẩn',
  verified: 'Đã xác thực',
  unverified: 'Chưa xác thực',
  updated: 'Đã cập nhật',
  completed: 'Hồ sơ đã hoàn thành',
  processing: 'Hồ sơ đang xử lý',
  counts: 'Hồ sơ của bạn',
  syncedAt: 'Đồng bộ lần cuối',
  sync: 'Cập nhật từ CSDL Quốc gia về Dân cư',
  syncing: 'Đang cập nhật…',
  syncedChanged: 'Đã cập nhật {count} trường: {fields}',
  syncedChangedOne: 'Đã cập nhật 1 trường: {fields}',
  syncedUnchanged: 'Thông tin đã khớp với CSDL Quốc gia về Dân cư',
  unavailable: 'CSDL Quốc gia về Dân cư đang tạm thời không phản hồi. Vui lòng thử lại sau ít phút.',
  rateLimited: 'Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau {seconds} giây.',
  rateLimitedNoWait: 'Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.',
};

export type ViewMessageKey = keyof typeof vi;

export const messages = /* @__PURE__ */ localized({
  vi,
  en: {
    fullName: 'Full name',
    legacyIdNumber: 'ID card number (9 digits)',
    idNumber: 'ID/citizen ID number (12 digits)',
    birthDate: 'Date of birth',
    phone: 'Phone number',
    gender: 'Sex',
    birthPlace: 'Place of birth',
    male: 'Male',
    female: 'Female',
    otherGender: 'Other',
    reveal: 'Show',
    revealField: 'Show {field}',
    masked: 'hidden',
    verified: 'Verified',
    unverified: 'Not verified',
    updated: 'Updated',
    completed: 'Completed dossiers',
    processing: 'Dossiers in progress',
    counts: 'Your dossiers',
    syncedAt: 'Last synced',
    sync: 'Update from the National Population Database',
    syncing: 'Updating…',
    syncedChanged: 'Updated {count} fields: {fields}',
    syncedChangedOne: 'Updated 1 field: {fields}',
    syncedUnchanged: 'Your information matches the National Population Database',
    unavailable: 'The National Population Database is temporarily not responding. Please try again in a few minutes.',
    rateLimited: 'Too many requests. Please try again in {seconds} seconds.',
    rateLimitedNoWait: 'Too many requests. Please try again in a few minutes.',
  },
} satisfies Catalogue<ViewMessageKey>);

/** A message with `{name}` placeholders filled in. */
export const msg = translator(messages);
