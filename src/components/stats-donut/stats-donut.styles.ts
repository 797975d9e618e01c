import { css } from 'lit';

export const styles = css`
  :host {
    --dvc-primary: #1a56a8;
    --dvc-donut-on-time: var(--dvc-primary);
    --dvc-donut-late: #c2410c;
    --dvc-donut-track: #e5e7eb;
    --dvc-donut-size: 11rem;
    --dvc-text: #1f2937;
    --dvc-muted: #4b5563;
    --dvc-surface: #fff;
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
    margin: 0;
    padding: 1rem;
    background: var(--dvc-surface);
  }
  [part='title'] {
    margin: 0 0 0.75rem;
    font-weight: 700;
    font-size: 1.05rem;
    color: var(--dvc-primary);
  }
  .body {
    display: flex;
    flex-wrap: wrap;
    gap: 1rem 1.5rem;
    align-items: center;
  }
  [part='chart'] {
    position: relative;
    inline-size: var(--dvc-donut-size);
    block-size: var(--dvc-donut-size);
    flex: none;
  }
  svg {
    display: block;
    inline-size: 100%;
    block-size: 100%;
    transform: rotate(-90deg);
  }
  .track {
    stroke: var(--dvc-donut-track);
  }
  .segment {
    animation: dvc-donut-grow 0.8s ease-out;
    transition: stroke-dasharray 0.6s ease-out;
  }
  @keyframes dvc-donut-grow {
    from {
      stroke-dasharray: 0 100;
    }
  }
  .on-time {
    stroke: var(--dvc-donut-on-time);
  }
  .hatch-bg {
    fill: var(--dvc-donut-late);
  }
  .hatch-line {
    stroke: #fff;
    stroke-width: 1.5;
  }
  [part='centre'] {
    position: absolute;
    inset: 0;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    text-align: center;
    pointer-events: none;
  }
  .percent {
    font-size: 1.6rem;
    font-weight: 700;
    line-height: 1.1;
  }
  .centre-label {
    font-size: 0.85rem;
    color: var(--dvc-muted);
  }
  [part='legend'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  [part='legend'] li {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  .swatch {
    inline-size: 1rem;
    block-size: 1rem;
    flex: none;
    border: 1px solid var(--dvc-text);
  }
  .swatch.on-time {
    background: var(--dvc-donut-on-time);
  }
  .swatch.late {
    background: repeating-linear-gradient(45deg, var(--dvc-donut-late) 0 3px, #fff 3px 5px);
  }
  .count {
    font-weight: 700;
  }
  [part='updated'] {
    margin: 0.75rem 0 0;
    font-size: 0.85rem;
    color: var(--dvc-muted);
  }
  [part='year-picker'] {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    margin-block-end: 0.75rem;
  }
  select,
  button {
    font: inherit;
    min-block-size: 44px;
    min-inline-size: 44px;
    padding: 0 0.75rem;
    border-radius: 4px;
  }
  select {
    border: 1px solid var(--dvc-muted);
    background: var(--dvc-surface);
    color: var(--dvc-text);
  }
  button {
    border: 1px solid var(--dvc-primary);
    background: var(--dvc-primary);
    color: #fff;
    cursor: pointer;
  }
  select:focus-visible,
  button:focus-visible {
    outline: none;
    box-shadow: var(--dvc-focus);
  }
  [part='status'] {
    margin: 0;
  }
  [part='error'] {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
  }
  .skeleton {
    inline-size: var(--dvc-donut-size);
    block-size: var(--dvc-donut-size);
    border-radius: 50%;
    border: 1.5rem solid var(--dvc-donut-track);
    box-sizing: border-box;
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
  @media (prefers-reduced-motion: reduce) {
    .segment {
      animation: none;
      transition: none;
    }
  }
  @media (forced-colors: active) {
    .swatch.on-time,
    .swatch.late {
      forced-color-adjust: none;
    }
  }
`;
