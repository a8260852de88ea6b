import { isPng, pngChunk } from './png-encode';

/**
 * A PNG's text layer: the words of a picture stored beside its pixels (an `iTXt` chunk, UTF-8), so
 * the text of a picture can be read back (tests, accessibility tools) without recognising letters.
 * Telegram re-encodes photos, so the layer never reaches anyone but the bot's own tests.
 */

/** The keyword under which {@link withPngText} stores a picture's words. */
export const PNG_TEXT_KEYWORD = 'Description';

/** `png` with `text` added as an uncompressed UTF-8 `iTXt` chunk just before the end of the image. */
export function withPngText(png: Buffer, text: string, keyword = PNG_TEXT_KEYWORD): Buffer {
  const iend = findChunk(png, 'IEND');
  if (iend < 0) throw new Error('not a PNG: no IEND chunk');
  // keyword \0, compression flag 0, method 0, empty language tag \0, empty translated keyword \0, text
  const data = Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]);
  return Buffer.concat([png.subarray(0, iend), pngChunk('iTXt', data), png.subarray(iend)]);
}

/** The texts of a PNG's uncompressed `iTXt` chunks, by keyword. */
export function readPngText(png: Buffer): Record<string, string> {
  const texts: Record<string, string> = {};
  if (!isPng(png)) return texts;
  for (let at = 8; at + 12 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'iTXt') {
      const data = png.subarray(at + 8, at + 8 + length);
      const keywordEnd = data.indexOf(0);
      const compressed = data[keywordEnd + 1] !== 0;
      const languageEnd = data.indexOf(0, keywordEnd + 3);
      const translatedEnd = data.indexOf(0, languageEnd + 1);
      if (!compressed && keywordEnd > 0 && translatedEnd > 0) {
        texts[data.toString('latin1', 0, keywordEnd)] = data.toString('utf8', translatedEnd + 1);
      }
    }
    at += 12 + length;
  }
  return texts;
}

function findChunk(png: Buffer, wanted: string): number {
  if (!isPng(png)) return -1;
  for (let at = 8; at + 12 <= png.length; ) {
    if (png.toString('latin1', at + 4, at + 8) === wanted) return at;
    at += 12 + png.readUInt32BE(at);
  }
  return -1;
}
