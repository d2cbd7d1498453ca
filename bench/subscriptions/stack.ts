/**
 * The benchmarked stack, in its own process so its memory can be read from /proc: every subgraph
 * and the gateway (compiled JavaScript: run `npm run build` first), in-memory PGlite with the seed.
 * Reports its URLs over IPC and stops on SIGTERM.
 */
import { startStack } from '@switchyard/stack';

const stack = await startStack({
  logLevel: 'warn',
  ports: { gateway: 0, users: 0, products: 0, inventory: 0, orders: 0, reviews: 0 },
  // Production-like: no playground page held in memory.
  introspection: false,
});
process.send?.({ type: 'listening', urls: stack.urls });
process.on('SIGTERM', () => {
  void stack.close().then(() => process.exit(0));
});
