import { css } from 'lit';

// Each sheet is built in a pure IIFE so that bundlers drop the ones an element does not use
// (a tagged template call cannot carry the /* @__PURE__ */ annotation itself).

/**
 * Theme tokens shared by every element. Each `--dvc-*` property can be set on any ancestor
 * (`:root`, `<dvc-portal>`) or on the element; the private `--_*` copies hold the defaults.
 * The font stack has Vietnamese diacritics on every common platform.
 */
export const tokens = /* @__PURE__ */ (() => css`
  :host {
    --_primary: var(--dvc-primary, #1a56a8);
    --_on-primary: var(--dvc-on-primary, #fff);
    --_text: var(--dvc-text, #1f2933);
    --_muted: var(--dvc-muted, #52606d);
    --_surface: var(--dvc-surface, #fff);
    --_border: var(--dvc-border, #c4cdd8);
    --_danger: var(--dvc-danger, #b42318);
    --_radius: var(--dvc-radius, 6px);
    --_focus: var(--dvc-focus-color, #f59e0b);
    font-family: var(--dvc-font-family, system-ui, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif);
    color: var(--_text);
    line-height: 1.5;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  ::before,
  ::after {
    box-sizing: border-box;
  }
`)();

/**
 * A visible focus ring (keyboard focus only) that shows on light and dark backgrounds;
 * `--dvc-focus` replaces its outer ring (a box-shadow).
 */
export const focusRing = /* @__PURE__ */ (() => css`
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
    box-shadow: var(--dvc-focus, 0 0 0 5px var(--_text));
  }
`)();

/** Native buttons: 44px hit area, primary and secondary looks (`.secondary`). */
export const buttonStyles = /* @__PURE__ */ (() => css`
  button {
    font: inherit;
    min-height: 44px;
    min-width: 44px;
    border-radius: var(--_radius);
    padding: 0.5rem 1rem;
    border: 1px solid var(--_primary);
    background: var(--_primary);
    color: var(--_on-primary);
    cursor: pointer;
  }
  button.secondary {
    background: var(--_surface);
    color: var(--_primary);
  }
  button:disabled,
  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.75;
  }
`)();

/** A spinning ring (`.spinner`) beside progress text; still when motion is reduced. */
export const spinner = /* @__PURE__ */ (() => css`
  .spinner {
    display: inline-block;
    inline-size: 1em;
    block-size: 1em;
    margin-inline-end: 0.5rem;
    vertical-align: -0.125em;
    border: 2px solid;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
`)();

/**
 * Native inputs and selects: 44px tall, bordered, never wider than their box (a select is as wide
 * as its longest option otherwise, which pushed a 320 px page sideways).
 */
const controls = /* @__PURE__ */ (() => css`
  input,
  select {
    font: inherit;
    max-inline-size: 100%;
    min-height: 44px;
    border-radius: var(--_radius);
    border: 1px solid var(--_muted);
    padding: 0 0.75rem;
    background: var(--_surface);
    color: var(--_text);
  }
`)();

/** Text for screen readers only. */
export const srOnly = /* @__PURE__ */ (() => css`
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
`)();

/**
 * What the panels share: the outer box, the title, paragraphs, and the pieces of
 * src/internal/templates.ts (error notice, sign-in prompt).
 */
export const panel = /* @__PURE__ */ (() => css`
  :host {
    display: block;
  }
  [part~='base'] {
    padding: 1rem;
    background: var(--_surface);
  }
  p {
    margin: 0;
  }
  [part~='title'] {
    margin: 0 0 0.75rem;
    font-size: 1.05rem;
    font-weight: 700;
    color: var(--_primary);
  }
  .problem {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid var(--_danger);
    color: var(--_danger);
  }
  [part~='signed-out'] {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
  }
  .muted {
    color: var(--_muted);
    font-size: 0.875rem;
  }
`)();

/** Everything an element's own styles build on. */
export const base = [tokens, focusRing, buttonStyles, srOnly];
/** `base` plus the panel pieces, for the widgets that show data. */
export const panelBase = [base, controls, panel];
