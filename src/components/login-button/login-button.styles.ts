import { css } from 'lit';
import { base, spinner } from '../../internal/styles.js';

export const styles = [
  base,
  spinner,
  css`
    :host {
      display: inline-block;
      position: relative;
    }
    [part~='base'] {
      display: grid;
      justify-items: start;
      gap: 0.5rem;
    }
    [part~='button'] {
      display: inline-flex;
      align-items: center;
      gap: 0.5rem;
      font-weight: 600;
      text-align: start;
    }
    [part~='name'] {
      overflow-wrap: anywhere;
    }
    .badge {
      padding: 0 0.4rem;
      border: 1px solid;
      border-radius: 999px;
      font-size: 0.8125rem;
      font-weight: 700;
      line-height: 1.4;
    }
    .caret {
      border-inline: 0.3rem solid transparent;
      border-top: 0.35rem solid;
    }
    [part~='menu'] {
      position: absolute;
      top: 100%;
      inset-inline-start: 0;
      z-index: 10;
      min-width: max(100%, 16rem);
      margin-top: 0.25rem;
      padding: 0.25rem 0;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      box-shadow: 0 0.5rem 1.5rem rgb(0 0 0 / 0.15);
    }
    [part~='menuitem'] {
      display: block;
      width: 100%;
      border: 0;
      border-radius: 0;
      background: transparent;
      color: var(--_text);
      text-align: start;
    }
    [part~='menuitem']:hover,
    [part~='menuitem']:focus {
      background: var(--_primary);
      color: var(--_on-primary);
    }
    [part~='message'] {
      margin: 0;
      color: var(--_danger);
    }
  `,
];
