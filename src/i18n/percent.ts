import { cached, grouped, numberLocale, SEPARATORS, type Lang } from './index.js';

// A share for the statistics donut, written out as vi-VN and en-US Intl would write it (see
// formatNumber in ./index.ts for why), in the donut's own module: no other element shows one.

/**
 * `ratio` × 100 rounded half away from zero to `digits` decimals, as Intl does it: on the
 * shortest decimal that reads back as the number (0.9915 is 99,15, which rounds to 99,2).
 * Undefined for what this does not cover (negative, exponent notation, not finite).
 */
function percentDigits(ratio: number, digits: number): [string, string] | undefined {
  const text = String(ratio);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match || !Number.isInteger(digits) || digits < 0 || digits > 20) return undefined;
  const [, whole, fraction = ''] = match;
  const all = whole + fraction.padEnd(digits + 3, '0');
  const point = whole.length + 2;
  let kept = BigInt(all.slice(0, point + digits));
  if (all[point + digits] >= '5') kept += 1n;
  const out = kept.toString().padStart(digits + 1, '0');
  return [out.slice(0, out.length - digits).replace(/^0+(?=\d)/, ''), out.slice(out.length - digits)];
}

/** "99,2%" in Vietnamese, "99.2%" in English; `ratio` is 0..1. */
export function formatPercent(ratio: number, lang: Lang, fractionDigits = 1): string {
  const fixed = percentDigits(ratio, fractionDigits);
  if (fixed) return `${grouped(fixed[0], lang)}${fixed[1] ? SEPARATORS[lang].decimal + fixed[1] : ''}%`;
  const make = () =>
    new Intl.NumberFormat(numberLocale(lang), {
      style: 'percent',
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
  return cached(`p${lang}${fractionDigits}`, make).format(ratio);
}
