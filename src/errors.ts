/**
 * What was thrown, as an Error: anything may be thrown in JavaScript, and loggers and callbacks
 * here take an Error (its message is what gets logged, never a stack of user data).
 */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
