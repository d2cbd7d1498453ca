-- Failed sign-ins per key ('account:<email>' or 'ip:<address>') in a fixed window, shared by
-- every users instance through the database.
CREATE TABLE users.login_failure (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  window_started_at timestamptz NOT NULL
);
