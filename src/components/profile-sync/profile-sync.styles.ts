import { css } from 'lit';
import { buttonStyles, focusRing, srOnly, tokens } from '../../internal/styles.js';

const own = css`
  :host {
    /* Shared tokens come from internal/styles.ts; these are this panel's own. */
    --_muted: var(--dvc-muted, #52606d);
    --_success: var(--dvc-success, #146c2e);
    --_warning: var(--dvc-warning, #8a4b00);
    --_highlight: var(--dvc-highlight, #fff4c2);
    display: block;
    font-size: 1rem;
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
  dl {
    margin: 0;
  }
  [part~='field'] {
    display: grid;
    grid-template-columns: minmax(8rem, 13rem) 1fr;
    align-items: center;
    border-top: 1px solid var(--_border);
  }
  dt,
  dd {
    margin: 0;
    padding: 0.5rem 0.25rem;
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
  [part~='field'].changed {
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
  [part~='sync-button'][aria-disabled='true'] {
    cursor: progress;
    opacity: 0.75;
  }
  [part~='reveal'] {
    margin-left: auto;
    padding: 0.25rem 0.75rem;
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
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
    padding: 0;
    font-weight: 600;
  }
  .counts dt {
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
  @media (max-width: 30rem) {
    [part~='field'] {
      grid-template-columns: 1fr;
    }
    dd {
      padding-top: 0;
    }
  }
`;

export const styles = [tokens, focusRing, buttonStyles, srOnly, own];
