import { DateTimeScalar } from '@switchyard/service';
import type { Resolvers } from '../__generated__/resolvers.js';
import { Category } from './Category.js';
import { Image } from './Image.js';
import { Money } from './Money.js';
import { Product } from './Product.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Query, Product, Category, Money, Image };
