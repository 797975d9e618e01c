import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import type { ProcessingStats } from '../../api/shapes.js';
import { getStats, parseStats } from '../../api/stats.js';
import { FetchController } from '../../controllers/fetch-controller.js';
import { formatDateTime } from '../../i18n/dates.js';
import { common, errorMessage, formatNumber, type Lang } from '../../i18n/index.js';
import { formatPercent } from '../../i18n/percent.js';
import { DvcElement } from '../../internal/dvc-element.js';
import { DvcError, toDvcError } from '../../internal/errors.js';
import { problem, retryButton } from '../../internal/templates.js';
import { msg } from './stats-donut.messages.js';
import { styles } from './stats-donut.styles.js';

let instances = 0;

/** How many years the picker offers, counting back from the latest. */
const YEARS_OFFERED = 6;

/**
 * One ring of the donut: a circle of circumference 100, so that dash lengths are percentages.
 * Lengths are SVG presentation attributes, not `style="…"`: a page whose CSP has no
 * 'unsafe-inline' in style-src refuses style attributes set from script, but not these.
 */
const ring = (cls: string, length: number, segment?: string, offset = 0, stroke?: string) =>
  svg`<circle class=${cls} data-segment=${segment ?? nothing} cx="21" cy="21" r="15.9155" fill="none" stroke-width="6"
    stroke=${stroke ?? nothing} stroke-dashoffset=${-offset} stroke-dasharray="${length} ${100 - length}"></circle>`;

/**
 * The province's processing statistics for one year: an SVG donut of dossiers processed on
 * time vs late, the on-time share in the centre, a legend with counts, a year picker, a text
 * alternative and a data table for screen readers. The late segment is hatched, so the two
 * are told apart without colour.
 *
 * Data comes from the dossier API (`GET /stats/processing?year=`, at `api` or the portal's),
 * or is set directly with the `data` property (then nothing is fetched and there is no picker).
 *
 * @attr year - The year shown; default the current year. The picker changes it.
 * @attr api - Dossier API base URL (outside `<dvc-portal>`).
 * @attr timeout - Network timeout in seconds (outside `<dvc-portal>`).
 * @attr lang - `vi` (default) or `en`; inherited from ancestors.
 * @prop {ProcessingStats} data - `{year, onTime, late, updatedAt}` to show without fetching.
 * @fires dvc-error - Loading failed or the element is not configured; detail `{code, message, status?}`.
 * @csspart base - The outer figure.
 * @csspart title - The title ("TÌNH HÌNH XỬ LÝ HỒ SƠ NĂM 2023").
 * @csspart year-picker - The label and select of the year.
 * @csspart chart - The donut and its centre text.
 * @csspart centre - The on-time share in the centre.
 * @csspart legend - The legend list.
 * @csspart updated - "Cập nhật lúc …".
 * @csspart status - Loading and empty messages.
 * @csspart error - The error message and its retry button.
 * @csspart message - The text of an error.
 * @csspart retry - The "Thử lại" button.
 * @csspart data-table - The table for screen readers (visually hidden).
 * @cssprop --dvc-primary - Portal blue; the title and, by default, the on-time segment.
 * @cssprop --dvc-donut-on-time - Colour of the on-time segment.
 * @cssprop --dvc-donut-late - Colour of the late segment (drawn hatched).
 * @cssprop --dvc-donut-track - Colour of the empty ring.
 * @cssprop --dvc-donut-size - Diameter of the donut (default 11rem).
 * @cssprop --dvc-text - Text colour.
 * @cssprop --dvc-muted - Secondary text colour.
 * @cssprop --dvc-surface - Background.
 * @cssprop --dvc-focus - Focus ring (a box-shadow).
 */
export class DvcStatsDonut extends DvcElement {
  static override styles = styles;

  static override properties = {
    ...DvcElement.properties,
    year: { type: Number, reflect: true },
    data: { attribute: false },
  };

  /** The year shown; undefined means the current year. */
  declare year: number | undefined;
  /** Statistics set directly; when set, nothing is fetched. */
  declare data: ProcessingStats | undefined;

  private readonly uid = `dvc-donut-${++instances}`;
  private given?: { stats?: ProcessingStats; error?: DvcError };

  private readonly stats = new FetchController(this, {
    args: () => {
      if (this.data !== undefined) return undefined;
      const { config } = this.resolved;
      return config?.api ? ([config.api, this.shownYear, config.timeout] as const) : undefined;
    },
    task: ([api, year, timeout], signal) => getStats(year, { api, timeout, signal }),
    onError: (error) => this.reportError(error),
  });

  constructor() {
    super();
    this.year = undefined;
    this.data = undefined;
  }

  /** The year asked for: the `year` attribute, else the current year. */
  private get shownYear(): number {
    const year = Number(this.year);
    return Number.isInteger(year) && year > 0 ? year : new Date().getFullYear();
  }

  /** `config` error when there is neither data nor an API to fetch it from. */
  private get missingConfig(): DvcError | undefined {
    if (this.data !== undefined || this.awaitingPortal) return undefined;
    const { config, error } = this.resolved;
    if (error) return error;
    return config?.api ? undefined : new DvcError('config', 'api is missing');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('data')) {
      if (this.data === undefined) this.given = undefined;
      else {
        try {
          this.given = { stats: parseStats(this.data, this.shownYear) };
        } catch (error) {
          this.given = { error: toDvcError(error) };
        }
      }
    }
  }

  /** Reported once: no data nor API, or data of the wrong shape. */
  protected override get configProblem(): DvcError | undefined {
    return this.missingConfig ?? this.given?.error;
  }

  override render(): TemplateResult {
    const lang = this.language;
    const stats = this.data !== undefined ? this.given?.stats : this.stats.status === 'loading' ? undefined : this.stats.value;
    const year = stats?.year ?? this.shownYear;
    const loading = this.data === undefined && this.stats.status === 'loading';
    return html`
      <figure part="base" aria-busy=${loading ? 'true' : 'false'} aria-labelledby="${this.uid}-title">
        <figcaption part="title" id="${this.uid}-title">${msg(lang, 'title', { year })}</figcaption>
        ${this.data === undefined && !this.missingConfig ? this.renderYearPicker(lang) : nothing} ${this.renderContent(lang, stats)}
      </figure>
    `;
  }

  private renderYearPicker(lang: Lang): TemplateResult {
    const selected = this.shownYear;
    const latest = Math.max(new Date().getFullYear(), selected);
    const years = Array.from({ length: YEARS_OFFERED }, (_, i) => latest - i);
    if (!years.includes(selected)) years.push(selected);
    return html`
      <label part="year-picker">
        <span>${msg(lang, 'year')}</span>
        <select @change=${this.handleYearChange}>
          ${years.map((y) => html`<option value=${y} ?selected=${y === selected}>${y}</option>`)}
        </select>
      </label>
    `;
  }

  private renderContent(lang: Lang, stats: ProcessingStats | undefined): TemplateResult {
    const error = this.configProblem ?? (this.data === undefined && this.stats.status === 'error' ? this.stats.error : undefined);
    if (error) {
      const canRetry = this.data === undefined && error.code !== 'config' && error.retryable;
      return problem(errorMessage(error.code, lang), canRetry ? retryButton(lang, () => void this.stats.run()) : nothing);
    }
    if (!stats) {
      return html`
        <div class="body">
          <div class="skeleton" aria-hidden="true"></div>
          <p part="status" role="status">${common[lang].loading}</p>
        </div>
      `;
    }
    const total = stats.onTime + stats.late;
    if (total === 0) {
      return html`<p part="status" role="status">${msg(lang, 'empty', { year: stats.year })}</p>${this.renderUpdated(lang, stats)}`;
    }
    return html`${this.renderChart(lang, stats, total)} ${this.renderTable(lang, stats, total)} ${this.renderUpdated(lang, stats)}`;
  }

  private renderChart(lang: Lang, stats: ProcessingStats, total: number): TemplateResult {
    const onTimeShare = stats.onTime / total;
    const onTimeLength = onTimeShare * 100;
    const lateLength = 100 - onTimeLength;
    const percent = formatPercent(onTimeShare, lang);
    const summary = msg(lang, 'summary', {
      year: stats.year,
      percent,
      onTime: formatNumber(stats.onTime, lang),
      late: formatNumber(stats.late, lang),
      total: formatNumber(total, lang),
    });
    const patternId = `${this.uid}-late`;
    return html`
      <div class="body">
        <div part="chart">
          <svg viewBox="0 0 42 42" role="img" aria-label=${summary}>
            <defs>
              ${svg`<pattern id=${patternId} patternUnits="userSpaceOnUse" width="1.6" height="1.6" patternTransform="rotate(45)">
                <rect class="hatch-bg" width="1.6" height="1.6"></rect>
                <line class="hatch-line" x1="0" y1="0" x2="0" y2="1.6" stroke-width="1.5"></line>
              </pattern>`}
            </defs>
            ${ring('track', 100)} ${onTimeLength > 0 ? ring('segment on-time', onTimeLength, 'on-time') : nothing}
            ${lateLength > 0 ? ring('segment late', lateLength, 'late', onTimeLength, `url(#${patternId})`) : nothing}
          </svg>
          <div part="centre" aria-hidden="true">
            <span class="percent">${percent}</span>
            <span class="muted">${msg(lang, 'centre')}</span>
          </div>
        </div>
        <ul part="legend">
          <li data-kind="on-time"><span class="swatch on-time" aria-hidden="true"></span><span>${msg(lang, 'onTime')}: <span class="count">${formatNumber(stats.onTime, lang)}</span></span></li>
          <li data-kind="late"><span class="swatch late" aria-hidden="true"></span><span>${msg(lang, 'late')}: <span class="count">${formatNumber(stats.late, lang)}</span></span></li>
        </ul>
      </div>
    `;
  }

  private renderTable(lang: Lang, stats: ProcessingStats, total: number): TemplateResult {
    const row = (label: string, value: number) => html`
      <tr>
        <th scope="row">${label}</th>
        <td>${formatNumber(value, lang)}</td>
        <td>${formatPercent(value / total, lang)}</td>
      </tr>
    `;
    return html`
      <div class="sr-only"><table part="data-table">
        <caption>${msg(lang, 'tableCaption', { year: stats.year })}</caption>
        <thead>
          <tr>
            <th scope="col">${msg(lang, 'kind')}</th>
            <th scope="col">${msg(lang, 'count')}</th>
            <th scope="col">${msg(lang, 'share')}</th>
          </tr>
        </thead>
        <tbody>
          ${row(msg(lang, 'onTime'), stats.onTime)} ${row(msg(lang, 'late'), stats.late)} ${row(msg(lang, 'total'), total)}
        </tbody>
      </table></div>
    `;
  }

  private renderUpdated(lang: Lang, stats: ProcessingStats): TemplateResult {
    const time = (stats.updatedAt && formatDateTime(stats.updatedAt)) || common[lang].noData;
    return html`<p part="updated" class="muted">${msg(lang, 'updatedAt', { time })}</p>`;
  }

  private handleYearChange(event: Event): void {
    this.year = Number((event.target as HTMLSelectElement).value);
  }
}

if (!customElements.get('dvc-stats-donut')) customElements.define('dvc-stats-donut', DvcStatsDonut);

declare global {
  interface HTMLElementTagNameMap {
    'dvc-stats-donut': DvcStatsDonut;
  }
}
