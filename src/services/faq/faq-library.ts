import { randomBytes } from 'node:crypto';
import type { Language } from '../languages';
import type { Actor, ChangeAction, Revision, SaveResult, VersionedStore } from '../../storage/versioned-store';
import { LiveCollection } from '../content-store/live-collection';
import { FAQ_CATEGORIES, type FaqCategory, type FaqEntry } from './faq-schema';
import { FaqSearchIndex } from './faq-search';
import type { ShippedFaqEntry } from './shipped-faq';

/** A stored FAQ entry (current revision). */
export type FaqDoc = Revision<FaqEntry>;

/**
 * The FAQ as the bot reads it: an in-memory snapshot of the Redis store plus its search index,
 * seeded from the shipped file on first use and kept fresh through pub/sub, so every bot instance
 * sees an edit at once. Writes go to the store (optimistic concurrency) and update the snapshot
 * immediately. Without a store (offline simulator) it serves the shipped entries read-only.
 */
export class FaqLibrary {
  private readonly index = new FaqSearchIndex();
  private readonly docs: LiveCollection<FaqEntry>;
  private starting?: Promise<void>;

  constructor(
    readonly store: VersionedStore<FaqEntry> | undefined,
    private readonly shipped: readonly ShippedFaqEntry[],
    onError: (error: Error) => void = () => undefined,
  ) {
    this.docs = new LiveCollection(store, onError, (doc) => this.index.put(doc.id, doc.deleted ? undefined : doc.data));
  }

  /** True when edits can be saved (a Redis store is behind it). */
  get editable(): boolean {
    return this.store !== undefined;
  }

  /** Seeds, loads and subscribes, once; cheap to await on every update. A failed start is retried next time. */
  ready(): Promise<void> {
    this.starting ??= this.start().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  /** Stops listening for changes. */
  close(): Promise<void> {
    return this.docs.close();
  }

  /** An entry by id (hidden and deleted ones included). */
  get(id: string): FaqDoc | undefined {
    return this.docs.get(id);
  }

  /** Every entry, deleted ones included. */
  all(): FaqDoc[] {
    return this.docs.all();
  }

  /** Entries of a category that are not deleted (hidden ones only with `includeHidden`), in their order. */
  inCategory(category: FaqCategory, options: { includeHidden?: boolean } = {}): FaqDoc[] {
    return this.all()
      .filter((d) => !d.deleted && d.data.category === category && (options.includeHidden || !d.data.hidden))
      .sort((a, b) => a.data.position - b.data.position || a.id.localeCompare(b.id));
  }

  /** Deleted entries, newest deletion first (staff can undo them). */
  deleted(): FaqDoc[] {
    return this.all().filter((d) => d.deleted).sort((a, b) => b.at.localeCompare(a.at));
  }

  /** Categories that have entries users can see, in menu order. */
  visibleCategories(): FaqCategory[] {
    return FAQ_CATEGORIES.filter((c) => this.inCategory(c).length > 0);
  }

  /** True when users can open this entry. */
  isVisible(doc: FaqDoc | undefined): doc is FaqDoc {
    return doc !== undefined && !doc.deleted && !doc.data.hidden;
  }

  /** The best visible matches for a user's question, best first. */
  search(lang: Language, query: string): FaqDoc[] {
    return this.index
      .search(lang, query)
      .map((id) => this.docs.get(id))
      .filter((d): d is FaqDoc => this.isVisible(d));
  }

  /** A fresh entry id. */
  newId(): string {
    return `q${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  }

  /** The position after the last entry of a category. */
  nextPosition(category: FaqCategory): number {
    const entries = this.inCategory(category, { includeHidden: true });
    return (entries.at(-1)?.data.position ?? 0) + 1;
  }

  /** The position that moves an entry one place up or down in its category; undefined at the edge. */
  positionForMove(id: string, direction: 'up' | 'down'): number | undefined {
    const doc = this.docs.get(id);
    if (!doc || doc.deleted) return undefined;
    const list = this.inCategory(doc.data.category, { includeHidden: true });
    const i = list.findIndex((d) => d.id === id);
    const at = (k: number) => list[k]?.data.position;
    if (direction === 'up') {
      if (i <= 0) return undefined;
      const above = at(i - 1)!;
      const twoAbove = at(i - 2);
      return twoAbove === undefined ? above - 1 : (twoAbove + above) / 2;
    }
    if (i < 0 || i >= list.length - 1) return undefined;
    const below = at(i + 1)!;
    const twoBelow = at(i + 2);
    return twoBelow === undefined ? below + 1 : (below + twoBelow) / 2;
  }

  /** Creates an entry. */
  create(id: string, data: FaqEntry, by: Actor, action: ChangeAction = 'create'): Promise<SaveResult<FaqEntry>> {
    return this.docs.create(id, data, by, action);
  }

  /** Saves new data for an entry last seen at `expectedVersion`. */
  update(id: string, expectedVersion: number, data: FaqEntry, by: Actor, action: ChangeAction = 'update'): Promise<SaveResult<FaqEntry>> {
    return this.docs.update(id, expectedVersion, data, by, action);
  }

  /** Sets data and the deleted flag at once (imports). */
  replace(id: string, expectedVersion: number, data: FaqEntry, deleted: boolean, by: Actor): Promise<SaveResult<FaqEntry>> {
    return this.docs.replace(id, expectedVersion, data, deleted, by, 'import');
  }

  /** Soft-deletes an entry. */
  remove(id: string, expectedVersion: number, by: Actor): Promise<SaveResult<FaqEntry>> {
    return this.docs.remove(id, expectedVersion, by);
  }

  /** Undoes a deletion. */
  restore(id: string, expectedVersion: number, by: Actor): Promise<SaveResult<FaqEntry>> {
    return this.docs.restore(id, expectedVersion, by);
  }

  /** Makes an entry what it was at `toVersion`, as a new version. */
  rollback(id: string, toVersion: number, expectedVersion: number, by: Actor): Promise<SaveResult<FaqEntry>> {
    return this.docs.rollback(id, toVersion, expectedVersion, by);
  }

  private async start(): Promise<void> {
    if (!this.store) {
      // Offline: the shipped entries, read-only.
      const at = new Date(0).toISOString();
      for (const { id, data } of this.shipped) {
        this.docs.apply({ by: 'system', at, id, version: 1, action: 'seed', deleted: false, changes: [], data });
      }
      return;
    }
    await this.store.seed(this.shipped);
    await this.docs.start();
  }
}
