import { Composer } from 'grammy';
import { z } from 'zod';
import { hashUserId } from '../../../logger';
import { createDialogue } from '../../conversations/registration';
import type { BotContext } from '../../context';
import type { FeatureDeps } from '../../feature-deps';
import { rawArgs } from '../../callback-args';
import { featurePattern } from '../../keyboards/callback-data';
import { staffButtonOf, type StaffButton } from './buttons';
import { MESSAGE_OPTIONS, refuse } from '../../respond';
import { showStaffMenu, STAFF_HANDLERS, type StaffHandler } from './actions';
import { CALENDAR_HANDLERS, decreeEditFlow, deflatorEditFlow } from './calendar';
import { cardEditFlow, contactEditFlow } from './content-flows';
import { faqAddFlow, faqEditFlow } from './faq-flows';
import { STAFF_STEP, staffStepDialogue, type FormFlow } from './form';
import { staffServices, type FlowId, type StaffTools } from './services';
import { applyImportHandler, cancelImportHandler, exportHandler, importHelpHandler, receiveImport } from './transfer';
import { INSIGHT_HANDLERS } from './insight';
import { showStaleButton } from '../../screens/stale-button';

const userIdArgument = z.string().trim().regex(/^\d{1,15}$/).transform(Number);

/** Every staff button's handler; a button missing here is answered as stale. */
const HANDLERS: Readonly<Partial<Record<StaffButton, StaffHandler>>> = {
  ...STAFF_HANDLERS,
  ...CALENDAR_HANDLERS,
  ...INSIGHT_HANDLERS,
  exportContent: exportHandler,
  importHelp: importHelpHandler,
  importApply: applyImportHandler,
  importCancel: cancelImportHandler,
};

/**
 * Staff tools: /staff opens the editor of the FAQ and (with live content) the cards, contacts and
 * the working-day calendar's decrees and patent deflators;
 * admins add and remove staff with /staff_add and /staff_remove. The role is checked on every
 * command, every button press and every dialogue step: a forged or replayed staff button from
 * anyone else is refused with a clear message.
 */
export function staffFeature(deps: FeatureDeps, tools: StaffTools): Composer<BotContext> {
  const services = staffServices(deps, tools);
  const feature = new Composer<BotContext>();

  const flows: Partial<Record<FlowId, FormFlow>> = {
    'faq-add': faqAddFlow(services),
    'faq-edit': faqEditFlow(services),
    ...(services.content
      ? {
          'card-edit': cardEditFlow(services, services.content),
          'contact-edit': contactEditFlow(services, services.content),
          'decree-edit': decreeEditFlow(services, services.content.calendar),
          'deflator-edit': deflatorEditFlow(services, services.content.calendar),
        }
      : {}),
  };

  feature.use(
    createDialogue(staffStepDialogue(flows as Record<FlowId, FormFlow>, services, deps.i18n), {
      id: STAFF_STEP,
      maxMillisecondsToWait: deps.config.conversationTtlSeconds * 1000,
    }),
  );

  const refuseStaffAction = (ctx: BotContext, textKey = 'staff.refused') =>
    refuse(ctx, { logger: deps.logger, logSalt: deps.config.logSalt, what: 'staff action refused', textKey });

  // Staff screens show unpublished content and ids: only in a private chat with the bot.
  const privateChat = feature.chatType('private');
  privateChat.command('staff', async (ctx) => {
    if (!(await ctx.roles.isStaff())) return refuseStaffAction(ctx);
    await ctx.conversation.exitAll();
    await services.faq.ready();
    await showStaffMenu(ctx, services);
  });

  const changeStaff = (add: boolean) => async (ctx: BotContext & { match: string }) => {
    if (!ctx.roles.isAdmin) return refuseStaffAction(ctx, 'staff.admin-only');
    const parsed = userIdArgument.safeParse(ctx.match);
    if (!parsed.success) return void (await ctx.reply(ctx.t(add ? 'staff.admin.usage-add' : 'staff.admin.usage-remove'), MESSAGE_OPTIONS));
    const id = parsed.data;
    const result = add ? await services.directory.addStaff(id) : await services.directory.removeStaff(id);
    const key = !result.ok
      ? `staff.admin.${result.reason}`
      : 'added' in result
        ? result.added ? 'staff.admin.added' : 'staff.admin.already'
        : result.removed ? 'staff.admin.removed' : 'staff.admin.not-staff';
    deps.logger.info({ user: hashUserId(ctx.from?.id, deps.config.logSalt), change: add ? 'add' : 'remove', ok: result.ok }, 'staff list change');
    await ctx.reply(ctx.t(key, { id }), MESSAGE_OPTIONS);
  };
  privateChat.command('staff_add', changeStaff(true));
  privateChat.command('staff_remove', changeStaff(false));

  feature.callbackQuery(featurePattern('staff'), async (ctx) => {
    // Asked again on every press: a removed staff member's old buttons stop working at once.
    if (!(await ctx.roles.isStaff())) return refuseStaffAction(ctx);
    // The code picks the handler; the handler reads the rest with its own zod schema (withArgs).
    const [code, ...args] = rawArgs(ctx) ?? [];
    const button = staffButtonOf(code);
    const handler = button && HANDLERS[button];
    if (!handler) return showStaleButton(ctx);
    await services.faq.ready();
    if ((await handler(ctx, services, args)) === false) return showStaleButton(ctx);
  });

  privateChat.on('message:document', async (ctx, next) => {
    if (!(await ctx.roles.isStaff())) return next();
    await receiveImport(ctx, services, deps.downloadFile);
  });

  return feature;
}
