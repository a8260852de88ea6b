import { createHash } from 'node:crypto';
import { withPngText } from './png-text';
import { renderSvgToPngAsync } from './render-png';

/** A picture to render: its SVG, the PNG width, and its words for the PNG's text layer. */
export interface PictureRequest {
  svg: string;
  /** Width of the PNG in pixels (default: the SVG's own). */
  width?: number;
  /** The picture's words, stored in the PNG's text layer (see png-text.ts). */
  text?: string;
  /**
   * Size budget: a PNG larger than this is drawn again narrower (down to 3/5 of `width`), so a card
   * staff make longer still suits a slow connection.
   */
  maxBytes?: number;
  /**
   * False for a picture of one person's answers (the deadline timeline): rendered for them and not
   * kept, so nothing derived from what they told the bot stays in memory after it is sent.
   */
  keep?: boolean;
}

/** The size a picture for people on a slow connection should stay under (the aim: 100 KB). */
export const PICTURE_MAX_BYTES = 100_000;

/** How the cache has been used since it was made. */
export interface PictureCacheStats {
  renders: number;
  hits: number;
  entries: number;
}

/**
 * Rendered pictures, kept by what they show: the key is a hash of the SVG (with the width and text
 * layer), so a picture is rendered once per content version and language, and an edit to a card or
 * a locale string gives a new key on the next request — nothing to invalidate. Requests for a
 * picture being rendered wait for that one render (a burst of people asking for the SOS card makes
 * one). The least recently used pictures go first once `maxEntries` are kept (some 30–100 KB each).
 * A picture of one person's answers (`keep: false`) is rendered and never kept.
 */
export interface PictureCache {
  /** The PNG of `request`, rendered now (off the event loop) or taken from the cache. */
  png(request: PictureRequest): Promise<Buffer>;
  stats(): PictureCacheStats;
}

/** Options of {@link createPictureCache}. */
export interface PictureCacheOptions {
  /** How many pictures are kept (default 200: every SOS card version in every language, a few MB). */
  maxEntries?: number;
  /** The renderer (tests count its calls). */
  render?: (svg: string, options: { width?: number }) => Promise<Buffer>;
}

/** A cache of rendered pictures in this process's memory (each instance renders its own once). */
export function createPictureCache(options: PictureCacheOptions = {}): PictureCache {
  const maxEntries = options.maxEntries ?? 200;
  const render = options.render ?? renderSvgToPngAsync;
  const entries = new Map<string, Buffer>();
  const rendering = new Map<string, Promise<Buffer>>();
  let renders = 0;
  let hits = 0;

  const keep = (key: string, png: Buffer) => {
    entries.set(key, png);
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries) break;
      entries.delete(oldest);
    }
  };

  return {
    async png(request) {
      if (request.keep === false) {
        renders += 1;
        const rendered = await renderWithin(render, request);
        return request.text === undefined ? rendered : withPngText(rendered, request.text);
      }
      const key = createHash('sha256').update(`${request.width ?? ''}\n${request.maxBytes ?? ''}\n${request.text ?? ''}\n${request.svg}`).digest('base64');
      const cached = entries.get(key);
      if (cached) {
        hits += 1;
        // Map keeps insertion order: taking it out and back in makes it the most recent.
        entries.delete(key);
        entries.set(key, cached);
        return cached;
      }
      const pending = rendering.get(key);
      if (pending) {
        hits += 1;
        return pending;
      }
      renders += 1;
      const job = renderWithin(render, request)
        .then((rendered) => {
          const png = request.text === undefined ? rendered : withPngText(rendered, request.text);
          keep(key, png);
          return png;
        })
        .finally(() => rendering.delete(key));
      rendering.set(key, job);
      return job;
    },
    stats: () => ({ renders, hits, entries: entries.size }),
  };
}

/** Renders `request`, narrower while the PNG is over its budget (at most three tries). */
async function renderWithin(render: NonNullable<PictureCacheOptions['render']>, request: PictureRequest): Promise<Buffer> {
  let png = await render(request.svg, { width: request.width });
  const budget = request.maxBytes;
  const full = request.width;
  if (budget === undefined || full === undefined) return png;
  for (const share of [0.8, 0.6]) {
    if (png.length <= budget) break;
    png = await render(request.svg, { width: Math.round(full * share) });
  }
  return png;
}
