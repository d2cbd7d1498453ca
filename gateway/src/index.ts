export { type GatewayConfig, loadGatewayConfig } from './config.js';
export { createGateway, type GatewayContext, type GatewayOptions } from './gateway.js';
