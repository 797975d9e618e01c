import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Calls `tick` every `interval()` milliseconds while the host is on the page and the tab is
 * visible. Hidden tab: the timer stops (no traffic from a tab nobody looks at). Visible again:
 * one tick at once if a tick was missed, then the timer resumes.
 */
export class PollingController implements ReactiveController {
  private timer?: ReturnType<typeof setTimeout>;
  private currentInterval?: number;
  private lastTick = 0;
  private connected = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly tick: () => void,
    private readonly interval: () => number | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.lastTick = Date.now();
    document.addEventListener('visibilitychange', this.handleVisibility);
    this.schedule();
  }

  hostDisconnected(): void {
    this.connected = false;
    document.removeEventListener('visibilitychange', this.handleVisibility);
    this.stop();
  }

  hostUpdated(): void {
    const interval = this.validInterval();
    if (interval !== this.currentInterval) {
      this.lastTick = Date.now();
      this.schedule();
    }
  }

  /** Whether a timer is running now. */
  get running(): boolean {
    return this.timer !== undefined;
  }

  private validInterval(): number | undefined {
    const ms = this.interval();
    return ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : undefined;
  }

  private stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.stop();
    const interval = this.validInterval();
    this.currentInterval = interval;
    if (!this.connected || interval === undefined || document.hidden) return;
    const wait = Math.max(0, this.lastTick + interval - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastTick = Date.now();
      this.tick();
      this.schedule();
    }, wait);
  }

  private readonly handleVisibility = (): void => {
    if (document.hidden) this.stop();
    else this.schedule();
  };
}
