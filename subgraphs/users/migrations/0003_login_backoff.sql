-- Sign-in delays instead of lock-outs (issue 10): failures per (account, client address) and per
-- client address, keys 'pair:<email>|<address>' and 'ip:<address>'. The delay is computed from the
-- count and the last failure (subgraphs/users/src/throttle.ts); there is no count per account alone.
-- The fixed-window counts of 0002 are dropped: they only ever delayed sign-in for up to 15 minutes.
DROP TABLE users.login_failure;
CREATE TABLE users.login_backoff (
  key text PRIMARY KEY,
  failures integer NOT NULL CHECK (failures > 0),
  last_failure_at timestamptz NOT NULL
);
