import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbort, toDvcError, type DvcError } from '../internal/errors.js';

export type FetchStatus = 'idle' | 'loading' | 'complete' | 'error';

export interface FetchControllerOptions<A extends readonly unknown[], R> {
  /** The async work; it must honour the signal (the API client does). */
  task: (args: A, signal: AbortSignal) => Promise<R>;
  /** The inputs, read before every host update; `undefined` means there is nothing to fetch (idle). */
  args: () => A | undefined;
  /** Called with the result of the latest run only. */
  onComplete?: (value: R, args: A) => void;
  /** Called with the error of the latest run only (aborts are not errors). */
  onError?: (error: DvcError, args: A) => void;
}

const sameArgs = (a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean =>
  a === b || (!!a && !!b && a.length === b.length && a.every((v, i) => Object.is(v, b[i])));

/**
 * Async data for an element, in the spirit of @lit/task: runs when its arguments change,
 * aborts the stale run, keeps only the latest result, and aborts when the element leaves
 * the page (running again when it comes back). The previous value stays while a new run
 * loads, so a table can keep its rows during a refresh; it is cleared when the arguments
 * become undefined (for example on sign-out).
 */
export class FetchController<A extends readonly unknown[], R> implements ReactiveController {
  status: FetchStatus = 'idle';
  value?: R;
  error?: DvcError;
  /** The arguments of the run that produced `value` or `error`. */
  settledArgs?: A;

  private lastArgs?: A;
  private current?: AbortController;
  private wasDisconnected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: FetchControllerOptions<A, R>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.wasDisconnected) {
      this.wasDisconnected = false;
      this.host.requestUpdate();
    }
    // Start as soon as the inputs are known, not after the first render: the request then
    // travels while the page's elements render their first frame. (Inputs not known yet,
    // or known only after an update, start in hostUpdate as before.)
    const args = this.options.args();
    if (args && !sameArgs(args, this.lastArgs)) {
      this.lastArgs = args;
      void this.perform(args);
    }
  }

  hostDisconnected(): void {
    this.wasDisconnected = true;
    this.lastArgs = undefined;
    this.current?.abort();
    this.current = undefined;
    if (this.status === 'loading') this.status = this.value === undefined ? 'idle' : 'complete';
  }

  hostUpdate(): void {
    const args = this.options.args();
    if (sameArgs(args, this.lastArgs)) return;
    this.lastArgs = args;
    if (args) {
      void this.perform(args);
    } else {
      this.current?.abort();
      this.current = undefined;
      this.status = 'idle';
      this.value = undefined;
      this.error = undefined;
      this.settledArgs = undefined;
    }
  }

  /** Runs again with the current arguments (the "Thử lại" action, or a refresh). */
  run(): Promise<void> {
    const args = this.options.args();
    this.lastArgs = args;
    if (!args) return Promise.resolve();
    const done = this.perform(args);
    this.host.requestUpdate();
    return done;
  }

  /** Aborts the run under way, if any, keeping the last result. */
  abort(): void {
    if (!this.current) return;
    this.current.abort();
    this.current = undefined;
    this.lastArgs = undefined;
    this.status = this.value === undefined ? 'idle' : 'complete';
    this.host.requestUpdate();
  }

  private async perform(args: A): Promise<void> {
    this.current?.abort();
    const controller = new AbortController();
    this.current = controller;
    this.status = 'loading';
    this.error = undefined;
    let value: R;
    try {
      value = await this.options.task(args, controller.signal);
    } catch (error) {
      if (this.current !== controller || controller.signal.aborted || isAbort(error)) return;
      this.current = undefined;
      this.status = 'error';
      this.error = toDvcError(error);
      this.settledArgs = args;
      this.host.requestUpdate();
      this.options.onError?.(this.error, args);
      return;
    }
    if (this.current !== controller || controller.signal.aborted) return;
    this.current = undefined;
    this.status = 'complete';
    this.value = value;
    this.settledArgs = args;
    this.host.requestUpdate();
    this.options.onComplete?.(value, args);
  }
}
