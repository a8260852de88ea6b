import { z } from 'zod';
import { LANGUAGES, type Language } from '../languages';
import { REGIONS, type Region } from '../subscribers/regions';
import type { Subscriber } from '../subscribers/subscriber-store';

/** Who a notice is for. */
export type Target = { kind: 'all' } | { kind: 'language'; language: Language } | { kind: 'region'; region: Region };

/** The stored and typed-in shape of a {@link Target}, checked at the edge. */
export const targetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('language'), language: z.enum(LANGUAGES) }),
  z.object({ kind: z.literal('region'), region: z.enum(REGIONS) }),
]);

/** One person a notice goes to, in the language they will read it in. */
export interface Recipient {
  userId: number;
  language: Language;
}

/**
 * The language each user reads the bot in now, for those who changed it since subscribing.
 * Injected, because where that lives (the bot's sessions) is not this module's business.
 */
export type LanguageLookup = (userIds: readonly number[]) => Promise<ReadonlyMap<number, Language>>;

/** Something that can walk all subscribers in batches (the subscriber store). */
export interface SubscriberSource {
  batches(batchSize?: number): AsyncIterable<Subscriber[]>;
}

/** True when a subscriber reading `language` in `region` is in `target`. */
export function matchesTarget(target: Target, language: Language, region: Region | undefined): boolean {
  switch (target.kind) {
    case 'all':
      return true;
    case 'language':
      return language === target.language;
    case 'region':
      return region === target.region;
  }
}

/**
 * The audience of notices: active subscribers matching a target, each with the language they
 * read now. The same code counts recipients for the admin's preview and freezes the list at start.
 */
export class Audience {
  constructor(
    private readonly subscribers: SubscriberSource,
    private readonly currentLanguages?: LanguageLookup,
  ) {}

  /** Active subscribers in `target`, ordered by user id (a stable order for the frozen list). */
  async recipients(target: Target): Promise<Recipient[]> {
    const found: Recipient[] = [];
    for await (const batch of this.subscribers.batches()) {
      const active = batch.filter((s) => s.active);
      const now = this.currentLanguages && active.length > 0 ? await this.currentLanguages(active.map((s) => s.userId)) : undefined;
      for (const subscriber of active) {
        const language = now?.get(subscriber.userId) ?? subscriber.language;
        if (matchesTarget(target, language, subscriber.region)) found.push({ userId: subscriber.userId, language });
      }
    }
    return found.sort((a, b) => a.userId - b.userId);
  }

  /** Active subscribers per region (those without one are not counted). */
  async regionCounts(): Promise<Record<Region, number>> {
    const counts = Object.fromEntries(REGIONS.map((r) => [r, 0])) as Record<Region, number>;
    for await (const batch of this.subscribers.batches()) {
      for (const subscriber of batch) if (subscriber.active && subscriber.region) counts[subscriber.region]++;
    }
    return counts;
  }

  /** How many recipients `target` has, per language. */
  async count(target: Target): Promise<Record<Language, number> & { total: number }> {
    const counts = { ru: 0, tg: 0, en: 0, total: 0 };
    for (const recipient of await this.recipients(target)) {
      counts[recipient.language]++;
      counts.total++;
    }
    return counts;
  }
}
