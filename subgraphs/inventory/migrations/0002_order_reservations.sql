-- Stock held for orders, by order id: what makes the orders service's reserve and release commands
-- idempotent. A retried reserve finds its reservation and holds nothing more; a release turns it
-- RELEASED once; a release that arrives before its reserve (a timed-out call overtaken) leaves a
-- RELEASED row behind, so the late reserve is refused instead of holding stock for a cancelled order.
-- order_id is the orders service's id: no foreign key across services.
CREATE TABLE inventory.reservation (
  order_id integer PRIMARY KEY CHECK (order_id > 0),
  status text NOT NULL CHECK (status IN ('RESERVED', 'RELEASED')),
  created_at timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz
);

-- Where each reserved unit sits: a line of an order may be split over warehouses.
CREATE TABLE inventory.reservation_line (
  order_id integer NOT NULL REFERENCES inventory.reservation (order_id) ON DELETE CASCADE,
  product_id integer NOT NULL CHECK (product_id > 0),
  warehouse_id integer NOT NULL REFERENCES inventory.warehouse (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, product_id, warehouse_id)
);
