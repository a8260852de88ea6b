import type { Api } from 'grammy';
import type { Message } from 'grammy/types';
import type { HandoffCase } from '../../../services/handoff/case-store';
import { escapeHtml, type Translate } from '../../i18n';
import { TELEGRAM_MESSAGE_LIMIT, visibleLength } from '../../render/faq-view';
import { MESSAGE_OPTIONS } from '../../respond';

/** Telegram's limit on a media caption. */
const CAPTION_LIMIT = 1024;

/** Kinds of message that are passed between a person and staff. */
const RELAYABLE = ['text', 'photo', 'document', 'voice', 'video', 'video_note', 'audio', 'animation'] as const;

/** What kind of relayable message this is; undefined for stickers, polls, locations, contacts... */
export function relayableKind(message: Message): (typeof RELAYABLE)[number] | undefined {
  return RELAYABLE.find((kind) => message[kind] !== undefined);
}

/** Messages of these kinds can carry a caption, so the staff header fits on the message itself. */
const CAPTIONED = new Set(['photo', 'document', 'voice', 'video', 'audio', 'animation']);

/**
 * Delivers a staff message to the person: headed "👤 Staff · case #12" in the person's language,
 * so they know a human answered, and copied (not forwarded) so the staff member's name stays in
 * the group. Text is sent as text; media keep their file with the header in the caption.
 */
export async function deliverToPerson(api: Api, c: HandoffCase, message: Message, t: Translate): Promise<void> {
  const header = t('handoff.person.staff-says', { id: c.id });
  if (message.text !== undefined) {
    const html = `${header}\n\n${escapeHtml(message.text)}`;
    if (visibleLength(html) <= TELEGRAM_MESSAGE_LIMIT) {
      await api.sendMessage(c.userId, html, MESSAGE_OPTIONS);
      return;
    }
  } else if (CAPTIONED.has(relayableKind(message) ?? '')) {
    const caption = message.caption ? `${header}\n\n${escapeHtml(message.caption)}` : header;
    if (visibleLength(caption) <= CAPTION_LIMIT) {
      await api.copyMessage(c.userId, message.chat.id, message.message_id, { caption, parse_mode: 'HTML' });
      return;
    }
  }
  // Too long to carry the header, or a kind without caption (a video note): header, then the copy.
  await api.sendMessage(c.userId, header, MESSAGE_OPTIONS);
  await api.copyMessage(c.userId, message.chat.id, message.message_id);
}
