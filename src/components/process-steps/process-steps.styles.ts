import { css } from 'lit';
import { panel, srOnly, tokens } from '../../internal/styles.js';

export const styles = [
  tokens,
  srOnly,
  panel,
  css`
    [part='list'] {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem 2rem;
    }
    [part~='step'] {
      position: relative;
      display: flex;
      flex-direction: column;
      align-items: center;
      text-align: center;
      gap: 0.35rem;
      flex: 1 1 6.5rem;
    }
    /* The arrow between steps is drawn, not written, so screen readers hear only the list. */
    [part~='step']:not(:last-child)::after {
      content: '';
      position: absolute;
      inset-block-start: 1.1rem;
      inset-inline-end: -1.55rem;
      inline-size: 0.7rem;
      block-size: 0.7rem;
      border: solid var(--_muted);
      border-width: 2px 2px 0 0;
      transform: rotate(45deg);
    }
    :host(:dir(rtl)) [part~='step']::after {
      transform: rotate(-135deg);
    }
    [part~='number'] {
      display: grid;
      place-items: center;
      inline-size: 2.5rem;
      block-size: 2.5rem;
      border-radius: 50%;
      border: 2px solid var(--_primary);
      color: var(--_primary);
      background: var(--_surface);
      font-weight: 700;
    }
    [part~='label'] {
      font-weight: 600;
    }
    [part~='state'] {
      font-size: 0.85rem;
      color: var(--_muted);
    }
    [part~='completed'] [part~='number'] {
      --_primary: var(--dvc-steps-done, #15803d);
      background: var(--_primary);
      color: var(--_on-primary);
    }
    [part~='current'] [part~='number'] {
      background: var(--_primary);
      color: var(--_on-primary);
      box-shadow: 0 0 0 3px color-mix(in srgb, var(--_primary) 30%, transparent);
    }
    [part~='current'] [part~='label'] {
      text-decoration: underline;
      text-underline-offset: 0.2em;
    }
    [part~='upcoming'] [part~='number'] {
      border-style: dashed;
      --_primary: var(--dvc-steps-upcoming, #6b7280);
    }
    /* The queries below measure this box: the element's own width, wherever the page puts it. */
    [part~='base'] {
      container: dvc-steps / inline-size;
    }
    /* Narrow: one step per line, the number beside its name and the state under the name. */
    @container dvc-steps (max-width: 30rem) {
      [part='list'] {
        flex-direction: column;
      }
      [part~='step'] {
        display: grid;
        grid-template-columns: 2.5rem minmax(0, 1fr);
        gap: 0 0.75rem;
        align-items: center;
        text-align: start;
        flex: none;
      }
      [part~='number'] {
        grid-row: span 2;
      }
      [part~='label'],
      [part~='state'] {
        grid-column: 2;
      }
      [part~='step']::after {
        display: none;
      }
    }
  `,
];
