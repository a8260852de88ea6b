import type { Api } from 'grammy';
import { Composer } from 'grammy';
import type { CaseRepository } from '../../../services/handoff/case-store';
import type { InsightStore } from '../../../services/insight';
import type { UserDataEraser } from '../../../services/privacy';
import type { BotContext } from '../../context';
import type { FeatureDeps } from '../../feature-deps';
import { asGrammyError } from '../../respond';
import { personSide } from './person-side';
import { StaffRoom } from './staff-room';
import { staffSide } from './staff-side';

/** The two halves of "Write to a person", and what /forget must erase of it. */
export interface HandoffFeature {
  /** The staff group's updates (installed early: nothing from that group reaches other features). */
  staffGroup: Composer<BotContext>;
  /** The person's side: the request, and relaying their messages while a case is open. */
  person: Composer<BotContext>;
  /** Closes the person's open case (telling staff) and removes every case and link to them. */
  eraser: UserDataEraser;
}

/**
 * "Write to a person": a hand-off from the bot to staff in a Telegram group (`STAFF_CHAT_ID`) and
 * back. Cases live in Redis (they survive restarts and are shared by instances; in memory offline); without a staff group
 * the button says honestly that the service is not available here.
 */
export function handoffFeature(deps: FeatureDeps, api: Api, cases: CaseRepository, insight?: InsightStore): HandoffFeature {
  const { staffChatId, language } = deps.config.handoff;
  const room =
    staffChatId !== undefined
      ? new StaffRoom(api, staffChatId, deps.i18n.translatorFor(language), cases, deps.logger, deps.clock)
      : undefined;
  const common = { logger: deps.logger, logSalt: deps.config.logSalt, clock: deps.clock, metrics: deps.metrics, insight };
  const person = personSide({ cases, room, content: deps.content, ...common });
  const staffGroup = room ? staffSide({ cases, room, i18n: deps.i18n, ...common }) : new Composer<BotContext>();

  const eraser: UserDataEraser = {
    async eraseUser(userId) {
      const open = await cases.openCaseOf(userId);
      const closed = open ? await cases.close(open.id, 'erased', deps.clock()) : undefined;
      if (closed && room) {
        try {
          await room.note(closed, room.t('handoff.group.erased', { id: closed.id }));
          await room.markClosed(closed);
        } catch (error) {
          // The person's data goes whatever the group says; staff simply get no notice.
          deps.logger.warn({ caseId: closed.id, err: { message: asGrammyError(error)?.description ?? String(error) } }, 'could not tell staff about an erased case');
        }
      }
      await cases.eraseUser(userId);
    },
  };
  return { staffGroup, person, eraser };
}
