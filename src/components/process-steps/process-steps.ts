import { html, nothing, type TemplateResult } from 'lit';
import { DvcElement } from '../../internal/dvc-element.js';
import { messages } from './process-steps.messages.js';
import { styles } from './process-steps.styles.js';

const STEPS = ['step1', 'step2', 'step3', 'step4', 'step5'] as const;

export type StepState = 'completed' | 'current' | 'upcoming';

let instances = 0;

/**
 * The seed's "QUY TRÌNH THỰC HIỆN NỘP HỒ SƠ QUA MẠNG": Đăng nhập → Chọn thủ tục → Khai báo HS →
 * Tra cứu kết quả → Nhận kết quả, as an ordered list. With `current`, the steps before it read
 * "Đã xong", the current one "Đang thực hiện" (and carries `aria-current="step"`), the rest
 * "Chưa thực hiện": the state is written, not shown by colour alone.
 *
 * @attr current - The current step, 1 to 5; none marked when absent or out of range.
 * @attr lang - `vi` (default) or `en`; inherited from ancestors.
 * @csspart base - The outer section.
 * @csspart title - The title.
 * @csspart list - The ordered list.
 * @csspart step - Each step; also `completed`, `current` or `upcoming` when `current` is set.
 * @csspart number - The step's number in its circle.
 * @csspart label - The step's name.
 * @csspart state - The written state ("Đã xong", "Đang thực hiện", "Chưa thực hiện").
 * @cssprop --dvc-primary - Portal blue: title, numbers, the current step.
 * @cssprop --dvc-steps-done - Colour of completed steps.
 * @cssprop --dvc-steps-upcoming - Colour of steps not started.
 * @cssprop --dvc-text - Text colour.
 * @cssprop --dvc-muted - Secondary text and arrows.
 * @cssprop --dvc-surface - Background.
 */
export class DvcProcessSteps extends DvcElement {
  static override styles = styles;

  static override properties = {
    ...DvcElement.properties,
    current: { type: Number, reflect: true },
  };

  /** The current step, 1-5. */
  declare current: number | undefined;

  private readonly uid = `dvc-steps-${++instances}`;

  constructor() {
    super();
    this.current = undefined;
  }

  /** The state of step `n` (1-based), or undefined when no step is current. */
  stateOf(n: number): StepState | undefined {
    const current = Number(this.current);
    if (!Number.isInteger(current) || current < 1 || current > STEPS.length) return undefined;
    return n < current ? 'completed' : n === current ? 'current' : 'upcoming';
  }

  override render(): TemplateResult {
    const m = messages[this.language];
    return html`
      <section part="base" aria-labelledby="${this.uid}-title">
        <h2 part="title" id="${this.uid}-title">${m.title}</h2>
        <ol part="list">
          ${STEPS.map((key, i) => {
            const n = i + 1;
            const state = this.stateOf(n);
            return html`
              <li part="step${state ? ` ${state}` : ''}" aria-current=${state === 'current' ? 'step' : nothing}>
                <span part="number" aria-hidden="true">${n}</span>
                <span class="sr-only">${m.stepNumber.replace('{n}', String(n))}: </span>
                <span part="label">${m[key]}</span>
                ${state ? html`<span part="state"><span class="sr-only">(</span>${m[state]}<span class="sr-only">)</span></span>` : nothing}
              </li>
            `;
          })}
        </ol>
      </section>
    `;
  }
}

if (!customElements.get('dvc-process-steps')) customElements.define('dvc-process-steps', DvcProcessSteps);

declare global {
  interface HTMLElementTagNameMap {
    'dvc-process-steps': DvcProcessSteps;
  }
}
