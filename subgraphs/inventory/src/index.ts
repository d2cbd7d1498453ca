export type { Context } from './context.js';
export {
  InventoryError,
  type InventoryErrorCode,
  type InventoryErrorDetails,
  isInventoryError,
} from './errors.js';
export {
  createReservations,
  type OrderLine,
  type Reservation,
  type Reservations,
  type ReservedLine,
} from './internal/reservations.js';
export { RELEASE_PATH, RESERVATIONS_PATH, reservationRoutes } from './internal/routes.js';
export {
  createServiceTokenVerifier,
  SERVICE_TOKEN_AUDIENCE,
  SERVICE_TOKEN_ISSUER,
  type ServiceTokenVerifier,
} from './internal/serviceAuth.js';
export {
  createInventoryRepository,
  type InventoryRepository,
  type InventoryRow,
  type StockRow,
  type WarehouseRow,
} from './repository.js';
export { SEED_WAREHOUSES } from './seed.js';
export { createInventorySubgraph, type InventorySubgraphOptions, prepareInventoryDatabase } from './subgraph.js';
