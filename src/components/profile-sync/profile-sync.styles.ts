import { css } from 'lit';

export const styles = css`
  :host {
    /* Defaults here; a page sets --dvc-* on any ancestor (e.g. <dvc-portal>) or on the element. */
    --_primary: var(--dvc-primary, #1a56a8);
    --_on-primary: var(--dvc-on-primary, #ffffff);
    --_text: var(--dvc-text, #1f2933);
    --_muted: var(--dvc-muted, #52606d);
    --_border: var(--dvc-border, #d5dbe3);
    --_surface: var(--dvc-surface, #ffffff);
    --_radius: var(--dvc-radius, 6px);
    --_font: var(--dvc-font, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif);
    --_success: var(--dvc-success, #146c2e);
    --_warning: var(--dvc-warning, #8a4b00);
    --_danger: var(--dvc-danger, #b42318);
    --_highlight: var(--dvc-highlight, #fff4c2);
    display: block;
    color: var(--_text);
    font-family: var(--_font);
    font-size: 1rem;
    line-height: 1.5;
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  [part~='base'] {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 1rem;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    margin-bottom: 0.75rem;
  }
  h2 {
    margin: 0;
    font-size: 1.15rem;
  }
  button {
    font: inherit;
    min-height: 44px;
    min-width: 44px;
    padding: 0.5rem 1rem;
    border-radius: var(--_radius);
    border: 1px solid var(--_primary);
    background: var(--_surface);
    color: var(--_primary);
    cursor: pointer;
  }
  button.primary {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  button:focus-visible {
    outline: 3px solid var(--_primary);
    outline-offset: 2px;
  }
  button:disabled {
    cursor: progress;
    opacity: 0.7;
  }
  dl {
    margin: 0;
  }
  .fields {
    display: grid;
    grid-template-columns: minmax(8rem, max-content) 1fr;
  }
  [part~='field'] {
    display: contents;
  }
  dt,
  dd {
    margin: 0;
    padding: 0.5rem 0.25rem;
    border-top: 1px solid var(--_border);
  }
  dt {
    font-weight: 600;
  }
  dd {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
  }
  .changed dt,
  .changed dd {
    background: var(--_highlight);
  }
  [part~='value'] {
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }
  .no-data {
    color: var(--_muted);
    font-style: italic;
  }
  [part~='verified'] {
    font-size: 0.875rem;
    color: var(--_muted);
  }
  [part~='verified'].yes {
    color: var(--_success);
  }
  .updated {
    font-size: 0.875rem;
    font-weight: 600;
    color: var(--_warning);
  }
  [part~='reveal'] {
    margin-left: auto;
    padding: 0.25rem 0.75rem;
  }
  [part~='reveal'][aria-pressed='true'] {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .counts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1.5rem;
    margin-top: 1rem;
  }
  .counts div {
    display: flex;
    gap: 0.25rem;
  }
  .counts dd {
    border: 0;
    padding: 0;
    font-weight: 600;
  }
  .counts dt {
    border: 0;
    padding: 0;
    font-weight: normal;
  }
  .synced-at {
    margin: 0.5rem 0 0;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  [part~='message'] {
    margin: 0.75rem 0 0;
  }
  [part~='message']:empty {
    display: none;
  }
  .problem {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    margin-top: 0.75rem;
    padding: 0.5rem 0.75rem;
    border-left: 4px solid var(--_danger);
    background: #fdf2f1;
  }
  .problem p {
    margin: 0;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (max-width: 30rem) {
    .fields {
      grid-template-columns: 1fr;
    }
    dd {
      border-top: 0;
      padding-top: 0;
    }
  }
`;
