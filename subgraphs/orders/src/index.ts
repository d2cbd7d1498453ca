export {
  createGraphQLPriceLookup,
  type GraphQLPriceLookupOptions,
  type ProductPriceLookup,
} from './catalog/priceLookup.js';
export { DEV_ORDERS_SERVICE_KEY_FILE, loadOrdersConfig, type OrdersConfig } from './config.js';
export { type Context, type ContextFactory, createContextFactory } from './context.js';
export { isOrderError, OrderDomainError, type OrderErrorCode } from './domain/errors.js';
export * as orderAggregate from './domain/order.js';
export {
  createStatusBus,
  InProcessStatusBus,
  RedisStatusBus,
  type RedisStatusBusOptions,
  type StatusBus,
  type StatusChange,
} from './events/bus.js';
export {
  createHttpInventoryClient,
  type HttpInventoryClientOptions,
  type InventoryClient,
  RELEASE_PATH,
  RESERVATIONS_PATH,
  type ReservationLine,
} from './inventory/client.js';
export { createServiceTokenSigner, SERVICE_TOKEN_AUDIENCE, SERVICE_TOKEN_ISSUER } from './inventory/serviceToken.js';
export { createOrdersDomain, type OrdersDomain, type OrdersDomainOptions } from './ordersDomain.js';
export { type PaymentProvider, SimulatedCardProcessor, TEST_CARDS } from './payments/provider.js';
export type { CurrencyCode, MoneyRow, OrderItemRow, OrderRow, OrderStatus } from './repository.js';
export { SEED_CUSTOMER_ID } from './seed.js';
export {
  createOrdersSubgraph,
  type OrdersSubgraph,
  type OrdersSubgraphOptions,
  prepareOrdersDatabase,
} from './subgraph.js';
