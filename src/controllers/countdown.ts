import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where a countdown reads the time and gets its ticks; injectable so tests never wait real seconds. */
export interface Clock {
  now(): number;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** The browser's clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setInterval: (callback, ms) => globalThis.setInterval(callback, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
};

/** "04:59": whole seconds as minutes and seconds, for countdowns. */
export function formatMinutesSeconds(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(seconds / 60))}:${two(seconds % 60)}`;
}

/**
 * A clock that moves only when told: `advance(ms)` runs every interval that falls due, in order.
 * For tests of anything built on CountdownController.
 */
export class ManualClock implements Clock {
  private time: number;
  private nextId = 1;
  private readonly timers = new Map<number, { callback: () => void; ms: number; due: number }>();

  constructor(start: number = Date.UTC(2025, 0, 1, 1, 0, 0)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setInterval(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { callback, ms: Math.max(1, ms), due: this.time + Math.max(1, ms) });
    return id;
  }

  clearInterval(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** How many intervals are running (a stopped countdown leaves none). */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing each interval as it falls due. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { callback: () => void; ms: number; due: number }] | undefined;
      for (const entry of this.timers) if (entry[1].due <= end && (!next || entry[1].due < next[1].due)) next = entry;
      if (!next) break;
      const [, timer] = next;
      this.time = timer.due;
      timer.due += timer.ms;
      timer.callback();
    }
    this.time = end;
  }
}

export interface CountdownOptions {
  clock?: Clock;
  /** Called whenever the whole number of seconds left changes, including at start and at 0. */
  onTick?: (remaining: number) => void;
}

/**
 * Counts down to a moment, in whole seconds, with one interval timer that ticks once a second
 * while the host is connected and the countdown runs; the host re-renders on every change.
 * The time left is always computed from the clock, so a late tick never drifts.
 */
export class CountdownController implements ReactiveController {
  private currentClock: Clock;
  /** Whole seconds left (0 when ended or not started). */
  remaining = 0;

  private endsAt: number | undefined;
  private handle: unknown;
  private connected = false;
  private readonly onTick: ((remaining: number) => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    options: CountdownOptions = {},
  ) {
    this.currentClock = options.clock ?? systemClock;
    this.onTick = options.onTick;
    host.addController(this);
  }

  /** The clock (tests inject a ManualClock); replacing it moves a running countdown onto the new one. */
  get clock(): Clock {
    return this.currentClock;
  }

  set clock(clock: Clock) {
    if (clock === this.currentClock) return;
    const wasTicking = this.handle !== undefined;
    this.stopTimer();
    this.currentClock = clock;
    if (wasTicking) this.startTimer();
  }

  /** Whether a countdown was started and has reached zero. */
  get ended(): boolean {
    return this.endsAt !== undefined && this.remaining === 0;
  }

  /** Whether a countdown is under way (started, not yet at zero). */
  get running(): boolean {
    return this.endsAt !== undefined && this.remaining > 0;
  }

  /** Counts down to `endsAt` (epoch milliseconds on this controller's clock). */
  start(endsAt: number): void {
    this.endsAt = endsAt;
    this.remaining = -1;
    this.stopTimer();
    this.tick();
    if (this.connected) this.startTimer();
  }

  /** Forgets the countdown: neither running nor ended. */
  stop(): void {
    this.endsAt = undefined;
    this.remaining = 0;
    this.stopTimer();
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.connected = true;
    if (this.endsAt !== undefined) {
      this.tick();
      this.startTimer();
    }
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stopTimer();
  }

  private startTimer(): void {
    if (this.handle === undefined && this.remaining > 0) this.handle = this.clock.setInterval(() => this.tick(), 1000);
  }

  private stopTimer(): void {
    if (this.handle !== undefined) this.clock.clearInterval(this.handle);
    this.handle = undefined;
  }

  private tick(): void {
    if (this.endsAt === undefined) return;
    const remaining = Math.max(0, Math.ceil((this.endsAt - this.clock.now()) / 1000));
    if (remaining === 0) this.stopTimer();
    if (remaining === this.remaining) return;
    this.remaining = remaining;
    this.host.requestUpdate();
    this.onTick?.(remaining);
  }
}
