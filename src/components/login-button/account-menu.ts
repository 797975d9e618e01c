// The signed-in half of <dvc-login-button>, loaded when a citizen is signed in: the citizen's name
// as a menu button and the account menu (the WAI-ARIA menu button pattern). A signed-out page
// never downloads it.
import { html, nothing, type TemplateResult } from 'lit';
import type { User } from '../../auth/types.js';
import { DvcProfileRequestEvent } from '../../events/profile-request.js';
import { common, type Lang } from '../../i18n/index.js';
import { maskIdNumber } from '../../validation/mask.js';
import { messages } from './login-button.messages.js';

/** What the menu needs of its login button. */
export interface MenuHost extends HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly updateComplete: Promise<boolean>;
  requestUpdate(): void;
  switchAccount(): Promise<void>;
  logout(): Promise<void>;
}

/** The name, else the masked ID number, else "Không có dữ liệu". */
function displayName(user: User | undefined, lang: Lang): string {
  const name = typeof user?.name === 'string' ? user.name.trim() : '';
  if (name) return name;
  if (typeof user?.idNumber === 'string' && user.idNumber.trim()) return maskIdNumber(user.idNumber);
  return common[lang].noData;
}

export class AccountMenu {
  /** Whether the menu is open. */
  open = false;

  /** @param user the signed-in citizen, when the citizen asks for the profile */
  constructor(
    private readonly host: MenuHost,
    private readonly user: () => User | undefined,
  ) {}

  render(user: User | undefined, lang: Lang): TemplateResult {
    const m = messages[lang];
    return html`<button
        part="button"
        type="button"
        id="menu-button"
        aria-haspopup="menu"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls=${this.open ? 'menu' : nothing}
        @click=${this.handleMenuButtonClick}
        @keydown=${this.handleMenuButtonKeydown}
      >
        <span class="sr-only">${m.signedInAs}</span>
        <span part="name">${displayName(user, lang)}</span>
        ${user?.vneid ? html`<span class="badge">${m.vneid}</span>` : nothing}
        <span class="caret" aria-hidden="true"></span>
      </button>
      ${this.open
        ? html`<div part="menu" id="menu" role="menu" aria-labelledby="menu-button" @keydown=${this.handleMenuKeydown}>
            <button part="menuitem" type="button" role="menuitem" tabindex="-1" @click=${this.handleProfile}>${m.profile}</button>
            <button part="menuitem" type="button" role="menuitem" tabindex="-1" @click=${this.handleSwitchAccount}>${m.switchAccount}</button>
            <button part="menuitem" type="button" role="menuitem" tabindex="-1" @click=${this.handleLogout}>${m.logout}</button>
          </div>`
        : nothing}`;
  }

  /** After each update: a click outside the open menu closes it. */
  listen(): void {
    if (this.open) document.addEventListener('click', this.handleDocumentClick);
    else this.stopListening();
  }

  stopListening(): void {
    document.removeEventListener('click', this.handleDocumentClick);
  }

  private get menuButton(): HTMLButtonElement | null {
    return this.host.renderRoot.querySelector('#menu-button');
  }

  private get menuItems(): HTMLButtonElement[] {
    return [...this.host.renderRoot.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
  }

  private async openMenu(focus: 'first' | 'last'): Promise<void> {
    this.open = true;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const items = this.menuItems;
    items[focus === 'first' ? 0 : items.length - 1]?.focus();
  }

  private close(returnFocus: boolean): void {
    if (!this.open) return;
    if (returnFocus) this.menuButton?.focus();
    this.open = false;
    this.host.requestUpdate();
  }

  private readonly handleMenuButtonClick = () => {
    if (this.open) this.close(true);
    else void this.openMenu('first');
  };

  private readonly handleMenuButtonKeydown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      void this.openMenu(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  private readonly handleMenuKeydown = (event: KeyboardEvent) => {
    const items = this.menuItems;
    const index = items.indexOf(this.host.shadowRoot?.activeElement as HTMLButtonElement);
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = (index + 1) % items.length;
        break;
      case 'ArrowUp':
        next = (index - 1 + items.length) % items.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = items.length - 1;
        break;
      case 'Escape':
        event.preventDefault();
        this.close(true);
        return;
      case 'Tab':
        // Focus goes back to the menu button first, so Tab continues from there.
        this.close(true);
        return;
      default:
        return;
    }
    event.preventDefault();
    items[next]?.focus();
  };

  private readonly handleDocumentClick = (event: Event) => {
    if (!event.composedPath().includes(this.host)) this.close(false);
  };

  private readonly handleProfile = () => {
    const user = this.user();
    this.close(true);
    if (user) this.host.dispatchEvent(new DvcProfileRequestEvent({ user }));
  };

  private readonly handleSwitchAccount = () => {
    this.close(true);
    void this.host.switchAccount();
  };

  private readonly handleLogout = () => {
    this.close(true);
    void this.host.logout();
  };
}
