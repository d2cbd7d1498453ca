export { type RunningStack, type StackOptions, startStack } from './stack.js';
export { prepareAll, SUBGRAPH_MODULES, type SubgraphModule } from './subgraphs.js';
