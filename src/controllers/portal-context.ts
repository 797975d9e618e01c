import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DvcError } from '../internal/errors.js';
import type { PortalConfig, SessionLike } from '../auth/types.js';

/** What `<dvc-portal>` provides to every descendant widget. */
export interface PortalContextValue {
  /** The parsed configuration, or undefined when it is malformed (see `error`). */
  config?: PortalConfig;
  /** A `config` error when the portal's attributes are missing or malformed. */
  error?: DvcError;
  /** The page's one shared session, when the portal can sign people in. */
  session?: SessionLike;
}

/**
 * The portal's context key in the W3C community protocol "Context" (`context-request` and
 * `context-provider` events), so any provider of that protocol (@lit/context's included) can
 * stand in for `<dvc-portal>`; the testing kit answers the requests itself.
 */
export const portalContext: symbol = Symbol.for('dvc-portal');

export type PortalCallback = (value: PortalContextValue | undefined, unsubscribe?: () => void) => void;

/** A subscribing `context-request` for the portal's context. */
export class PortalRequestEvent extends Event {
  readonly context = portalContext;
  readonly subscribe = true;

  constructor(
    readonly contextTarget: Element,
    readonly callback: PortalCallback,
  ) {
    super('context-request', { bubbles: true, composed: true });
  }
}

/**
 * Consumers whose request nobody answered: elements upgraded before their `<dvc-portal>` (script
 * order, lazy loading). A provider that connects later announces itself (`context-provider`), and
 * they ask again.
 */
const unanswered = new Set<PortalConsumer>();
document.addEventListener('context-provider', (event) => {
  if ((event as Event & { context?: unknown }).context === portalContext) for (const consumer of [...unanswered]) consumer.ask();
});

/**
 * Gives its host what the nearest enclosing portal provides, and every later change of it, while
 * the host is connected (the protocol's consumer side, with subscription).
 */
export class PortalConsumer implements ReactiveController {
  #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly onValue: (value: PortalContextValue | undefined) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.ask();
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    unanswered.delete(this);
  }

  ask(): void {
    let answered = false;
    this.host.dispatchEvent(
      new PortalRequestEvent(this.host, (value, unsubscribe) => {
        answered = true;
        if (this.#unsubscribe !== unsubscribe) this.#unsubscribe?.();
        this.#unsubscribe = unsubscribe;
        this.onValue(value);
      }),
    );
    if (answered) {
      unanswered.delete(this);
      return;
    }
    // Outside any portal (moved out of one, or never in one): the host uses its own attributes.
    unanswered.add(this);
    this.onValue(undefined);
  }
}
