import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { OrderRow, OrderItemRow, MoneyRow } from '../repository.js';
import type { RecordedEvent } from '../domain/order.js';
import type { StatusChange } from '../events/bus.js';
import type { Context } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant in time, as an ISO-8601 string in UTC with milliseconds (2026-01-01T12:00:00.000Z). */
  DateTime: { input: Date | string; output: Date | string; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** ISO-4217 currencies the shop sells in. */
export type CurrencyCode =
  /** Euro. */
  | 'EUR'
  /** Pound sterling. */
  | 'GBP'
  /** US dollar. */
  | 'USD';

/** An amount of money in one currency. */
export type Money = {
  __typename?: 'Money';
  /** The amount in major units (29.99); derived from minorUnits. */
  amount: Scalars['Float']['output'];
  /** The currency. */
  currency: CurrencyCode;
  /** The exact amount in minor units (2999 cents). */
  minorUnits: Scalars['Int']['output'];
};

/**
 * Changes to orders. Each returns the order after the change; a refused change answers null with
 * an error whose code says why. Only the order's customer and admins may change an order; to
 * anyone else it answers ORDER_NOT_FOUND, exactly like an id that does not exist.
 */
export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Adds units of a product at its current catalog price in the order's currency; a product
   * already in the order gets more units on its line. PENDING orders only; at most 50 products and
   * 1000 units of one product per order. Codes: ORDER_NOT_PENDING, ORDER_TOO_MANY_ITEMS,
   * ORDER_INVALID_QUANTITY, PRODUCT_NOT_FOUND, DEPENDENCY_UNAVAILABLE.
   */
  addOrderItem?: Maybe<Order>;
  /**
   * Cancels a PENDING order. A placed order is cancelled by its placement when a step fails; paid
   * orders are not cancelled here. Codes: ORDER_INVALID_TRANSITION.
   */
  cancelOrder?: Maybe<Order>;
  /** A new, empty order of the signed-in customer, PENDING. */
  createOrder?: Maybe<Order>;
  /** Records that a SHIPPED order arrived: DELIVERED. Admins only. Codes: ORDER_INVALID_TRANSITION. */
  deliverOrder?: Maybe<Order>;
  /**
   * Places a PENDING, non-empty order and runs the placement: stock is reserved, the card charged,
   * and the order becomes PAID; when a step fails, what was done is undone and the order becomes
   * CANCELLED with the reason. Answers when the placement has finished, with the order PAID or
   * CANCELLED; subscribers see PLACED first. Codes: ORDER_NOT_PENDING, ORDER_EMPTY,
   * INVALID_ARGUMENT for a card number that cannot be one.
   */
  placeOrder?: Maybe<Order>;
  /** Removes a product's line from a PENDING order. Codes: ORDER_NOT_PENDING, ORDER_ITEM_NOT_FOUND. */
  removeOrderItem?: Maybe<Order>;
  /** Hands a PAID order to the carrier: SHIPPED. Admins only. Codes: ORDER_INVALID_TRANSITION. */
  shipOrder?: Maybe<Order>;
};


/**
 * Changes to orders. Each returns the order after the change; a refused change answers null with
 * an error whose code says why. Only the order's customer and admins may change an order; to
 * anyone else it answers ORDER_NOT_FOUND, exactly like an id that does not exist.
 */
export type MutationAddOrderItemArgs = {
  orderId: Scalars['ID']['input'];
  productId: Scalars['ID']['input'];
  quantity?: Scalars['Int']['input'];
};


/**
 * Changes to orders. Each returns the order after the change; a refused change answers null with
 * an error whose code says why. Only the order's customer and admins may change an order; to
 * anyone else it answers ORDER_NOT_FOUND, exactly like an id that does not exist.
 */
export type MutationCancelOrderArgs = {
  orderId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


/**
 * Changes to orders. Each returns the order after the change; a refused change answers null with
 * an error whose code says why. Only the order's customer and admins may change an order; to
 * anyone else it answers ORDER_NOT_FOUND, exactly like an id that does not exist.
 */
export type MutationCreateOrderArgs = {
  currency?: CurrencyCode;
};


/**
 * Changes to orders. Each returns the order after the change; a refused change answers null with
 * an error whose code says why. Only the order's customer and admins may change an order; to
 * anyone else it answers ORDER_NOT_FOUND, exactly like an id that does not exist.
 */
export type MutationDeliverOrderArgs = {
  orderId: Scalars['ID']['input'];
};


/**
 * Changes to orders. Each returns the order after the change; a refused change answers null with
 * an error whose code says why. Only the order's customer and admins may change an order; to
 * anyone else it answers ORDER_NOT_FOUND, exactly like an id that does not exist.
 */
export type MutationPlaceOrderArgs = {
  orderId: Scalars['ID']['input'];
  paymentMethod: PaymentMethodInput;
};


/**
 * Changes to orders. Each returns the order after the change; a refused change answers null with
 * an error whose code says why. Only the order's customer and admins may change an order; to
 * anyone else it answers ORDER_NOT_FOUND, exactly like an id that does not exist.
 */
export type MutationRemoveOrderItemArgs = {
  orderId: Scalars['ID']['input'];
  productId: Scalars['ID']['input'];
};


/**
 * Changes to orders. Each returns the order after the change; a refused change answers null with
 * an error whose code says why. Only the order's customer and admins may change an order; to
 * anyone else it answers ORDER_NOT_FOUND, exactly like an id that does not exist.
 */
export type MutationShipOrderArgs = {
  orderId: Scalars['ID']['input'];
};

/** A customer's order. */
export type Order = {
  __typename?: 'Order';
  /**
   * The registered error code behind a cancellation by the placement (INSUFFICIENT_STOCK,
   * PAYMENT_DECLINED, PAYMENT_TIMEOUT, DEPENDENCY_UNAVAILABLE); null for other cancellations.
   */
  cancellationCode?: Maybe<Scalars['String']['output']>;
  /** Why the order was cancelled; null unless it is CANCELLED. */
  cancellationReason?: Maybe<Scalars['String']['output']>;
  /** The last four digits of the card the order was placed with; nothing more of a card is kept. */
  cardLast4?: Maybe<Scalars['String']['output']>;
  /** When the order was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Who ordered. */
  customer: User;
  /** Every change of the order, oldest first, up to the version read. */
  history: Array<OrderEvent>;
  /** Stable identifier. */
  id: Scalars['ID']['output'];
  /** What was ordered, in the order it was added. */
  items: Array<OrderItem>;
  /** Where the order is in its life. */
  status: OrderStatus;
  /** Sum of the items' line totals. */
  total: Money;
  /** When the order last changed. */
  updatedAt: Scalars['DateTime']['output'];
  /**
   * How many events the order has had: 1 after creation, +1 per change. Pass it as `asOfVersion`
   * to read this state again, or as `afterVersion` to hear only what comes after it.
   */
  version: Scalars['Int']['output'];
};

/** A page of orders, newest first. */
export type OrderConnection = {
  __typename?: 'OrderConnection';
  /** The orders of this page. */
  edges: Array<OrderEdge>;
  /** Where this page ends. */
  pageInfo: PageInfo;
};

/** One order in a page of orders. */
export type OrderEdge = {
  __typename?: 'OrderEdge';
  /** Pass as `after` to continue after this order. */
  cursor: Scalars['String']['output'];
  /** The order. */
  node: Order;
};

/** One event in an order's history (event sourcing: the order is the sum of these). */
export type OrderEvent = {
  __typename?: 'OrderEvent';
  /** The event or command that caused this one; null for an event a request caused directly. */
  causationId?: Maybe<Scalars['ID']['output']>;
  /** The request or placement the event belongs to: events of one request share it. */
  correlationId: Scalars['ID']['output'];
  /** The event's id (a UUID). */
  id: Scalars['ID']['output'];
  /** When it happened. */
  occurredAt: Scalars['DateTime']['output'];
  /**
   * The event's data as a JSON object: productId, quantity and unitPriceMinor for ITEM_ADDED,
   * reason and code for CANCELLED, and so on.
   */
  payload: Scalars['String']['output'];
  /** What happened. */
  type: OrderEventType;
  /** Its place in the order's history: 1, 2, 3, ... */
  version: Scalars['Int']['output'];
};

/** What happened to an order. */
export type OrderEventType =
  /** The order was stopped; `payload` has the reason. */
  | 'CANCELLED'
  /** The order was created, empty. */
  | 'CREATED'
  /** Arrived. */
  | 'DELIVERED'
  /** Units of a product were added. */
  | 'ITEM_ADDED'
  /** A product's line was removed. */
  | 'ITEM_REMOVED'
  /** Stock was reserved and the payment taken. */
  | 'PAID'
  /** The order was submitted; the placement began. */
  | 'PLACED'
  /** Handed to the carrier. */
  | 'SHIPPED';

/** One line of an order. */
export type OrderItem = {
  __typename?: 'OrderItem';
  /** unitPrice x quantity. */
  lineTotal: Money;
  /** What was ordered. */
  product: Product;
  /** How many, at least 1. */
  quantity: Scalars['Int']['output'];
  /** The price of one unit when it was ordered. */
  unitPrice: Money;
};

/** Where an order is in its life. */
export type OrderStatus =
  /** Stopped before shipping; stock released, payment refunded. */
  | 'CANCELLED'
  /** Arrived. */
  | 'DELIVERED'
  /** Paid; waiting to ship. */
  | 'PAID'
  /** Being put together; items can still change. */
  | 'PENDING'
  /** Submitted; stock is being reserved and payment taken. */
  | 'PLACED'
  /** Handed to the carrier. */
  | 'SHIPPED';

/** A status change of an order, as subscribers receive it. */
export type OrderStatusEvent = {
  __typename?: 'OrderStatusEvent';
  /** When the change happened. */
  occurredAt: Scalars['DateTime']['output'];
  /** The order as it was right after this change. */
  order: Order;
  /** The order's id. */
  orderId: Scalars['ID']['output'];
  /** Why the order was cancelled; null for other statuses. */
  reason?: Maybe<Scalars['String']['output']>;
  /** The registered error code behind a cancellation by the placement; null otherwise. */
  reasonCode?: Maybe<Scalars['String']['output']>;
  /** The status the order moved to. */
  status: OrderStatus;
  /** The order's version after the change; resume with it as `afterVersion`. */
  version: Scalars['Int']['output'];
};

/** Where a page of a connection ends (Relay cursor connections). */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The cursor of the last edge, to pass as `after`; null on an empty page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether another page follows this one. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** How an order is paid. Only the card's last four digits are kept. */
export type PaymentMethodInput = {
  /**
   * The card number, 12 to 19 digits. Test cards of the simulated processor: 4242424242424242 is
   * approved, 4000000000000002 declined, 4000000000009995 never answers and times out.
   */
  cardNumber: Scalars['String']['input'];
};

/** A product, as far as orders refer to it. */
export type Product = {
  __typename?: 'Product';
  /** The product's id (owned by the products subgraph). */
  id: Scalars['ID']['output'];
};

/** Reads of orders. */
export type Query = {
  __typename?: 'Query';
  /**
   * An order by id; null when there is none or it is another customer's (the same answer, so ids
   * reveal nothing). Admins see every order. UNAUTHENTICATED for anonymous viewers.
   */
  order?: Maybe<Order>;
};


/** Reads of orders. */
export type QueryOrderArgs = {
  asOfVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
};

/** Live order updates (graphql-ws through the gateway). */
export type Subscription = {
  __typename?: 'Subscription';
  /**
   * The status changes of one order. The first message is the order's current status; with
   * `afterVersion`, instead every status change after that version is replayed from the order's
   * history, then live ones follow, none missed and none twice. Ends after DELIVERED or CANCELLED.
   * Only the order's customer and admins may subscribe; to anyone else: ORDER_NOT_FOUND.
   */
  orderStatusChanged?: Maybe<OrderStatusEvent>;
};


/** Live order updates (graphql-ws through the gateway). */
export type SubscriptionOrderStatusChangedArgs = {
  afterVersion?: InputMaybe<Scalars['Int']['input']>;
  orderId: Scalars['ID']['input'];
};

/** A user, as far as orders know them. */
export type User = {
  __typename?: 'User';
  /** The user's id (owned by the users subgraph). */
  id: Scalars['ID']['output'];
  /**
   * The user's orders, newest first; 10 per page unless `first` says otherwise (at most 100). Only
   * the user themself and admins see them: null with UNAUTHENTICATED for anonymous viewers and
   * FORBIDDEN for other customers.
   */
  orders?: Maybe<OrderConnection>;
};


/** A user, as far as orders know them. */
export type UserOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Order: Order;
  User: User;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Order:
    ( { __typename: 'Order' }
    & GraphQLRecursivePick<FederationTypes['Order'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  CurrencyCode: CurrencyCode;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Money: ResolverTypeWrapper<MoneyRow>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Order: ResolverTypeWrapper<OrderRow>;
  OrderConnection: ResolverTypeWrapper<Omit<OrderConnection, 'edges'> & { edges: Array<ResolversTypes['OrderEdge']> }>;
  OrderEdge: ResolverTypeWrapper<Omit<OrderEdge, 'node'> & { node: ResolversTypes['Order'] }>;
  OrderEvent: ResolverTypeWrapper<RecordedEvent>;
  OrderEventType: OrderEventType;
  OrderItem: ResolverTypeWrapper<OrderItemRow>;
  OrderStatus: OrderStatus;
  OrderStatusEvent: ResolverTypeWrapper<StatusChange>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PaymentMethodInput: PaymentMethodInput;
  Product: ResolverTypeWrapper<Product>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  User: ResolverTypeWrapper<Omit<User, 'orders'> & { orders?: Maybe<ResolversTypes['OrderConnection']> }>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  DateTime: Scalars['DateTime']['output'];
  Money: MoneyRow;
  Float: Scalars['Float']['output'];
  Int: Scalars['Int']['output'];
  Mutation: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  Order: OrderRow;
  OrderConnection: Omit<OrderConnection, 'edges'> & { edges: Array<ResolversParentTypes['OrderEdge']> };
  OrderEdge: Omit<OrderEdge, 'node'> & { node: ResolversParentTypes['Order'] };
  OrderEvent: RecordedEvent;
  OrderItem: OrderItemRow;
  OrderStatusEvent: StatusChange;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  PaymentMethodInput: PaymentMethodInput;
  Product: Product;
  Query: Record<PropertyKey, never>;
  Subscription: Record<PropertyKey, never>;
  User: Omit<User, 'orders'> & { orders?: Maybe<ResolversParentTypes['OrderConnection']> } | FederationReferenceTypes['User'];
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MoneyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['CurrencyCode'], ParentType, ContextType>;
  minorUnits?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  addOrderItem?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<MutationAddOrderItemArgs, 'orderId' | 'productId' | 'quantity'>>;
  cancelOrder?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<MutationCancelOrderArgs, 'orderId' | 'reason'>>;
  createOrder?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<MutationCreateOrderArgs, 'currency'>>;
  deliverOrder?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<MutationDeliverOrderArgs, 'orderId'>>;
  placeOrder?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<MutationPlaceOrderArgs, 'orderId' | 'paymentMethod'>>;
  removeOrderItem?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<MutationRemoveOrderItemArgs, 'orderId' | 'productId'>>;
  shipOrder?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<MutationShipOrderArgs, 'orderId'>>;
}>;

export type OrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'], FederationReferenceType extends FederationReferenceTypes['Order'] = FederationReferenceTypes['Order']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Order']> | FederationReferenceType, FederationReferenceType, ContextType>;
  cancellationCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  cancellationReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  cardLast4?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  customer?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  history?: Resolver<Array<ResolversTypes['OrderEvent']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['OrderItem']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type OrderConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderConnection'] = ResolversParentTypes['OrderConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['OrderEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type OrderEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderEdge'] = ResolversParentTypes['OrderEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
}>;

export type OrderEventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderEvent'] = ResolversParentTypes['OrderEvent']> = ResolversObject<{
  causationId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  correlationId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  payload?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['OrderEventType'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type OrderItemResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderItem'] = ResolversParentTypes['OrderItem']> = ResolversObject<{
  lineTotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  product?: Resolver<ResolversTypes['Product'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
}>;

export type OrderStatusEventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderStatusEvent'] = ResolversParentTypes['OrderStatusEvent']> = ResolversObject<{
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  order?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
  orderId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reasonCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ProductResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Product'] = ResolversParentTypes['Product']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  order?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<QueryOrderArgs, 'id'>>;
}>;

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  orderStatusChanged?: SubscriptionResolver<Maybe<ResolversTypes['OrderStatusEvent']>, "orderStatusChanged", ParentType, ContextType, RequireFields<SubscriptionOrderStatusChangedArgs, 'orderId'>>;
}>;

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  orders?: Resolver<Maybe<ResolversTypes['OrderConnection']>, ParentType, ContextType, RequireFields<UserOrdersArgs, 'first'>>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  OrderConnection?: OrderConnectionResolvers<ContextType>;
  OrderEdge?: OrderEdgeResolvers<ContextType>;
  OrderEvent?: OrderEventResolvers<ContextType>;
  OrderItem?: OrderItemResolvers<ContextType>;
  OrderStatusEvent?: OrderStatusEventResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Product?: ProductResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
}>;

