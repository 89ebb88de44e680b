/** Timers that close() can cancel, so a closing sandbox never keeps the process alive. */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();

  /** Runs fn after ms unless cancelled. */
  later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      fn();
    }, ms);
    this.pending.add(timer);
  }

  /** Resolves after ms (never, if cancelled first: the request is being torn down anyway). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(resolve, ms));
  }

  cancelAll(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
