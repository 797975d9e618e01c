import { css } from 'lit';

export const styles = css`
  :host {
    --dvc-primary: #1a56a8;
    --dvc-text: #1f2937;
    --dvc-muted: #4b5563;
    --dvc-surface: #fff;
    --dvc-border: #d1d5db;
    --dvc-stripe: #f3f6fb;
    --dvc-danger: #b42318;
    --dvc-font-family: inherit;
    --dvc-focus: 0 0 0 3px #f59e0b;
    display: block;
    color: var(--dvc-text);
    font-family: var(--dvc-font-family);
  }
  :host([hidden]) {
    display: none;
  }
  [part='base'] {
    display: grid;
    gap: 0.75rem;
    padding: 1rem;
    background: var(--dvc-surface);
  }
  [part='title'],
  caption {
    margin: 0;
    text-align: start;
    font-weight: 700;
    font-size: 1.05rem;
    color: var(--dvc-primary);
    padding-block-end: 0.5rem;
  }
  [part='toolbar'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem 1.5rem;
    align-items: end;
  }
  label {
    display: grid;
    gap: 0.25rem;
    font-size: 0.9rem;
  }
  [part='lookup'] {
    display: grid;
    gap: 0.25rem;
    font-size: 0.9rem;
  }
  .lookup-row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .hint {
    color: var(--dvc-muted);
    font-size: 0.8rem;
  }
  input,
  select,
  button {
    font: inherit;
    min-block-size: 44px;
    box-sizing: border-box;
    border-radius: 4px;
  }
  input,
  select {
    border: 1px solid var(--dvc-muted);
    padding: 0 0.75rem;
    background: var(--dvc-surface);
    color: var(--dvc-text);
  }
  input {
    min-inline-size: 16rem;
  }
  button {
    min-inline-size: 44px;
    padding: 0 0.9rem;
    border: 1px solid var(--dvc-primary);
    background: var(--dvc-primary);
    color: #fff;
    cursor: pointer;
  }
  button:disabled {
    cursor: default;
    opacity: 0.55;
  }
  input:focus-visible,
  select:focus-visible,
  button:focus-visible {
    outline: none;
    box-shadow: var(--dvc-focus);
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
    border-block-end: 1px solid var(--dvc-border);
    text-align: start;
    vertical-align: middle;
  }
  thead th {
    background: var(--dvc-primary);
    color: #fff;
    font-weight: 600;
    white-space: nowrap;
  }
  tbody tr:nth-child(even) {
    background: var(--dvc-stripe);
  }
  tbody tr[data-index] {
    cursor: pointer;
  }
  tbody tr[data-index]:hover {
    background: color-mix(in srgb, var(--dvc-primary) 10%, transparent);
  }
  th button.sort {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
    inline-size: 100%;
    padding: 0;
    border: 0;
    background: none;
    color: inherit;
    font-weight: inherit;
    text-align: start;
  }
  .arrow {
    font-size: 0.8em;
    opacity: 0.9;
  }
  td button.select {
    padding: 0;
    border: 0;
    background: none;
    color: var(--dvc-primary);
    text-decoration: underline;
    text-align: start;
    font-weight: 600;
  }
  .index,
  .date {
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  .badge {
    display: inline-block;
    margin-inline-start: 0.4rem;
    padding: 0 0.35rem;
    border: 1px solid currentColor;
    border-radius: 3px;
    font-size: 0.75rem;
    color: var(--dvc-danger);
  }
  td.message {
    padding: 1rem;
    text-align: center;
    color: var(--dvc-muted);
  }
  [part='footer'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1.5rem;
    align-items: center;
    justify-content: space-between;
  }
  [part='pagination'] ul {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
  }
  [part='pagination'] button {
    background: var(--dvc-surface);
    color: var(--dvc-primary);
  }
  [part='pagination'] button[aria-current='page'] {
    background: var(--dvc-primary);
    color: #fff;
    font-weight: 700;
  }
  .ellipsis {
    display: inline-flex;
    align-items: center;
    min-block-size: 44px;
    padding: 0 0.25rem;
  }
  [part='error'],
  [part='signed-out'],
  [part='lookup-result'] > div {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
  }
  [part='error'] p {
    margin: 0;
    color: var(--dvc-danger);
  }
  [part='signed-out'] p,
  [part='status'] {
    margin: 0;
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
  .visually-hidden {
    position: absolute !important;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @media (prefers-reduced-motion: no-preference) {
    tbody tr {
      transition: background-color 0.15s;
    }
  }
`;
