import type { MoneyResolvers } from '../__generated__/resolvers.js';

export const Money: MoneyResolvers = {
  // Every currency we sell in has two decimal places (ISO 4217 exponent 2).
  amount: (money) => money.minorUnits / 100,
};
