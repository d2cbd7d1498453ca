import type { MoneyResolvers } from '../__generated__/resolvers.js';

/** Minor units per major unit: 100 for every currency the shop sells in (USD, EUR, GBP). */
const MINOR_PER_MAJOR = 100;

export const Money: MoneyResolvers = {
  amount: (money) => money.minorUnits / MINOR_PER_MAJOR,
};
