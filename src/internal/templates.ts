import { html, nothing, type TemplateResult } from 'lit';
import { common, type Lang } from '../i18n/index.js';

type Action = TemplateResult | typeof nothing;

/** An error notice (`part="error"`, announced at once) with an optional action such as "Thử lại". */
export const problem = (message: string, action: Action = nothing): TemplateResult =>
  html`<div part="error" class="problem" role="alert"><p part="message">${message}</p>${action}</div>`;

/** The "Thử lại" button (`part="retry"`). */
export const retryButton = (lang: Lang, onClick: () => void, disabled = false): TemplateResult =>
  html`<button part="retry" type="button" class="secondary" ?disabled=${disabled} @click=${onClick}>${common[lang].retry}</button>`;

/** What a signed-out citizen sees where their data would be: why, and the sign-in button. */
export const signInPrompt = (lang: Lang, message: string, onClick: () => void): TemplateResult =>
  html`<div part="signed-out"><p part="message">${message}</p><button part="sign-in" type="button" @click=${onClick}>${common[lang].signIn}</button></div>`;
