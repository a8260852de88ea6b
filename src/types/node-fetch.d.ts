/**
 * node-fetch 2, grammY's own Node transport, typed as the fetch grammY's client option takes.
 * (`@types/node-fetch` would retype grammY's `client.fetch` option as node-fetch's own signature,
 * which the Bot API doubles of tests and the simulator, written against the standard fetch, do not fit.)
 */
declare module 'node-fetch' {
  const fetch: typeof globalThis.fetch;
  export default fetch;
}
