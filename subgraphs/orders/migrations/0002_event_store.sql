-- The Order aggregate's event stream (event sourcing, ARCHITECTURE.md "Orders"): the source of
-- truth. purchase_order and order_item become its projection, rewritten in the same transaction
-- as every append. Fields follow the brief's event schema.
CREATE TABLE orders.order_event (
  event_id uuid PRIMARY KEY,
  order_id integer NOT NULL CHECK (order_id > 0),
  -- 1 for an order's first event, then +1 per event: appends name the version they expect.
  version integer NOT NULL CHECK (version >= 1),
  type text NOT NULL CHECK (type IN ('order.created', 'order.item_added', 'order.item_removed', 'order.placed',
    'order.paid', 'order.cancelled', 'order.shipped', 'order.delivered')),
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  -- The request or saga the event belongs to, and the event or command that caused it.
  correlation_id uuid NOT NULL,
  causation_id uuid,
  -- Who caused it ({"userId": 2, "source": "graphql"}).
  metadata jsonb NOT NULL DEFAULT '{}',
  -- Optimistic concurrency: of two writers appending the same version, exactly one commits.
  CONSTRAINT order_event_order_version_key UNIQUE (order_id, version)
);

-- The projection remembers the version it reflects and what the events say beyond the status.
ALTER TABLE orders.purchase_order
  ADD COLUMN version integer NOT NULL DEFAULT 0 CHECK (version >= 0),
  ADD COLUMN cancellation_reason text,
  ADD COLUMN cancellation_code text,
  ADD COLUMN card_last4 text CHECK (card_last4 ~ '^[0-9]{4}$');

-- Placement sagas (src/saga/): one per placed order, its progress stored after every step so a
-- process that dies mid-saga is finished or compensated by whichever instance resumes it.
CREATE TABLE orders.order_saga (
  order_id integer PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED')),
  -- RUNNING: the index of the next forward step. COMPENSATING: the index of the next step to undo
  -- (counting down; -1 when only the order's cancellation is left).
  step integer NOT NULL DEFAULT 0,
  -- What the steps need and produced: lines, amount, the payment token (never the card), payment id.
  data jsonb NOT NULL,
  -- Why it compensates: {"code": "PAYMENT_DECLINED", "message": "..."}.
  failure jsonb,
  correlation_id uuid NOT NULL,
  causation_id uuid,
  -- A lease: the instance running the saga, until when. Expired leases are resumed by others.
  locked_by text,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_saga_unfinished_idx ON orders.order_saga (locked_until)
  WHERE status IN ('RUNNING', 'COMPENSATING');
