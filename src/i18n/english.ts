import { englishStrings, type Lang } from './lang.js';

// The script tag's build only (vite.config.ts, `lazyEnglish`): each catalogue's English half is a
// module of elements/en.js, imported on demand. npm users' modules never load this file.

/** The English halves still to load, each a load that runs once (again after a failure). */
const toLoad = new Set<() => Promise<void>>();
englishStrings.pending = () => toLoad.size > 0;
englishStrings.load = () => Promise.all([...toLoad].map((load) => load()));

/**
 * `catalogue` (its Vietnamese half) with an `en` that reads the Vietnamese until `importEnglish`
 * has loaded the English half (an element drawing in English waits for it first:
 * DvcElement.scheduleUpdate).
 */
export function lazyEnglish<C extends Record<Lang, object>>(catalogue: C, importEnglish: () => Promise<{ default: C['en'] }>): C {
  let english: C['en'] | undefined;
  let loading: Promise<void> | undefined;
  const load = () =>
    (loading ??= importEnglish().then(
      (module) => {
        english = module.default;
        toLoad.delete(load);
      },
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  toLoad.add(load);
  Object.defineProperty(catalogue, 'en', { get: () => english ?? catalogue.vi, enumerable: true });
  return catalogue;
}
