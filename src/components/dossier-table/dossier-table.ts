import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { getDossier, getMyDossiers, getPublicResults } from '../../api/dossiers.js';
import { DOSSIER_STATUSES, type Dossier, type DossierStatus, type Paged, type PublicResult } from '../../api/shapes.js';
import { FetchController } from '../../controllers/fetch-controller.js';
import { PollingController } from '../../controllers/polling-controller.js';
import { SessionController } from '../../controllers/session-controller.js';
import { DvcDossierSelectEvent } from '../../events/dossier.js';
import { formatDateTime } from '../../i18n/dates.js';
import { common, errorMessage, formatNumber, type Lang } from '../../i18n/index.js';
import { problem, retryButton, signInPrompt } from '../../internal/templates.js';
import { parseConfig } from '../../auth/config.js';
import type { ConfigParser } from '../../internal/data-config.js';
import { DvcElement } from '../../internal/dvc-element.js';
import { DvcError } from '../../internal/errors.js';
import { msg, statusNames } from './dossier-table.messages.js';
import { styles } from './dossier-table.styles.js';

export type DossierSource = 'public-results' | 'mine';
/** Sort keys of `GET /me/dossiers` that the table offers. */
export type SortKey = 'code' | 'submittedAt' | 'dueAt' | 'status';
export interface SortState {
  key: SortKey;
  direction: 'ascending' | 'descending';
}

type Row = PublicResult | Dossier;
/** `sub`: whose dossiers (`mine`); a new citizen, or a new sign-in, loads again. */
type RowsArgs = readonly [source: DossierSource, api: string, timeout: number, page: number, pageSize: number, status: DossierStatus | undefined, sort: string | undefined, sub: string | undefined];
type LookupArgs = readonly [api: string, timeout: number, code: string, attempt: number];

interface Column {
  label: (lang: Lang) => string;
  sort?: SortKey;
}

const DEFAULT_PAGE_SIZE = 10;
const DEFAULT_SORT: SortState = { key: 'submittedAt', direction: 'descending' };
let instances = 0;

const dateText = (value: string | undefined, lang: Lang) => (value && formatDateTime(value)) || common[lang].noData;
const dateCell = (value: string | undefined, lang: Lang) => html`<span class="date">${dateText(value, lang)}</span>`;
const statusText = (row: Dossier, lang: Lang) => (row.status ? statusNames[lang][row.status] : (row.statusName ?? common[lang].noData));
/**
 * The parts of a dossier code, each after a "." or "-", where a narrow column may break the line.
 * Chromium puts a space in the accessible name at each <wbr>, so the button carries the code whole
 * as its aria-label.
 */
const breakable = (code: string) => code.split(/(?<=[.-])/).map((part, i) => (i === 0 ? part : html`<wbr />${part}`));
/** What tells two rows apart, for announcing new ones. */
const rowId = (row: Row) => row.code ?? `${(row as PublicResult).applicantName ?? ''}|${row.resultAt ?? ''}`;

/**
 * Dossiers in a native table. `source="public-results"` is the seed's "HỒ SƠ CÓ KẾT QUẢ"
 * (STT, Họ và tên, Ngày có kết quả); `source="mine"` lists the signed-in citizen's dossiers
 * (Mã hồ sơ, Thủ tục, Ngày nộp, Hạn xử lý, Trạng thái) with a status filter and server-side
 * sorting, and asks a signed-out citizen to sign in. Both page on the server, look a dossier up
 * by its code ("Tra cứu"), can refresh themselves while the tab is visible, and announce new
 * rows politely.
 *
 * @attr source - `public-results` (default) or `mine`.
 * @attr page-size - Rows per page (default 10).
 * @attr refresh-interval - Seconds between refreshes; none when absent. Paused while the tab is hidden.
 * @attr no-lookup - Hides the look-up form.
 * @attr api - Dossier API base URL (outside `<dvc-portal>`).
 * @attr backend - Backend mode's path on this site (e.g. `/auth`), for `mine` outside `<dvc-portal>`.
 * @attr issuer - OpenID issuer, for `mine` outside `<dvc-portal>`.
 * @attr client-id - OpenID client id, for `mine` outside `<dvc-portal>`.
 * @attr timeout - Network timeout in seconds (outside `<dvc-portal>`).
 * @attr lang - `vi` (default) or `en`; inherited from ancestors.
 * @fires dvc-dossier-select - A row was chosen (click, Enter or Space); detail `{dossier, source}`.
 * @fires dvc-error - Loading failed, the session expired, or the element is not configured; detail `{code, message, status?}`.
 * @csspart base - The outer section.
 * @csspart title - The title shown when there is no table (signed out, error).
 * @csspart toolbar - The status filter and the look-up form.
 * @csspart status-filter - The status select.
 * @csspart lookup - The look-up form.
 * @csspart lookup-input - The dossier code input.
 * @csspart lookup-button - The "Tra cứu" button.
 * @csspart lookup-result - The look-up answer.
 * @csspart table - The table.
 * @csspart row - A row of dossiers.
 * @csspart select - The button that chooses a row.
 * @csspart footer - The total and the pagination.
 * @csspart total - "Tổng số: … hồ sơ".
 * @csspart pagination - The pagination navigation.
 * @csspart error - An error message with its retry.
 * @csspart message - The text of an error or of the sign-in prompt.
 * @csspart retry - A "Thử lại" button.
 * @csspart signed-out - The sign-in prompt of `mine`.
 * @csspart sign-in - The sign-in button.
 * @cssprop --dvc-primary - Portal blue: header row, buttons, links.
 * @cssprop --dvc-text - Text colour.
 * @cssprop --dvc-muted - Secondary text.
 * @cssprop --dvc-surface - Background.
 * @cssprop --dvc-border - Row borders.
 * @cssprop --dvc-stripe - Background of even rows.
 * @cssprop --dvc-danger - Error text and the "Mới" badge.
 * @cssprop --dvc-focus - Focus ring (a box-shadow).
 */
export class DvcDossierTable extends DvcElement {
  protected static override parseConfig: ConfigParser = parseConfig;
  static override styles = styles;

  static override properties = {
    ...DvcElement.properties,
    source: { reflect: true },
    pageSize: { attribute: 'page-size', type: Number },
    refreshInterval: { attribute: 'refresh-interval', type: Number },
    noLookup: { attribute: 'no-lookup', type: Boolean },
    page: { state: true },
    sort: { state: true },
    statusFilter: { state: true },
    lookupCode: { state: true },
    announcement: { state: true },
  };

  /** `public-results` or `mine`. */
  declare source: DossierSource;
  /** Rows per page. */
  declare pageSize: number;
  /** Seconds between refreshes; undefined for none. */
  declare refreshInterval: number | undefined;
  declare noLookup: boolean;
  /** The page shown, from 1. */
  declare page: number;
  /** The sort of `mine`. */
  declare sort: SortState;
  /** The status filter of `mine`; undefined for all. */
  declare statusFilter: DossierStatus | undefined;
  private declare lookupCode: string | undefined;
  private declare announcement: string;

  private readonly uid = `dvc-dossiers-${++instances}`;
  private lookupAttempt = 0;
  /**
   * The API answered 401 while the session still says signed in: no more requests until the
   * session leaves that state (a new sign-in is a new grant).
   */
  private refused = false;
  private lastRows?: { args: RowsArgs; ids: Set<string> };
  /** Rows that a refresh brought in, marked "Mới". */
  private newIds = new Set<string>();

  private readonly sessionController = new SessionController(this, () => ({ ...this.resolved, session: this.portal?.session }));

  private readonly rows = new FetchController<RowsArgs, Paged<Row>>(this, {
    args: () => this.rowsArgs(),
    task: ([source, api, timeout, page, pageSize, status, sort], signal) => {
      if (source === 'public-results') return getPublicResults({ page, pageSize }, { api, timeout, signal });
      return getMyDossiers(
        { page, pageSize, status, sort },
        {
          api,
          timeout,
          signal,
          // Each request is authorised by the session itself: the table never holds a token.
          authorize: (request) => this.sessionController.session?.apiAccess(request) ?? Promise.resolve(undefined),
          onUnauthorized: () => {
            this.refused = true;
          },
        },
      );
    },
    onComplete: (value, args) => this.handleRows(value, args),
    onError: (error) => {
      this.reportError(error);
      // After reporting: expiring changes the session, which stops this run's bookkeeping.
      if (error.code === 'session_expired') this.sessionController.session?.expire();
    },
  });

  private readonly lookup = new FetchController<LookupArgs, Dossier | null>(this, {
    args: () => {
      const { config } = this.resolved;
      return this.lookupCode && config?.api ? [config.api, config.timeout, this.lookupCode, this.lookupAttempt] : undefined;
    },
    task: ([api, timeout, code], signal) => getDossier(code, { api, timeout, signal }),
    onError: (error) => this.reportError(error),
  });

  constructor() {
    super();
    this.source = 'public-results';
    this.pageSize = DEFAULT_PAGE_SIZE;
    this.refreshInterval = undefined;
    this.noLookup = false;
    this.page = 1;
    this.sort = DEFAULT_SORT;
    this.statusFilter = undefined;
    this.lookupCode = undefined;
    this.announcement = '';
    new PollingController(
      this,
      () => this.handleRefresh(),
      () => (this.refreshInterval ? Number(this.refreshInterval) * 1000 : undefined),
    );
  }

  /** Loads the current page again (as the refresh timer does). */
  refresh(): Promise<void> {
    return this.rows.run();
  }

  private get mine(): boolean {
    return this.source === 'mine';
  }

  private get effectivePageSize(): number {
    const n = Number(this.pageSize);
    return Number.isInteger(n) && n > 0 ? Math.min(n, 100) : DEFAULT_PAGE_SIZE;
  }

  /** Whether `mine` can ask for the citizen's dossiers: signed in, and the API has not refused this sign-in. */
  private get signedIn(): boolean {
    return !!this.sessionController.session && this.sessionController.state.status === 'signed-in' && !this.refused;
  }

  /** Why nothing can be fetched because of configuration, if so. */
  protected override get configProblem(): DvcError | undefined {
    if (this.awaitingPortal) return undefined;
    const { config, error } = this.resolved;
    if (error) return error;
    if (!config?.api) return new DvcError('config', 'api is missing');
    if (this.mine && this.sessionController.configError) return this.sessionController.configError;
    return undefined;
  }

  /** Whether `mine` must show the session-expired message. */
  private get expired(): boolean {
    const state = this.sessionController.state;
    if (this.signedIn) return false;
    return state.error?.code === 'session_expired' || (this.refused && state.status !== 'busy');
  }

  private rowsArgs(): RowsArgs | undefined {
    const { config } = this.resolved;
    if (!config?.api) return undefined;
    const paging = [config.api, config.timeout, this.page, this.effectivePageSize] as const;
    if (!this.mine) return ['public-results', ...paging, undefined, undefined, undefined];
    if (!this.signedIn) return undefined;
    const sort = `${this.sort.direction === 'descending' ? '-' : ''}${this.sort.key}`;
    return ['mine', ...paging, this.statusFilter, sort, this.sessionController.state.user?.sub ?? ''];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Signed out, expired or signing in again: the refusal was of the sign-in that ended.
    if (this.refused && this.sessionController.state.status !== 'signed-in') this.refused = false;
    if (changed.has('source') && changed.get('source') !== undefined) {
      this.page = 1;
      this.lastRows = undefined;
    }
  }

  override render(): TemplateResult {
    const lang = this.language;
    const busy = this.rows.status === 'loading' || (this.mine && this.sessionController.state.status === 'busy');
    return html`
      <section part="base" aria-busy=${busy ? 'true' : 'false'} aria-labelledby="${this.uid}-title">
        ${this.renderToolbar(lang)} ${this.renderLookupResult(lang)} ${this.renderBody(lang)}
        <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
      </section>
    `;
  }

  private titleText(lang: Lang): string {
    return msg(lang, this.mine ? 'mineTitle' : 'publicTitle');
  }

  private renderBody(lang: Lang): TemplateResult {
    const { status, value, error } = this.rows;
    const shown = this.renderState(lang) ?? (status === 'error' && !value ? this.renderError(lang, error!) : undefined);
    if (shown) return html`<p part="title" id="${this.uid}-title" role="heading" aria-level="2">${this.titleText(lang)}</p>${shown}`;
    return html`
      ${status === 'error' ? this.renderError(lang, error!) : nothing} ${this.renderTable(lang, value)}
      ${value && value.total > 0 ? this.renderFooter(lang, value) : nothing}
    `;
  }

  /** What shows instead of the table: a configuration problem, or the session of `mine`. */
  private renderState(lang: Lang): TemplateResult | undefined {
    const configError = this.configProblem;
    if (configError) return problem(errorMessage(configError.code, lang));
    if (!this.mine) return undefined;
    if (this.awaitingPortal) return html`<p part="status" role="status">${common[lang].loading}</p>`;
    if (this.sessionController.state.status === 'busy') return html`<p part="status" role="status">${common[lang].signingIn}</p>`;
    if (this.expired) return signInPrompt(lang, errorMessage('session_expired', lang), this.handleSignIn);
    if (!this.signedIn) return signInPrompt(lang, msg(lang, 'signedOut'), this.handleSignIn);
    return undefined;
  }

  private renderToolbar(lang: Lang): TemplateResult | typeof nothing {
    const showFilter = this.mine && this.signedIn;
    if (!showFilter && this.noLookup) return nothing;
    return html`
      <div part="toolbar">
        ${showFilter
          ? html`<label>
              <span>${msg(lang, 'colStatus')}</span>
              <select part="status-filter" @change=${this.handleStatusChange}>
                <option value="" ?selected=${this.statusFilter === undefined}>${msg(lang, 'allStatuses')}</option>
                ${DOSSIER_STATUSES.map((s) => html`<option value=${s} ?selected=${this.statusFilter === s}>${statusNames[lang][s]}</option>`)}
              </select>
            </label>`
          : nothing}
        ${this.noLookup
          ? nothing
          : html`<form part="lookup" role="search" aria-label=${msg(lang, 'lookupButton')} @submit=${this.handleLookup}>
              <label for="${this.uid}-code">${msg(lang, 'colCode')}</label>
              <div class="lookup-row">
                <input
                  part="lookup-input"
                  id="${this.uid}-code"
                  name="code"
                  required
                  autocomplete="off"
                  spellcheck="false"
                  aria-describedby="${this.uid}-hint"
                />
                <button part="lookup-button" type="submit">${msg(lang, 'lookupButton')}</button>
              </div>
              <span class="muted" id="${this.uid}-hint">${msg(lang, 'lookupHint')}</span>
            </form>`}
      </div>
    `;
  }

  private renderLookupResult(lang: Lang): TemplateResult | typeof nothing {
    if (this.noLookup) return nothing;
    const { status, value, error } = this.lookup;
    const code = this.lookupCode ?? '';
    let content: TemplateResult | typeof nothing = nothing;
    if (status === 'loading') content = html`<p>${msg(lang, 'lookupLoading')}</p>`;
    else if (status === 'error') {
      content =
        error!.code === 'http' && error!.status === 400 ? problem(msg(lang, 'lookupInvalid')) : this.renderError(lang, error!, this.handleLookupRetry);
    } else if (status === 'complete' && value === null) content = html`<p>${msg(lang, 'lookupNotFound', { code })}</p>`;
    else if (status === 'complete' && value) content = this.renderDossier(lang, value);
    return html`<div part="lookup-result" aria-live="polite">${content}</div>`;
  }

  private renderDossier(lang: Lang, d: Dossier): TemplateResult {
    const none = common[lang].noData;
    const item = (label: string, value: TemplateResult | string) => html`<dt>${label}</dt><dd>${value}</dd>`;
    return html`
      <div>
        <p part="title" role="heading" aria-level="3">${msg(lang, 'lookupResult', { code: d.code ?? this.lookupCode ?? '' })}</p>
        <dl>
          ${item(msg(lang, 'colCode'), d.code ?? none)} ${item(msg(lang, 'colProcedure'), d.procedureName ?? none)}
          ${item(msg(lang, 'colStatus'), statusText(d, lang))} ${item(msg(lang, 'colSubmittedAt'), dateCell(d.submittedAt, lang))}
          ${item(msg(lang, 'colDueAt'), dateCell(d.dueAt, lang))} ${d.resultAt ? item(msg(lang, 'colResultAt'), dateCell(d.resultAt, lang)) : nothing}
        </dl>
      </div>
    `;
  }

  private columns(): Column[] {
    if (!this.mine) {
      return [
        { label: (l) => msg(l, 'colIndex') },
        { label: (l) => msg(l, 'colName') },
        { label: (l) => msg(l, 'colResultAt') },
      ];
    }
    return [
      { label: (l) => msg(l, 'colCode'), sort: 'code' },
      { label: (l) => msg(l, 'colProcedure') },
      { label: (l) => msg(l, 'colSubmittedAt'), sort: 'submittedAt' },
      { label: (l) => msg(l, 'colDueAt'), sort: 'dueAt' },
      { label: (l) => msg(l, 'colStatus'), sort: 'status' },
    ];
  }

  private newBadge(row: Row, lang: Lang): TemplateResult | typeof nothing {
    return this.newIds.has(rowId(row)) ? html`<span class="badge">${msg(lang, 'newBadge')}</span>` : nothing;
  }

  /**
   * One flat template per row, cells included (the columns of `columns()`, in order): a table of
   * 100 rows builds 100 template instances, not 100 rows of nested cell templates (7 each).
   */
  private renderRow(row: Row, i: number, index: number, lang: Lang, labels: readonly string[]): TemplateResult {
    const none = common[lang].noData;
    if (!this.mine) {
      const r = row as PublicResult;
      return html`<tr part="row" role="row" data-index=${i} @click=${this.handleRowClick}>
        <td role="cell" data-label=${labels[0]!}><span class="index">${index}</span></td>
        <td role="cell" data-label=${labels[1]!}><button part="select" class="select" type="button">${r.applicantName ?? none}</button>${this.newBadge(r, lang)}</td>
        <td role="cell" data-label=${labels[2]!}><span class="date">${dateText(r.resultAt, lang)}</span></td>
      </tr>`;
    }
    const d = row as Dossier;
    return html`<tr part="row" role="row" data-index=${i} @click=${this.handleRowClick}>
      <td role="cell" data-label=${labels[0]!}><button part="select" class="select code" type="button" aria-label=${d.code ?? nothing}>${d.code ? breakable(d.code) : none}</button>${this.newBadge(d, lang)}</td>
      <td role="cell" data-label=${labels[1]!}><span>${d.procedureName ?? none}</span></td>
      <td role="cell" data-label=${labels[2]!}><span class="date">${dateText(d.submittedAt, lang)}</span></td>
      <td role="cell" data-label=${labels[3]!}><span class="date">${dateText(d.dueAt, lang)}</span></td>
      <td role="cell" data-label=${labels[4]!}><span>${statusText(d, lang)}</span></td>
    </tr>`;
  }

  private renderTable(lang: Lang, value: Paged<Row> | undefined): TemplateResult {
    const columns = this.columns();
    const labels = columns.map((c) => c.label(lang));
    const first = value ? (value.page - 1) * value.pageSize : 0;
    let body: TemplateResult;
    if (!value) {
      body = html`<tr role="row">
        <td role="cell" class="message" colspan=${columns.length}>${common[lang].loading}</td>
      </tr>`;
    } else if (value.items.length === 0) {
      body = html`<tr role="row">
        <td role="cell" class="message" colspan=${columns.length}>${msg(lang, 'empty')}</td>
      </tr>`;
    } else {
      body = html`${value.items.map((row, i) => this.renderRow(row, i, first + i + 1, lang, labels))}`;
    }
    return html`
      <div class="table-wrap ${this.mine ? 'mine' : 'results'}">
        <table part="table" role="table" aria-describedby=${value && value.total > 0 ? `${this.uid}-total` : nothing}>
          <caption id="${this.uid}-title">${this.titleText(lang)}</caption>
          <thead role="rowgroup">
            <tr role="row">
              ${columns.map((c) => this.renderHeader(lang, c))}
            </tr>
          </thead>
          <tbody role="rowgroup">
            ${body}
          </tbody>
        </table>
      </div>
    `;
  }

  private renderHeader(lang: Lang, column: Column): TemplateResult {
    const label = column.label(lang);
    if (!column.sort) return html`<th scope="col" role="columnheader">${label}</th>`;
    const key = column.sort;
    const active = this.sort.key === key;
    const ariaSort = active ? this.sort.direction : nothing;
    const arrow = active ? (this.sort.direction === 'ascending' ? '▲' : '▼') : '↕';
    return html`<th scope="col" role="columnheader" aria-sort=${ariaSort} data-sort=${key}>
      <button class="sort" type="button" @click=${() => this.handleSort(key)}>
        <span>${label}</span><span class="arrow" aria-hidden="true">${arrow}</span>
      </button>
    </th>`;
  }

  private renderFooter(lang: Lang, value: Paged<Row>): TemplateResult {
    const pages = Math.max(1, Math.ceil(value.total / value.pageSize));
    const current = Math.min(this.page, pages);
    return html`
      <div part="footer">
        <p part="total" id="${this.uid}-total">${msg(lang, 'total', { total: formatNumber(value.total, lang) })}</p>
        ${pages > 1 ? this.renderPagination(lang, current, pages) : nothing}
      </div>
    `;
  }

  private renderPagination(lang: Lang, current: number, pages: number): TemplateResult {
    const wanted = new Set([1, pages, current - 1, current, current + 1].filter((n) => n >= 1 && n <= pages));
    const numbers = [...wanted].sort((a, b) => a - b);
    // 0 stands for the gap between numbers that are not neighbours.
    const items: number[] = [];
    numbers.forEach((n, i) => {
      if (i > 0 && n - numbers[i - 1]! > 1) items.push(0);
      items.push(n);
    });
    return html`
      <nav part="pagination" aria-label=${msg(lang, 'pagination')}>
        <ul>
          <li>
            <button type="button" data-page="previous" ?disabled=${current <= 1} @click=${() => this.goTo(current - 1)}>${common[lang].previous}</button>
          </li>
          ${items.map((item) =>
            item === 0
              ? html`<li class="ellipsis" aria-hidden="true">…</li>`
              : html`<li>
                  <button
                    type="button"
                    data-page=${item}
                    aria-label="${common[lang].page} ${formatNumber(item, lang)}"
                    aria-current=${item === current ? 'page' : nothing}
                    @click=${() => this.goTo(item, true)}
                  >
                    ${formatNumber(item, lang)}
                  </button>
                </li>`,
          )}
          <li>
            <button type="button" data-page="next" ?disabled=${current >= pages} @click=${() => this.goTo(current + 1)}>${common[lang].next}</button>
          </li>
        </ul>
      </nav>
    `;
  }

  private renderError(lang: Lang, error: DvcError, onRetry: () => void = this.handleRetry): TemplateResult {
    return problem(errorMessage(error.code, lang), error.retryable ? retryButton(lang, onRetry) : nothing);
  }

  // ---- handlers ----------------------------------------------------------------------------

  private handleRows(value: Paged<Row>, args: RowsArgs): void {
    // The list shrank under us (a refresh, another tab): go to its last page.
    const pages = Math.ceil(value.total / value.pageSize);
    if (value.items.length === 0 && pages > 0 && this.page > pages) {
      this.page = pages;
      return;
    }
    const ids = new Set(value.items.map(rowId));
    const previous = this.lastRows;
    this.lastRows = { args, ids };
    const refreshed = previous && previous.args.every((v, i) => Object.is(v, args[i]));
    this.newIds = refreshed ? new Set([...ids].filter((id) => !previous.ids.has(id))) : new Set();
    const count = this.newIds.size;
    if (count > 0) {
      const lang = this.language;
      const text = count === 1 ? msg(lang, 'newRowsOne') : msg(lang, 'newRows', { count: formatNumber(count, lang) });
      // Cleared first so that the same words are announced again on a later refresh.
      this.announcement = '';
      requestAnimationFrame(() => (this.announcement = text));
    }
  }

  private handleRefresh(): void {
    if (this.rows.status !== 'loading' && this.rowsArgs()) void this.rows.run();
  }

  private handleRetry = (): void => {
    void this.rows.run();
  };

  private handleLookupRetry = (): void => {
    void this.lookup.run();
  };

  private handleSort(key: SortKey): void {
    const direction = this.sort.key === key && this.sort.direction === 'ascending' ? 'descending' : 'ascending';
    this.sort = { key, direction };
    this.page = 1;
  }

  private handleStatusChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.statusFilter = value ? (Number(value) as DossierStatus) : undefined;
    this.page = 1;
  }

  /**
   * Shows a page. The page numbers are drawn by position, so a number that moves (the list around the
   * current page changes) takes the focus with it when it was chosen by its own button.
   */
  private goTo(page: number, focus = false): void {
    if (page < 1) return;
    this.page = page;
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[data-page="${page}"]`)?.focus());
  }

  private handleLookup(event: SubmitEvent): void {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('code') as HTMLInputElement;
    const code = input.value.trim();
    if (!code) return;
    // A new attempt even for the same code: the citizen asked again.
    this.lookupAttempt++;
    this.lookupCode = code;
    this.requestUpdate();
  }

  private handleRowClick(event: MouseEvent): void {
    const index = Number((event.currentTarget as HTMLElement).dataset.index);
    const row = this.rows.value?.items[index];
    if (row) this.dispatchEvent(new DvcDossierSelectEvent({ dossier: row, source: this.mine ? 'mine' : 'public-results' }));
  }

  private readonly handleSignIn = (): void => {
    const session = this.sessionController.session;
    if (!session) return;
    this.refused = false;
    session.login().catch((error: unknown) => this.reportError(error));
  };
}

if (!customElements.get('dvc-dossier-table')) customElements.define('dvc-dossier-table', DvcDossierTable);

declare global {
  interface HTMLElementTagNameMap {
    'dvc-dossier-table': DvcDossierTable;
  }
}
