import { css } from 'lit';
import { base, spinner } from '../../internal/styles.js';

const own = css`
  :host {
    display: block;
    max-inline-size: 36rem;
  }
  .base {
    display: grid;
    gap: 1rem;
    padding: 1rem;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  h2 {
    margin: 0 0 0.5rem;
    font-size: 1.25rem;
    line-height: 1.3;
  }
  h2:focus:not(:focus-visible) {
    outline: none;
  }
  p {
    margin: 0;
  }
  form {
    display: grid;
    gap: 1rem;
  }
  fieldset {
    display: grid;
    gap: 0.75rem;
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    padding: 0;
  }
  .step-count {
    font-size: 0.875rem;
  }
  .steps {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: 0.875rem;
  }
  .steps li {
    display: flex;
    align-items: center;
    gap: 0.375rem;
  }
  .steps .current {
    font-weight: 700;
  }
  .marker {
    display: inline-grid;
    place-items: center;
    inline-size: 1.5rem;
    block-size: 1.5rem;
    border-radius: 50%;
    border: 2px solid var(--_primary);
    font-size: 0.75rem;
    font-weight: 700;
  }
  .current .marker,
  .done .marker {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  button.account {
    min-block-size: 4rem;
    inline-size: 100%;
    text-align: start;
    font-weight: 600;
  }
  .field {
    display: grid;
    gap: 0.25rem;
  }
  label {
    font-weight: 600;
  }
  .hint {
    font-size: 0.875rem;
  }
  input {
    font: inherit;
    min-block-size: 44px;
    padding: 0.5rem 0.75rem;
    border: 1px solid #6b7785;
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    inline-size: 100%;
  }
  input[aria-invalid='true'] {
    border: 2px solid var(--_danger);
  }
  .password {
    display: flex;
    gap: 0.5rem;
  }
  .password input {
    flex: 1;
    min-inline-size: 0;
  }
  .toggle {
    white-space: nowrap;
  }
  .error {
    color: var(--_danger);
    font-weight: 600;
  }
  .warning {
    color: #8a4b00;
  }
  .failure {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
  }
  .failure[hidden] {
    display: none;
  }
  .progress:empty {
    display: none;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
  }
  a.continue {
    color: var(--_primary);
    font-weight: 600;
  }
`;

export const styles = [base, spinner, own];
