import { css } from 'lit';
import { panelBase } from '../../internal/styles.js';

export const styles = [
  panelBase,
  css`
    [part='base'] {
      display: grid;
      gap: 0.75rem;
    }
    caption {
      text-align: start;
      font-weight: 700;
      font-size: 1.05rem;
      color: var(--_primary);
      padding-block-end: 0.5rem;
    }
    [part='toolbar'],
    [part='footer'],
    .lookup-row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem 1.5rem;
      align-items: end;
    }
    [part='footer'] {
      align-items: center;
      justify-content: space-between;
    }
    label,
    [part='lookup'] {
      display: grid;
      gap: 0.25rem;
      font-size: 0.9rem;
    }
    .lookup-row {
      gap: 0.5rem;
    }
    input {
      min-inline-size: 16rem;
    }
    .table-wrap {
      overflow-x: auto;
    }
    table {
      inline-size: 100%;
      border-collapse: collapse;
    }
    th,
    td {
      padding: 0.4rem 0.6rem;
      border-block-end: 1px solid var(--_border);
      text-align: start;
    }
    th {
      background: var(--_primary);
      color: var(--_on-primary);
      white-space: nowrap;
    }
    tr:nth-child(even) {
      background: var(--dvc-stripe, #f3f6fb);
    }
    [data-index] {
      cursor: pointer;
    }
    [data-index]:hover {
      background: color-mix(in srgb, var(--_primary) 10%, transparent);
    }
    .sort,
    .select {
      padding: 0;
      border: 0;
      background: none;
      color: inherit;
      font-weight: 600;
      text-align: start;
    }
    .sort {
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
      inline-size: 100%;
    }
    .select {
      color: var(--_primary);
      text-decoration: underline;
    }
    .index,
    .date {
      white-space: nowrap;
      font-variant-numeric: tabular-nums;
    }
    .badge {
      margin-inline-start: 0.4rem;
      padding: 0 0.35rem;
      border: 1px solid;
      border-radius: 3px;
      font-size: 0.75rem;
      color: var(--_danger);
    }
    .message {
      padding: 1rem;
      text-align: center;
      color: var(--_muted);
    }
    ul {
      list-style: none;
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
      margin: 0;
      padding: 0;
    }
    [data-page] {
      background: var(--_surface);
      color: var(--_primary);
    }
    [aria-current='page'] {
      background: var(--_primary);
      color: var(--_on-primary);
      font-weight: 700;
    }
    .ellipsis {
      align-self: center;
      padding: 0 0.25rem;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.25rem 1rem;
      margin: 0;
    }
    dt {
      font-weight: 600;
    }
    dd {
      margin: 0;
    }
    @media (prefers-reduced-motion: no-preference) {
      tr {
        transition: background-color 0.15s;
      }
    }
  `,
];
