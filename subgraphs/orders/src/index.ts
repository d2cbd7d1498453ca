export type { Context } from './context.js';
export type { CurrencyCode, MoneyRow, OrderItemRow, OrderRow, OrderStatus } from './repository.js';
export { SEED_CUSTOMER_ID } from './seed.js';
export { createOrdersSubgraph, type OrdersSubgraphOptions, prepareOrdersDatabase } from './subgraph.js';
