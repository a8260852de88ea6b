import type { Api } from 'grammy';
import type { Logger } from '../../../logger';
import type { BotMetrics } from '../../../observability/metrics';
import type { CaseRepository, HandoffCase } from '../../../services/handoff/case-store';
import type { Translate } from '../../i18n';
import { caseLabel, renderCaseHeader } from '../../render/handoff-view';
import { asGrammyError, MESSAGE_OPTIONS } from '../../respond';
import type { InsightStore } from '../../../services/insight';

/** What both sides of the hand-off use besides the cases and the staff group. */
export interface HandoffSideDeps {
  logger: Logger;
  /** Salt of the hashed user ids in log lines. */
  logSalt: string;
  clock: () => number;
  metrics?: BotMetrics;
  /** Staff insight (absent offline): cases opened, time to the first staff answer, ratings. */
  insight?: InsightStore;
}

/** Where a message of a case goes in the staff group: its forum topic, or a reply to its first message. */
type Place = { message_thread_id: number } | { reply_parameters: { message_id: number; allow_sending_without_reply: true } };

/** How long the "does the group have topics" answer is trusted (staff may switch topics on or off). */
const FORUM_CHECK_TTL_MS = 5 * 60_000;
/** Telegram's limit on a topic name. */
const MAX_TOPIC_NAME = 128;

/**
 * The staff group as the hand-off sees it. With forum topics, every case gets its own topic named
 * "#12 · Tajik · Detention"; without, a case is one header message that staff reply to. Every
 * message of a case posted here is linked to the case in Redis, so a reply to any of them reaches
 * the person. A topic staff deleted or closed by hand is recreated or reopened, so nothing the
 * person writes is lost.
 */
export class StaffRoom {
  private forum?: { value: boolean; checkedAt: number };

  constructor(
    private readonly api: Api,
    readonly chatId: number,
    /** Translations in the staff chat's language. */
    readonly t: Translate,
    private readonly cases: CaseRepository,
    private readonly logger: Logger,
    private readonly clock: () => number,
  ) {}

  /** Copies a message the person sent into the case, creating its topic or header first. */
  async copyFromPerson(c: HandoffCase, fromChatId: number, messageId: number): Promise<HandoffCase> {
    const { placed, messageId: copyId } = await this.post(c, async (place) => (await this.api.copyMessage(this.chatId, fromChatId, messageId, place)).message_id);
    await this.cases.linkGroupMessage(placed.id, copyId);
    return placed;
  }

  /** Posts a note of the bot (HTML) into the case: closed, not delivered, the person left. */
  async note(c: HandoffCase, html: string, replyTo?: number): Promise<void> {
    await this.post(c, async (place) => {
      const reply = replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true as const } } : {};
      return (await this.api.sendMessage(this.chatId, html, { ...MESSAGE_OPTIONS, ...place, ...reply })).message_id;
    });
  }

  /** Marks a closed case in the group: its topic is renamed "✅ …" and closed. */
  async markClosed(c: HandoffCase): Promise<void> {
    if (c.threadId === undefined) return;
    try {
      await this.api.editForumTopic(this.chatId, c.threadId, { name: `✅ ${caseLabel(this.t, c)}`.slice(0, MAX_TOPIC_NAME) });
      await this.api.closeForumTopic(this.chatId, c.threadId);
    } catch (error) {
      // Cosmetic: the case is closed in Redis whatever Telegram says about the topic.
      this.logger.warn({ caseId: c.id, err: { message: asGrammyError(error)?.description ?? String(error) } }, 'could not close the topic of a case');
    }
  }

  /** Whether the group has forum topics (asked from Telegram, remembered for a few minutes). */
  async usesTopics(): Promise<boolean> {
    const now = this.clock();
    if (this.forum && now - this.forum.checkedAt < FORUM_CHECK_TTL_MS) return this.forum.value;
    try {
      const chat = await this.api.getChat(this.chatId);
      this.forum = { value: 'is_forum' in chat && chat.is_forum === true, checkedAt: now };
      return this.forum.value;
    } catch (error) {
      // Not cached: the next message asks again (the bot may just have been added to the group).
      this.logger.warn({ err: { message: asGrammyError(error)?.description ?? String(error) } }, 'could not read the staff group');
      return false;
    }
  }

  /**
   * Sends something into the case's place, creating the place first. A topic that was deleted is
   * created anew, a closed one reopened, and the send is tried once more.
   */
  private async post(c: HandoffCase, send: (place: Place) => Promise<number>): Promise<{ placed: HandoffCase; messageId: number }> {
    let placed = await this.ensurePlace(c);
    try {
      return { placed, messageId: await send(this.placeOf(placed)) };
    } catch (error) {
      const description = asGrammyError(error)?.description ?? '';
      if (placed.threadId === undefined) throw error;
      if (/TOPIC_CLOSED/i.test(description)) {
        await this.api.reopenForumTopic(this.chatId, placed.threadId);
      } else if (/thread not found|TOPIC_DELETED|TOPIC_ID_INVALID/i.test(description)) {
        placed = await this.ensurePlace({ ...placed, threadId: undefined, rootMessageId: undefined });
      } else {
        throw error;
      }
      return { placed, messageId: await send(this.placeOf(placed)) };
    }
  }

  private placeOf(c: HandoffCase): Place {
    if (c.threadId !== undefined) return { message_thread_id: c.threadId };
    return { reply_parameters: { message_id: c.rootMessageId!, allow_sending_without_reply: true } };
  }

  /** Creates the case's topic (with its header inside) or its header message, once. */
  private async ensurePlace(c: HandoffCase): Promise<HandoffCase> {
    if (c.threadId !== undefined || c.rootMessageId !== undefined) return c;
    const inTopic = await this.usesTopics();
    const header = renderCaseHeader(this.t, c, inTopic);
    if (inTopic) {
      const topic = await this.api.createForumTopic(this.chatId, caseLabel(this.t, c).slice(0, MAX_TOPIC_NAME));
      await this.cases.attachThread(c.id, topic.message_thread_id);
      const posted = await this.api.sendMessage(this.chatId, header.html, { ...MESSAGE_OPTIONS, message_thread_id: topic.message_thread_id, reply_markup: header.keyboard });
      await this.cases.attachRoot(c.id, posted.message_id);
      return { ...c, threadId: topic.message_thread_id, rootMessageId: posted.message_id };
    }
    const posted = await this.api.sendMessage(this.chatId, header.html, { ...MESSAGE_OPTIONS, reply_markup: header.keyboard });
    await this.cases.attachRoot(c.id, posted.message_id);
    return { ...c, rootMessageId: posted.message_id };
  }
}
