import type { Actor, ChangeAction, Revision, SaveResult, VersionedStore } from '../../storage/versioned-store';

/**
 * The documents of one store as an in-memory snapshot that synchronous readers use, refreshed by
 * pub/sub (every instance sees an edit at once) and by this instance's own writes (at once, without
 * waiting for the round trip). Without a store (offline simulator) it is a read-only snapshot.
 */
export class LiveCollection<T> {
  private readonly docs = new Map<string, Revision<T>>();
  private revisionsTaken = 0;
  private stopListening?: () => Promise<void>;

  /** `onApply` hears of every revision taken into the snapshot (to keep an index in step). */
  constructor(
    readonly store: VersionedStore<T> | undefined,
    private readonly onError: (error: Error) => void = () => undefined,
    private readonly onApply: (doc: Revision<T>) => void = () => undefined,
  ) {}

  /** Subscribes, then loads everything (in this order, so nothing saved in between is missed). */
  async start(): Promise<void> {
    if (!this.store) return;
    this.stopListening = await this.store.subscribe(
      (notice) => void this.refresh(notice.id, notice.version).catch((error: Error) => this.onError(error)),
      this.onError,
    );
    await this.reload();
  }

  /** Stops listening. */
  async close(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = undefined;
  }

  /** Reads every document again. */
  async reload(): Promise<void> {
    for (const doc of (await this.store?.list()) ?? []) this.apply(doc);
  }

  /** Takes a revision unless a newer one is already known. */
  apply(doc: Revision<T>): void {
    const current = this.docs.get(doc.id);
    if (current && current.version >= doc.version) return;
    this.docs.set(doc.id, doc);
    this.revisionsTaken++;
    this.onApply(doc);
  }

  /** How many revisions the snapshot has taken: it changes with every document that changes. */
  get generation(): number {
    return this.revisionsTaken;
  }

  /** The current revision of a document. */
  get(id: string): Revision<T> | undefined {
    return this.docs.get(id);
  }

  /** Every current revision. */
  all(): Revision<T>[] {
    return [...this.docs.values()];
  }

  /** Creates a document. */
  create(id: string, data: T, by: Actor, action: ChangeAction = 'create'): Promise<SaveResult<T>> {
    return this.track(this.writable().create(id, data, by, action));
  }

  /** Saves new data for a document last seen at `expectedVersion`. */
  update(id: string, expectedVersion: number, data: T, by: Actor, action: ChangeAction = 'update'): Promise<SaveResult<T>> {
    return this.track(this.writable().update(id, expectedVersion, data, by, action));
  }

  /** Sets data and the deleted flag at once (imports). */
  replace(id: string, expectedVersion: number, data: T, deleted: boolean, by: Actor, action: ChangeAction = 'import'): Promise<SaveResult<T>> {
    return this.track(this.writable().replace(id, expectedVersion, data, deleted, by, action));
  }

  /** Soft-deletes a document. */
  remove(id: string, expectedVersion: number, by: Actor): Promise<SaveResult<T>> {
    return this.track(this.writable().remove(id, expectedVersion, by));
  }

  /** Undoes a deletion. */
  restore(id: string, expectedVersion: number, by: Actor): Promise<SaveResult<T>> {
    return this.track(this.writable().restore(id, expectedVersion, by));
  }

  /** Makes a document what it was at `toVersion`, as a new version. */
  rollback(id: string, toVersion: number, expectedVersion: number, by: Actor): Promise<SaveResult<T>> {
    return this.track(this.writable().rollback(id, toVersion, expectedVersion, by));
  }

  private async refresh(id: string, version: number): Promise<void> {
    if (id === '*') return this.reload();
    if ((this.docs.get(id)?.version ?? 0) >= version) return;
    const doc = await this.store?.get(id);
    if (doc) this.apply(doc);
  }

  private async track(pending: Promise<SaveResult<T>>): Promise<SaveResult<T>> {
    const result = await pending;
    if (result.ok) this.apply(result.doc);
    else if (result.reason === 'conflict') this.apply(result.conflict);
    return result;
  }

  private writable(): VersionedStore<T> {
    if (!this.store) throw new Error('read-only without Redis');
    return this.store;
  }
}
