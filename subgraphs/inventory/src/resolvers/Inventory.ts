import type { InventoryResolvers } from '../__generated__/resolvers.js';

export const Inventory: InventoryResolvers = {
  available: (inventory) => inventory.total - inventory.reserved,
};
