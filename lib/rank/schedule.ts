/**
 * When the ranking retrains (lib/rank/service): debounced after a change — several quick stars
 * make one training — yet never later than `maxWaitMs` after the first change; one training at a
 * time, and a change during one asks for another after it. `flush()` runs a scheduled training
 * now and waits for every one under way; `stop()` ends the scheduling (tests; a background lives
 * as long as its worker).
 */
export interface ScheduleOptions {
  /** Quiet time after a change before retraining. */
  debounceMs: number;
  /** …but never wait longer than this after the first change. */
  maxWaitMs: number;
  now: () => number;
}

export class TrainingSchedule {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstPending = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    /** One training run; a failure is logged and the previous model stays. */
    private readonly train: () => Promise<void>,
    private readonly options: ScheduleOptions,
  ) {}

  /** Neither a training waiting for its time nor one under way. */
  get idle(): boolean {
    return !this.timer && !this.running;
  }

  /** A training is under way. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Asks for a training after the quiet time (or at the latest `maxWaitMs` after the first ask). */
  schedule(): void {
    if (this.stopped) return;
    const now = this.options.now();
    if (!this.firstPending) this.firstPending = now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.options.debounceMs, this.firstPending + this.options.maxWaitMs - now));
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.retrain();
    }, wait);
  }

  /** Trains now, or — with a training under way — once more after it. */
  retrain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.firstPending = 0;
    this.running = this.train()
      .catch((e) => console.warn('[paperdeck] ranking: training failed; the previous model stays', e))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
    return this.running;
  }

  /** Runs a scheduled training now, and waits for every training under way. */
  async flush(): Promise<void> {
    for (let guard = 0; guard < 10; guard++) {
      if (this.running) {
        await this.running;
        continue;
      }
      if (this.timer || this.again) {
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
        this.again = false;
        await this.retrain();
        continue;
      }
      return;
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
