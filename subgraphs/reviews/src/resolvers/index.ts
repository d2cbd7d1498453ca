import { DateTimeScalar } from '@switchyard/service';
import type { Resolvers } from '../__generated__/resolvers.js';
import { Product } from './Product.js';
import { Query } from './Query.js';
import { Review } from './Review.js';
import { User } from './User.js';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Product, Query, Review, User };
