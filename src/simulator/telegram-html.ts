/**
 * Checks text the way Telegram's HTML parse mode does, so tests and the simulator reject what
 * Telegram would reject ("Bad Request: can't parse entities"). Mirrors the documented rules:
 * only the listed tags, balanced; `<`, `>` and `&` in text must be escaped; named entities
 * limited to &lt; &gt; &amp; &quot;, numeric entities allowed.
 */
const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);

/** Returns an error description like Telegram's, or undefined when the text would be accepted. */
export function findHtmlError(text: string): string | undefined {
  const open: string[] = [];
  const tagOrEntity = /<(\/?)([a-z-]+)([^<>]*)>|&(#\d+|#x[\da-f]+|[a-z]+);|[<>&]/gi;
  for (const match of text.matchAll(tagOrEntity)) {
    const [whole, closing, tag, , entity] = match;
    if (whole === '<' || whole === '>' || whole === '&') {
      if (whole === '>') continue; // Telegram tolerates a bare ">"
      return `Bad Request: can't parse entities: unsupported start tag or unescaped "${whole}" at byte offset ${match.index}`;
    }
    if (entity !== undefined) {
      if (!entity.startsWith('#') && !['lt', 'gt', 'amp', 'quot'].includes(entity.toLowerCase())) {
        return `Bad Request: can't parse entities: unsupported HTML entity "&${entity};"`;
      }
      continue;
    }
    const name = tag!.toLowerCase();
    if (!ALLOWED_TAGS.has(name)) return `Bad Request: can't parse entities: unsupported start tag "${name}"`;
    if (closing) {
      if (open.pop() !== name) return `Bad Request: can't parse entities: can't find end tag corresponding to start tag`;
    } else {
      open.push(name);
    }
  }
  if (open.length > 0) return `Bad Request: can't parse entities: can't find end tag corresponding to start tag "${open.at(-1)}"`;
  return undefined;
}

/** The text a reader sees: tags dropped, entities decoded. */
export function htmlToPlainText(html: string): string {
  return html
    .replace(/<[^<>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}
