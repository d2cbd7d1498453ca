import type { Resolvers } from '../__generated__/resolvers.js';
import { Inventory } from './Inventory.js';
import { Product } from './Product.js';
import { Query } from './Query.js';
import { StockLevel } from './StockLevel.js';
import { Warehouse } from './Warehouse.js';

export const resolvers: Resolvers = { Inventory, Product, Query, StockLevel, Warehouse };
