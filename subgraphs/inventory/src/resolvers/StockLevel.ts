import type { StockLevelResolvers } from '../__generated__/resolvers.js';

export const StockLevel: StockLevelResolvers = {
  available: (stock) => stock.quantity - stock.reserved,
  warehouse: async (stock, _args, { loaders }) => {
    const warehouse = await loaders.warehouseById.load(stock.warehouseId);
    // The foreign key from stock to warehouse makes this unreachable short of a broken database.
    if (!warehouse)
      throw new Error(`stock of product ${stock.productId} refers to missing warehouse ${stock.warehouseId}`);
    return warehouse;
  },
};
