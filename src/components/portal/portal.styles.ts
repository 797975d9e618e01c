import { css } from 'lit';

export const styles = css`
  :host {
    display: contents;
  }
  [part~='message'] {
    display: block;
    margin: 0 0 0.75rem;
    padding: 0.75rem 1rem;
    border: 1px solid var(--_danger);
    border-left-width: 4px;
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_danger);
  }
`;
