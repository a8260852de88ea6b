/**
 * Button arguments read with zod beside each handler: the one way every callback handler (core
 * actions, features, staff) gets its arguments, typed, and answers stale or forged data.
 */
import type { CallbackQueryContext } from 'grammy';
import { z } from 'zod';
import type { BotContext } from './context';
import { splitCallback } from './keyboards/callback-data';
import { showStaleButton } from './screens/stale-button';

/** A button's arguments as a schema: one zod schema per argument, or one schema of the whole list (a union of tuples). */
export type ArgsSchema = readonly [] | readonly [z.ZodType, ...z.ZodType[]] | z.ZodType;

/** The typed arguments an {@link ArgsSchema} reads. */
export type ArgsOf<S extends ArgsSchema> = S extends z.ZodType
  ? z.output<S>
  : S extends readonly [z.ZodType, ...z.ZodType[]]
    ? z.output<z.ZodTuple<[...S]>>
    : [];

/** The context of a button press. */
export type ButtonContext = CallbackQueryContext<BotContext>;

/** The tuple schema of each argument list, built once: handlers are registered once and pressed often. */
const tupleSchemas = new WeakMap<readonly z.ZodType[], z.ZodType>();

function schemaOf(schema: ArgsSchema): z.ZodType {
  if (!Array.isArray(schema)) return schema as z.ZodType;
  const list = schema as readonly z.ZodType[];
  let tuple = tupleSchemas.get(list);
  if (tuple === undefined) {
    tuple = z.tuple([...list] as [z.ZodType]);
    tupleSchemas.set(list, tuple);
  }
  return tuple;
}

/** Reads raw button arguments with `schema`; `undefined` when they do not parse (stale or forged data). */
export function readArgs<const S extends ArgsSchema>(schema: S, raw: readonly string[] | undefined): ArgsOf<S> | undefined {
  if (raw === undefined) return undefined;
  const parsed = schemaOf(schema).safeParse(raw);
  return parsed.success ? (parsed.data as ArgsOf<S>) : undefined;
}

/** The raw arguments of the pressed button (after its action), or `undefined` for data the bot cannot have built. */
export function rawArgs(ctx: { callbackQuery?: { data?: string } }): string[] | undefined {
  return splitCallback(ctx.callbackQuery?.data)?.args;
}

/**
 * A button handler whose arguments are read with `schema` first: arguments that do not parse (a
 * stale or forged button) are answered by `stale` (the stale-button screen unless told), and
 * `handle` gets them typed.
 */
export function withArgs<const S extends ArgsSchema>(
  schema: S,
  handle: (ctx: ButtonContext, args: ArgsOf<S>) => Promise<unknown>,
  stale: (ctx: ButtonContext) => Promise<unknown> = showStaleButton,
): (ctx: ButtonContext) => Promise<void> {
  return async (ctx) => {
    const args = readArgs(schema, rawArgs(ctx));
    await (args === undefined ? stale(ctx) : handle(ctx, args));
  };
}
