import { MINOR_UNITS_PER_MAJOR } from '@switchyard/service';
import type { MoneyResolvers } from '../__generated__/resolvers.js';

export const Money: MoneyResolvers = {
  amount: (money) => money.minorUnits / MINOR_UNITS_PER_MAJOR,
};
