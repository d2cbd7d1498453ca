/**
 * The one wait of the test helpers: resolves once `check` holds, polling every `intervalMs`;
 * rejects after `timeoutMs` with what was waited for. Tests inside vitest may use `expect.poll`;
 * this one also serves the helpers and the benchmarks, which run outside it.
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  { timeoutMs = 5_000, intervalMs = 10 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${check.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
