import { css } from 'lit';

export const styles = css`
  :host {
    --dvc-primary: #1a56a8;
    --dvc-steps-done: #15803d;
    --dvc-steps-upcoming: #6b7280;
    --dvc-text: #1f2937;
    --dvc-muted: #4b5563;
    --dvc-surface: #fff;
    --dvc-font-family: inherit;
    display: block;
    color: var(--dvc-text);
    font-family: var(--dvc-font-family);
  }
  :host([hidden]) {
    display: none;
  }
  [part='base'] {
    padding: 1rem;
    background: var(--dvc-surface);
  }
  [part='title'] {
    margin: 0 0 1rem;
    font-size: 1.05rem;
    font-weight: 700;
    color: var(--dvc-primary);
  }
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
    min-inline-size: 6.5rem;
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
    border-block-start: 2px solid var(--dvc-muted);
    border-inline-end: 2px solid var(--dvc-muted);
    transform: rotate(45deg);
  }
  :host(:dir(rtl)) [part~='step']:not(:last-child)::after {
    transform: rotate(-135deg);
  }
  [part~='number'] {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    inline-size: 2.5rem;
    block-size: 2.5rem;
    border-radius: 50%;
    border: 2px solid var(--dvc-primary);
    color: var(--dvc-primary);
    background: var(--dvc-surface);
    font-weight: 700;
  }
  [part~='label'] {
    font-weight: 600;
  }
  [part~='state'] {
    font-size: 0.85rem;
    color: var(--dvc-muted);
  }
  [part~='completed'] [part~='number'] {
    border-color: var(--dvc-steps-done);
    background: var(--dvc-steps-done);
    color: #fff;
  }
  [part~='current'] [part~='number'] {
    background: var(--dvc-primary);
    color: #fff;
    box-shadow: 0 0 0 3px color-mix(in srgb, var(--dvc-primary) 30%, transparent);
  }
  [part~='current'] [part~='label'] {
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }
  [part~='upcoming'] [part~='number'] {
    border-style: dashed;
    border-color: var(--dvc-steps-upcoming);
    color: var(--dvc-steps-upcoming);
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
  @media (max-width: 30rem) {
    [part='list'] {
      flex-direction: column;
      align-items: stretch;
    }
    [part~='step'] {
      flex-direction: row;
      text-align: start;
      flex: none;
    }
    [part~='step']:not(:last-child)::after {
      display: none;
    }
  }
`;
