import { css } from 'lit';
import { base } from '../../internal/styles.js';

const own = css`
  :host {
    --dvc-otp-box-size: 3rem;
    --dvc-otp-gap: 0.5rem;
    display: block;
  }
  .base {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.5rem;
  }
  label {
    font-weight: 600;
  }
  p {
    margin: 0;
  }
  .field {
    position: relative;
    display: inline-flex;
    gap: var(--dvc-otp-gap);
    width: max-content;
    max-width: 100%;
  }
  /* The boxes are laid out by .field; their wrapper only hides them from assistive technology. */
  .boxes {
    display: contents;
  }
  /* On a narrow screen the boxes narrow (to 1.75rem) rather than push the page sideways; the touch
     target is the input over all of them, at least 44px tall. */
  .box {
    flex: 0 1 var(--dvc-otp-box-size);
    inline-size: var(--dvc-otp-box-size);
    block-size: calc(var(--dvc-otp-box-size) * 1.15);
    min-inline-size: 1.75rem;
    min-block-size: 44px;
    display: grid;
    place-items: center;
    border: 2px solid var(--dvc-otp-box-border, #6b7785);
    border-radius: var(--_radius);
    background: var(--_surface);
    font-size: 1.5rem;
    font-variant-numeric: tabular-nums;
    font-weight: 600;
  }
  /* Keyboard focus is drawn on the box under the caret, since the input itself is invisible. */
  .box.active {
    border-color: var(--_primary);
    outline: 3px solid var(--_focus);
    outline-offset: 1px;
  }
  .box.caret::after {
    content: '';
    inline-size: 2px;
    block-size: 1.5rem;
    background: currentColor;
    animation: blink 1s steps(1) infinite;
  }
  @keyframes blink {
    50% {
      opacity: 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .box.caret::after {
      animation: none;
    }
  }
  .invalid .box {
    border-color: var(--_danger);
  }
  .disabled .box {
    background: #f1f3f5;
    border-style: dashed;
  }
  /* The one real input lies over the boxes: it takes clicks, typing, paste and autofill;
     its text is invisible because the boxes draw it. */
  input {
    position: absolute;
    inset: 0;
    inline-size: 100%;
    block-size: 100%;
    margin: 0;
    padding: 0;
    border: 0;
    background: transparent;
    color: transparent;
    -webkit-text-fill-color: transparent;
    caret-color: transparent;
    font-size: 16px;
    outline: none;
    box-shadow: none;
    cursor: text;
  }
  input::selection {
    background: transparent;
  }
  input:-webkit-autofill {
    -webkit-box-shadow: 0 0 0 100px transparent inset;
    transition: background-color 9999s;
  }
  input:disabled {
    cursor: not-allowed;
  }
  .message {
    color: var(--_danger);
    font-weight: 600;
  }
  .message:empty {
    display: none;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    align-items: center;
  }
  button[aria-disabled='true'] {
    border-color: #6b7785;
    color: #4b5563;
    cursor: not-allowed;
  }
`;

export const styles = [base, own];
