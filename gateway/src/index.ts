export { type GatewayConfig, loadGatewayConfig } from './config.js';
export type { BudgetStore, ClientProfile, ThrottleStatus } from './cost/budget.js';
export { type BudgetStoreOptions, createBudgetStore } from './cost/budgetStore.js';
export { createGateway, type GatewayContext, type GatewayOptions } from './gateway.js';
