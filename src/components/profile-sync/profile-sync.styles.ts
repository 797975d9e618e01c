import { css } from 'lit';
import { panelBase } from '../../internal/styles.js';

export const styles = [
  panelBase,
  css`
    [part~='base'] {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
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
    h2:focus:not(:focus-visible) {
      outline: none;
    }
    dl,
    dt,
    dd {
      margin: 0;
    }
    [part~='field'] {
      display: grid;
      grid-template-columns: minmax(8rem, 13rem) 1fr;
      align-items: center;
      border-top: 1px solid var(--_border);
    }
    .fields dt,
    .fields dd {
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
    .changed {
      background: var(--dvc-highlight, #fff4c2);
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
    .yes {
      color: var(--dvc-success, #146c2e);
    }
    .updated {
      font-size: 0.875rem;
      font-weight: 600;
      color: var(--dvc-warning, #8a4b00);
    }
    [aria-disabled='true'] {
      cursor: progress;
      opacity: 0.75;
    }
    [part~='reveal'] {
      margin-inline-start: auto;
      padding: 0.25rem 0.75rem;
    }
    [aria-pressed='true'] {
      background: var(--_primary);
      color: var(--_on-primary);
    }
    .counts {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1.5rem;
      margin-block: 1rem 0.5rem;
    }
    .counts div {
      display: flex;
      gap: 0.25rem;
    }
    .counts dd {
      font-weight: 600;
    }
    .counts dt {
      font-weight: normal;
    }
    .problem,
    .status:not(:empty) {
      margin-top: 0.75rem;
    }
    @media (max-width: 30rem) {
      [part~='field'] {
        grid-template-columns: 1fr;
      }
      .fields dd {
        padding-top: 0;
      }
    }
  `,
];
