/** The two languages of every element: Vietnamese (the default) and English. */
export type Lang = 'vi' | 'en';

/**
 * English strings loaded on demand (the script tag's build: ./english.ts sets these): whether some
 * are still to load, and loading them (rejects when they cannot be downloaded).
 */
export const englishStrings = { pending: (): boolean => false, load: (): Promise<unknown> => Promise.resolve() };

/**
 * The element's language: its own `lang`, else the nearest ancestor's (crossing shadow roots),
 * else `<html lang>`. Anything starting with "en" is English; everything else is Vietnamese.
 */
export function langOf(el: Element): Lang {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return normalise(node.getAttribute('lang'));
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return normalise(document.documentElement.lang);
}

const normalise = (value: string | null): Lang => (value?.toLowerCase().startsWith('en') ? 'en' : 'vi');
