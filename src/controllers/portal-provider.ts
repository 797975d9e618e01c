import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { portalContext, PortalRequestEvent, type PortalCallback, type PortalContextValue } from './portal-context.js';

type Request = Event & { context?: unknown; contextTarget?: Element; callback?: PortalCallback; subscribe?: boolean };

/**
 * `<dvc-portal>`'s side of the context protocol: answers the requests of the widgets inside it
 * (not its own), keeps the subscribers, and tells them every new value. Announces itself when it
 * connects, so widgets that asked before it was there ask again; a portal inside this one takes
 * over the widgets inside it.
 */
export class PortalProvider implements ReactiveController {
  #value: PortalContextValue | undefined;
  readonly #subscribers = new Map<PortalCallback, { unsubscribe: () => void; consumer: Element }>();

  /** `host` is `<dvc-portal>`, or any element of a test that stands in for one (then call `hostConnected` itself). */
  constructor(private readonly host: HTMLElement & Partial<ReactiveControllerHost>) {
    host.addController?.(this);
    host.addEventListener('context-request', this.#handleRequest);
    host.addEventListener('context-provider', this.#handleProvider);
  }

  hostConnected(): void {
    const announce = new Event('context-provider', { bubbles: true, composed: true });
    this.host.dispatchEvent(Object.assign(announce, { context: portalContext, contextTarget: this.host }));
  }

  setValue(value: PortalContextValue): void {
    if (value === this.#value) return;
    this.#value = value;
    for (const [callback, { unsubscribe }] of this.#subscribers) callback(value, unsubscribe);
  }

  readonly #handleRequest = (event: Event): void => {
    const request = event as Request;
    const consumer = request.contextTarget ?? event.composedPath()[0];
    if (request.context !== portalContext || consumer === this.host || !request.callback || !(consumer instanceof Element)) return;
    event.stopPropagation();
    const { callback } = request;
    if (!request.subscribe) {
      callback(this.#value);
      return;
    }
    let subscription = this.#subscribers.get(callback);
    if (!subscription) this.#subscribers.set(callback, (subscription = { unsubscribe: () => this.#subscribers.delete(callback), consumer }));
    callback(this.#value, subscription.unsubscribe);
  };

  /** A portal inside this one connected: the widgets this one serves ask again, and the nearer portal answers those inside it. */
  readonly #handleProvider = (event: Event): void => {
    const source = (event as Request).contextTarget ?? event.composedPath()[0];
    if ((event as Request).context !== portalContext || source === this.host) return;
    event.stopPropagation();
    // A widget the nearer portal answers drops this portal's subscription itself (a new unsubscribe).
    for (const [callback, { consumer }] of [...this.#subscribers]) consumer.dispatchEvent(new PortalRequestEvent(consumer, callback));
  };
}
