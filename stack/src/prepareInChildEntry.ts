// The child process of prepareInChild.ts: migrates and seeds a new PGlite data folder, then exits,
// returning the memory PGlite grew to while doing it. Arguments: <dataDir> <seed|no-seed>.
import { openDatabase } from '@switchyard/db';
import { prepareAll } from './subgraphs.js';

const [dataDir, seed] = process.argv.slice(2);
if (!dataDir || (seed !== 'seed' && seed !== 'no-seed')) {
  throw new Error('usage: prepareInChildEntry <dataDir> <seed|no-seed>');
}
// The parent has gone (interrupted first start): nobody will open the folder, so stop.
const parentGone = () => process.exit(1);
process.once('disconnect', parentGone);
const root = await openDatabase({ dataDir });
try {
  await prepareAll(() => root.handle(), { seed: seed === 'seed' });
} finally {
  await root.close();
}
// The IPC channel would keep this process alive; closing it is not the parent going.
process.off('disconnect', parentGone);
process.disconnect?.();
