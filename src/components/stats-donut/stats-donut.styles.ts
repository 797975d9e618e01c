import { css } from 'lit';
import { panelBase } from '../../internal/styles.js';

export const styles = [
  panelBase,
  css`
    :host {
      --_on-time: var(--dvc-donut-on-time, var(--_primary));
      --_late: var(--dvc-donut-late, #c2410c);
      --_track: var(--dvc-donut-track, #e5e7eb);
      --_size: var(--dvc-donut-size, 11rem);
    }
    [part='base'] {
      margin: 0;
    }
    .body {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem 1.5rem;
      align-items: center;
    }
    [part='chart'],
    .skeleton {
      position: relative;
      inline-size: var(--_size);
      block-size: var(--_size);
      flex: none;
    }
    svg {
      display: block;
      transform: rotate(-90deg);
    }
    .track {
      stroke: var(--_track);
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
      stroke: var(--_on-time);
    }
    .hatch-bg {
      fill: var(--_late);
    }
    .hatch-line {
      stroke: #fff;
    }
    [part='centre'] {
      position: absolute;
      inset: 0;
      display: grid;
      place-content: center;
      text-align: center;
    }
    .percent {
      font-size: 1.6rem;
      font-weight: 700;
      line-height: 1.1;
    }
    [part='legend'] {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.5rem;
    }
    li {
      display: flex;
      align-items: center;
      gap: 0.5rem;
    }
    .swatch {
      inline-size: 1rem;
      block-size: 1rem;
      border: 1px solid var(--_text);
      background: var(--_on-time);
      forced-color-adjust: none;
    }
    .swatch.late {
      background: repeating-linear-gradient(45deg, var(--_late) 0 3px, #fff 3px 5px);
    }
    .count {
      font-weight: 700;
    }
    [part='updated'] {
      margin-top: 0.75rem;
    }
    [part='year-picker'] {
      display: inline-flex;
      align-items: center;
      gap: 0.5rem;
      margin-block-end: 0.75rem;
    }
    .skeleton {
      border-radius: 50%;
      border: 1.5rem solid var(--_track);
    }
    @media (prefers-reduced-motion: reduce) {
      .segment {
        animation: none;
        transition: none;
      }
    }
  `,
];
