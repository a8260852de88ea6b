import { verifiedPhoneSet } from '../content/phone-numbers';
import { FaqLibrary } from '../services/faq/faq-library';
import type { FaqEntry } from '../services/faq/faq-schema';
import { loadShippedFaq } from '../services/faq/shipped-faq';
import { redisKeys } from '../storage/redis-keys';
import { VersionedStore } from '../storage/versioned-store';
import type { FeatureDeps } from './feature-deps';

const libraries = new WeakMap<FeatureDeps, FaqLibrary>();

/**
 * The FAQ library of one bot: the FAQ and staff features get the same `FeatureDeps` object from
 * createBot, so they share one snapshot. The shipped file is validated here, i.e. at start-up.
 */
export function faqLibraryFor(deps: FeatureDeps): FaqLibrary {
  let library = libraries.get(deps);
  if (!library) {
    const verifiedPhones = verifiedPhoneSet(deps.content.allContacts());
    const store = deps.redis
      ? new VersionedStore<FaqEntry>(deps.redis, redisKeys(deps.config.redisKeyPrefix).faq, { clock: deps.clock })
      : undefined;
    library = new FaqLibrary(store, loadShippedFaq(verifiedPhones), (error) =>
      deps.logger.warn({ err: { message: error.message } }, 'faq: change feed failed'),
    );
    libraries.set(deps, library);
  }
  return library;
}
