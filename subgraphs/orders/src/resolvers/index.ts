import { DateTimeScalar } from '@switchyard/service';
import type { Resolvers } from '../__generated__/resolvers.js';
import { Money } from './Money.js';
import { Mutation } from './Mutation.js';
import { Order } from './Order.js';
import { OrderEvent } from './OrderEvent.js';
import { OrderItem } from './OrderItem.js';
import { OrderStatusEvent } from './OrderStatusEvent.js';
import { Query } from './Query.js';
import { Subscription } from './Subscription.js';
import { User } from './User.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Money,
  Mutation,
  Order,
  OrderEvent,
  OrderItem,
  OrderStatusEvent,
  Query,
  Subscription,
  User,
};
