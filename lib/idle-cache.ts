/**
 * A map whose entries go once nobody has used them for `idleMs`, so what a process caches per user
 * or account grows with the users at work, not with everyone it has served since it started. An
 * unref'd timer sweeps every half `idleMs` while the cache holds anything; `maxEntries` bounds it
 * meanwhile (the entry used longest ago goes first).
 */
export class IdleCache<K, V> {
  private readonly entries = new Map<K, { value: V; usedAt: number }>();
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly idleMs: number,
    private readonly maxEntries = Number.POSITIVE_INFINITY,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value, counted as used now. */
  get(key: K, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Moved to the end: the map stays in order of use, so the bound drops the least recently used.
    this.entries.delete(key);
    entry.usedAt = now;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V, now = Date.now()): V {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, usedAt: now });
    this.sweepWhileFilled();
    return value;
  }

  /** The keys, without counting them as used. */
  keys(): IterableIterator<K> {
    return this.entries.keys();
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Drops the entries unused for longer than idleMs before `now`. */
  dropIdle(now = Date.now()): void {
    for (const [key, entry] of this.entries) if (now - entry.usedAt > this.idleMs) this.entries.delete(key);
    if (this.entries.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  private sweepWhileFilled(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.dropIdle(), this.idleMs / 2);
    this.sweeper.unref();
  }
}
