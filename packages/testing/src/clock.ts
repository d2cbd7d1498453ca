import type { Clock } from '@switchyard/service';

/**
 * A clock that moves only when a test moves it: `advance(ms)` runs, in order of their due time,
 * the timers that fall due, so a test of an expiry, a lease or a sweep states the time that
 * passes instead of waiting for it.
 */
export class ManualClock implements Clock {
  #now: number;
  #timers: { due: number; seq: number; callback: () => void }[] = [];
  #seq = 0;

  constructor(start = Date.parse('2026-06-01T12:00:00Z')) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): () => void {
    const timer = { due: this.#now + Math.max(0, ms), seq: this.#seq++, callback };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Timers waiting to fall due. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Moves time on by `ms`, running every timer that falls due on the way (and those they set). */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const next = this.#timers.filter((t) => t.due <= until).sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = Math.max(this.#now, next.due);
      next.callback();
    }
    this.#now = until;
  }
}
