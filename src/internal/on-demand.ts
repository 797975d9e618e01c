import type { ReactiveControllerHost } from 'lit';
import { DvcError } from './errors.js';

/**
 * A part of an element that loads when it is needed (the login button's menu, the profile panel's
 * signed-in half): downloaded once; a failure is kept, reported as `network` and shown by the
 * element with "Thử lại" (`retry`), after which the next `want()` downloads it again. The element's
 * `updateComplete` waits for a download under way (`settle`).
 */
export class OnDemand<T> {
  /** The part, once it has loaded. */
  value: T | undefined;
  /** Why it did not load, until `retry`. */
  error: DvcError | undefined;
  #loading: Promise<void> | undefined;

  /**
   * @param load downloads the part and makes it
   * @param fail reports a failed download (the element's `dvc-error`) and returns the error shown
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: () => Promise<T>,
    private readonly fail: (error: DvcError) => DvcError,
  ) {}

  /** Starts the download unless the part is here, on its way, or failed (until `retry`). */
  want(): void {
    if (this.value || this.#loading || this.error) return;
    this.#loading = this.load()
      .then(
        (value) => {
          this.value = value;
        },
        (cause: unknown) => {
          this.error = this.fail(new DvcError('network', 'A part of the element did not download', { cause }));
        },
      )
      .finally(() => {
        this.#loading = undefined;
        this.host.requestUpdate();
      });
  }

  /** "Thử lại": forgets the failure; the element's next update asks for the part again. */
  readonly retry = (): void => {
    this.error = undefined;
    this.host.requestUpdate();
  };

  /** The element's update, then the download under way and the update it brings. */
  async settle(update: () => Promise<boolean>): Promise<boolean> {
    let done = await update();
    while (this.#loading) {
      await this.#loading;
      done = await update();
    }
    return done;
  }
}
