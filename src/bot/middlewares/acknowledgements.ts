import type { Context, MiddlewareFn } from 'grammy';

/** Set on a context whose button acknowledgements need not be waited for: where they go meanwhile. */
const inFlight = Symbol('acknowledgements-in-flight');
type AcknowledgingContext = Context & { [inFlight]?: Array<Promise<unknown>> };

/**
 * Lets a handler go on with its reply while the button press it acknowledged is still being
 * answered, and waits for every such answer before the update counts as handled.
 *
 * Why: the answer to a button press only stops the spinner on the person's phone; the reply that
 * matters (the edited screen) need not wait a whole Bot API round trip for it. Awaited one after
 * the other, under a burst every press waits in line twice. Installed outside the per-chat order:
 * the answer holds nothing of the chat, and a stop still waits for it (it counts as in flight).
 */
export function acknowledgeWithoutWaiting(): MiddlewareFn<Context> {
  const acknowledging = async (ctx: AcknowledgingContext, next: () => Promise<void>) => {
    const answers: Array<Promise<unknown>> = [];
    ctx[inFlight] = answers;
    try {
      await next();
    } finally {
      if (answers.length > 0) await Promise.all(answers);
    }
  };
  // Only button presses are acknowledged: every other update passes at no cost.
  return (ctx: AcknowledgingContext, next) => (ctx.callbackQuery === undefined ? next() : acknowledging(ctx, next));
}

/**
 * Sends `answer` (an acknowledgement that never rejects): in the background when the context
 * allows it, otherwise (a dialogue's own context, a test's bare context) waiting for it.
 */
export async function sendAcknowledgement(ctx: Context, answer: Promise<unknown>): Promise<void> {
  const answers = (ctx as AcknowledgingContext)[inFlight];
  if (answers) answers.push(answer);
  else await answer;
}
