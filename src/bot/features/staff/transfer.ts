/**
 * Export and import from Telegram: "Export" sends all editable content as one JSON document; staff
 * send such a document back, see a summary of what would change, and apply it with a button.
 */
import { randomBytes } from 'node:crypto';
import { InlineKeyboard, InputFile } from 'grammy';
import { applyImport, exportContent, parseExport, planImport, type ImportPlan, type ImportProblem } from '../../../services/staff/content-transfer';
import type { BotContext } from '../../context';
import { escapeHtml, type Translate } from '../../i18n';
import { staffButton } from './buttons';
import { describeImportProblem } from './problems';
import { acknowledge, MESSAGE_OPTIONS, showScreen } from '../../respond';
import type { StaffHandler } from './actions';
import { homeKeyboard } from './form';
import { todayIso, transferSources, type StaffServices } from './services';

/** Largest file accepted for import. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

/** Downloads a file Telegram holds for the bot, by its `file_path`. */
export type FileDownloader = (filePath: string) => Promise<Response>;

/** Sends the export document. */
export const exportHandler: StaffHandler = async (ctx, s) => {
  await acknowledge(ctx);
  const doc = exportContent(transferSources(s), new Date(s.clock()));
  const json = `${JSON.stringify(doc, null, 2)}\n`;
  await ctx.replyWithDocument(new InputFile(Buffer.from(json, 'utf8'), `migrant-help-content-${todayIso(s.clock)}.json`), {
    caption: ctx.t('staff.export.caption', { faq: doc.faq.length, cards: doc.cards?.length ?? 0, contacts: doc.contacts?.length ?? 0 }),
    parse_mode: 'HTML',
  });
};

/** Explains how to import. */
export const importHelpHandler: StaffHandler = async (ctx, s) => {
  await acknowledge(ctx);
  if (!s.faq.editable) return void (await ctx.reply(ctx.t('staff.menu.read-only'), MESSAGE_OPTIONS));
  await showScreen(ctx, ctx.t('staff.import.help', { max: MAX_IMPORT_BYTES / 1024 / 1024 }), homeKeyboard(ctx.t));
};

/** A document sent by staff: downloaded, validated, compared, and summarised for confirmation. */
export async function receiveImport(ctx: BotContext, s: StaffServices, download: FileDownloader): Promise<void> {
  const document = ctx.message?.document;
  if (!document) return;
  const reply = (html: string, keyboard: InlineKeyboard = homeKeyboard(ctx.t)) => ctx.reply(html, { ...MESSAGE_OPTIONS, reply_markup: keyboard });
  if (!s.faq.editable) return void (await reply(ctx.t('staff.menu.read-only')));
  const isJson = (document.file_name ?? '').toLowerCase().endsWith('.json') || document.mime_type === 'application/json';
  if (!isJson) return void (await reply(ctx.t('staff.import.not-json')));
  if ((document.file_size ?? 0) > MAX_IMPORT_BYTES) return void (await reply(ctx.t('staff.import.too-big', { max: MAX_IMPORT_BYTES / 1024 / 1024 })));

  const file = await ctx.getFile();
  if (!file.file_path) return void (await reply(ctx.t('staff.import.download-failed')));
  const response = await download(file.file_path);
  if (!response.ok) return void (await reply(ctx.t('staff.import.download-failed')));
  const text = await response.text();
  if (Buffer.byteLength(text) > MAX_IMPORT_BYTES) return void (await reply(ctx.t('staff.import.too-big', { max: MAX_IMPORT_BYTES / 1024 / 1024 })));

  const parsed = parseExport(text);
  if (!parsed.ok) return void (await reply(`⚠️ ${ctx.t('staff.import.invalid')}\n${problemLines(ctx.t, parsed.problems)}`));
  await s.faq.ready();
  const plan = planImport(parsed.value, transferSources(s));
  if (plan.problems.length > 0) return void (await reply(`⚠️ ${ctx.t('staff.import.refused')}\n${problemLines(ctx.t, plan.problems)}`));
  if (plan.changes.length === 0) return void (await reply(ctx.t('staff.import.nothing', { unchanged: plan.unchanged })));

  const token = randomBytes(4).toString('hex');
  await s.imports.write(String(ctx.from!.id), { token, plan });
  const keyboard = new InlineKeyboard().text(ctx.t('staff.button.apply-import'), staffButton('importApply', token)).text(ctx.t('staff.button.cancel'), staffButton('importCancel', token));
  await reply(renderPlan(ctx.t, plan), keyboard);
}

/** Applies the import the summary was shown for. */
export const applyImportHandler: StaffHandler = async (ctx, s, [token]) => {
  const key = String(ctx.from!.id);
  const pending = await s.imports.read(key);
  if (!pending || pending.token !== token) {
    await acknowledge(ctx, ctx.t('staff.import.expired'));
    return void (await showScreen(ctx, ctx.t('staff.import.expired'), homeKeyboard(ctx.t)));
  }
  await s.imports.delete(key);
  await acknowledge(ctx);
  const outcome = await applyImport(pending.plan, transferSources(s), ctx.from!.id);
  const lines = [`✅ ${ctx.t('staff.import.applied', { n: outcome.applied })}`];
  if (outcome.conflicts.length > 0) {
    lines.push(`⚠️ ${ctx.t('staff.import.conflicts')}`, ...outcome.conflicts.map((c) => `• ${ctx.t(`staff.kind.${c.kind}`)} ${escapeHtml(c.id)}`));
  }
  await showScreen(ctx, lines.join('\n'), homeKeyboard(ctx.t));
};

/** Drops a pending import. */
export const cancelImportHandler: StaffHandler = async (ctx, s) => {
  await s.imports.delete(String(ctx.from!.id));
  await acknowledge(ctx);
  await showScreen(ctx, ctx.t('staff.import.cancelled'), homeKeyboard(ctx.t));
};

/** The first problems, one line each, in the staff member's language. */
function problemLines(t: Translate, problems: readonly ImportProblem[]): string {
  const lines = problems.slice(0, 10).map((p) => `• ${describeImportProblem(t, p)}`);
  if (problems.length > 10) lines.push('…');
  return lines.join('\n');
}

/** The summary of what an import would change. */
export function renderPlan(t: Translate, plan: ImportPlan): string {
  const count = (kind: string, change: string) => plan.changes.filter((c) => c.kind === kind && c.change === change).length;
  const lines = [`<b>${t('staff.import.summary-title')}</b>`];
  for (const kind of ['faq', 'card', 'contact'] as const) {
    const counts = (['create', 'update', 'delete', 'restore'] as const).map((change) => count(kind, change));
    if (counts.some((n) => n > 0)) {
      lines.push(t('staff.import.summary-line', { kind: t(`staff.kind.${kind}`), created: counts[0], updated: counts[1], deleted: counts[2], restored: counts[3] }));
    }
  }
  lines.push(t('staff.import.unchanged', { n: plan.unchanged }));
  lines.push('', ...plan.changes.slice(0, 20).map((c) => `• ${t(`staff.kind.${c.kind}`)} ${escapeHtml(c.id)}: ${t(`staff.import.change.${c.change}`)}`));
  if (plan.changes.length > 20) lines.push('…');
  lines.push('', t('staff.import.confirm'));
  return lines.join('\n');
}
