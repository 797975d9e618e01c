import { css } from 'lit';

/**
 * Theme tokens shared by every element. Each `--dvc-*` property can be set on any ancestor
 * (`:root`, `<dvc-portal>`) or on the element; the private `--_*` copies hold the defaults.
 * The font stack has Vietnamese diacritics on every common platform.
 */
export const tokens = css`
  :host {
    --_primary: var(--dvc-primary, #1a56a8);
    --_on-primary: var(--dvc-on-primary, #ffffff);
    --_text: var(--dvc-text, #1f2933);
    --_surface: var(--dvc-surface, #ffffff);
    --_border: var(--dvc-border, #c4cdd8);
    --_danger: var(--dvc-danger, #b42318);
    --_radius: var(--dvc-radius, 6px);
    --_font: var(--dvc-font-family, system-ui, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif);
    --_focus: var(--dvc-focus-color, #f59e0b);
    font-family: var(--_font);
    color: var(--_text);
    line-height: 1.5;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
`;

/** A visible focus ring (keyboard focus only) that shows on light and dark backgrounds. */
export const focusRing = css`
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
    box-shadow: 0 0 0 5px var(--_text);
  }
`;

/** Native buttons: 44px hit area, primary and secondary looks (`.secondary`). */
export const buttonStyles = css`
  button {
    font: inherit;
    min-height: 44px;
    min-width: 44px;
    padding: 0.5rem 1rem;
    border: 1px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_primary);
    color: var(--_on-primary);
    cursor: pointer;
  }
  button.secondary {
    background: var(--_surface);
    color: var(--_primary);
  }
  button:disabled {
    cursor: progress;
    opacity: 0.75;
  }
`;

/** Text for screen readers only. */
export const srOnly = css`
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
