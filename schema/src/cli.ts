import { writeFileSync } from 'node:fs';
import { composeSupergraph, readSupergraph, SUPERGRAPH_PATH } from './index.js';

/**
 * `npm run compose` writes schema/supergraph.graphql; `npm run compose -- --check` exits 1 when the
 * committed file differs from what the subgraph SDLs compose to.
 */
const check = process.argv.includes('--check');
const composed = composeSupergraph();
if (check) {
  if (readSupergraph() !== composed) {
    console.error(`${SUPERGRAPH_PATH} is stale: run npm run compose and commit it`);
    process.exit(1);
  }
  console.log('supergraph is current');
} else {
  writeFileSync(SUPERGRAPH_PATH, composed);
  console.log(`wrote ${SUPERGRAPH_PATH}`);
}
