import { css } from 'lit';
import { panelBase } from '../../internal/styles.js';

/**
 * The table as one labelled block per row, for a table narrower than its columns (WCAG 1.4.10).
 * Rows and cells keep their table roles (set as attributes, since some engines drop a table's
 * semantics once its display changes); each cell shows its column's name from `data-label`, which
 * also begins the cell's accessible name. The sortable headers stay as a row of sort buttons.
 */
const stacked = css`
  table,
  tbody,
  tr,
  caption {
    display: block;
  }
  thead,
  thead tr {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  th {
    display: block;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_primary);
  }
  th:not([data-sort]) {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  th[data-sort] .sort {
    padding: 0 0.5rem;
    font-size: 0.875rem;
    border: 1px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  th[aria-sort] .sort {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  thead {
    margin-block-end: 0.5rem;
  }
  tbody tr {
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  tbody tr + tr {
    margin-block-start: 0.5rem;
  }
  td {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 0.75rem;
    padding: 0.2rem 0;
    border: 0;
  }
  td[data-label]::before {
    content: attr(data-label);
    flex: 0 0 min(7.5rem, 40%);
    font-size: 0.875rem;
    font-weight: 600;
    color: var(--_muted);
  }
  td > * {
    flex: 1 1 0;
    min-inline-size: 0;
  }
  td > .badge {
    flex: none;
  }
`;

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
    [part='toolbar'] > * {
      min-inline-size: 0;
    }
    [part='footer'] {
      align-items: center;
      justify-content: space-between;
    }
    label,
    [part='lookup'] {
      display: grid;
      grid-template-columns: minmax(0, 1fr);
      gap: 0.25rem;
      font-size: 0.9rem;
    }
    .lookup-row {
      gap: 0.5rem;
    }
    .lookup-row > input {
      flex: 1 1 16rem;
      min-inline-size: 0;
    }
    [part='lookup'] {
      flex: 1 1 20rem;
      max-inline-size: 32rem;
    }
    [part='lookup-result'] {
      overflow-wrap: anywhere;
    }
    /* The container queries below measure this box: the table's own width, not the page's. */
    .table-wrap {
      container: dvc-table / inline-size;
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
    /* Three columns (results) need about 28rem side by side, five (a citizen's dossiers) about 48rem. */
    @container dvc-table (max-width: 28rem) {
      ${stacked}
    }
    @container dvc-table (max-width: 48rem) {
      .mine {
        ${stacked}
      }
    }
    /* A phone's width: each label above its value, so names and dates keep the whole line. */
    @container dvc-table (max-width: 22rem) {
      .table-wrap td {
        display: block;
      }
      .table-wrap td[data-label]::before {
        display: block;
      }
    }
    @media (prefers-reduced-motion: no-preference) {
      tr {
        transition: background-color 0.15s;
      }
    }
  `,
];
