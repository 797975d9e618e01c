// The citizen's profile and its sync with the national population database, with the shape check.
import { isRecord, requestJson } from '../internal/http.js';
import { authorise, base, get, mapUnauthorized, type ApiOptions } from './client.js';
import { count, date, defined, invalid, PROFILE_FIELDS, str, type Profile, type ProfileField } from './shapes.js';

export function parseProfile(data: unknown): Profile {
  if (!isRecord(data)) throw invalid('profile is not an object');
  const verified: Partial<Record<ProfileField, boolean>> = {};
  if (isRecord(data.verified)) {
    for (const field of PROFILE_FIELDS) {
      const v = data.verified[field];
      if (typeof v === 'boolean') verified[field] = v;
    }
  }
  const counts = isRecord(data.counts) ? defined({ completed: count(data.counts.completed), processing: count(data.counts.processing) }) : {};
  const profile: Profile = defined({
    fullName: str(data.fullName),
    legacyIdNumber: str(data.legacyIdNumber),
    idNumber: str(data.idNumber),
    birthDate: date(data.birthDate),
    phone: str(data.phone),
    gender: str(data.gender),
    birthPlace: str(data.birthPlace),
    verified,
    syncedAt: date(data.syncedAt),
    counts,
  });
  // An object with none of a profile's fields is some other answer (an error page's JSON, a proxy's).
  if (!PROFILE_FIELDS.some((field) => profile[field] !== undefined) && profile.syncedAt === undefined) throw invalid('profile has none of its fields');
  if (Array.isArray(data.changed)) {
    profile.changed = data.changed.filter((f): f is ProfileField => PROFILE_FIELDS.includes(f as ProfileField));
  }
  return profile;
}

/** `GET /me/profile`, authorised by `options.authorize`. */
export function getProfile(options: ApiOptions): Promise<Profile> {
  return get('/me/profile', parseProfile, options, true);
}

/**
 * `POST /me/profile/sync`: asks the national population database for fresh data.
 * Not retried and not shared (it changes data); the answer carries `changed`.
 */
export async function syncProfile(options: ApiOptions): Promise<Profile> {
  const url = `${base(options)}/me/profile/sync`;
  const access = await authorise('POST', url, options);
  let data: unknown;
  try {
    const { headers, credentials } = access;
    data = await requestJson(url, { method: 'POST', headers, credentials, timeout: options.timeout, signal: options.signal });
  } catch (error) {
    throw mapUnauthorized(error, access, options);
  }
  const profile = parseProfile(data);
  profile.changed ??= [];
  return profile;
}
