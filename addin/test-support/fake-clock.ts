/** A clock whose timers run only when the test advances time. */
export class FakeClock {
  time = 1_000;
  timers: { at: number; fn: () => void; id: number }[] = [];
  #id = 0;
  now = () => this.time;
  setTimer = (fn: () => void, ms: number) => {
    const id = ++this.#id;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  };
  clearTimer = (id: unknown) => {
    this.timers = this.timers.filter((t) => t.id !== id);
  };
  /** Moves time on and runs the timers due, then waits for `settle` (e.g. the engine's flush). */
  async advance(ms: number, settle: { flush(): Promise<void> }): Promise<void> {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.fn();
    await settle.flush();
  }
}
