-- The tracker's events are the hottest append in Carton (thousands of rows a second for one
-- store). Their foreign key to stores had every inserted row lock the store's row FOR KEY SHARE:
-- with many requests appending at once, PostgreSQL kept rewriting that row's shared lock holders
-- (a new multixact each time), one more serialising write per event. Stores are never deleted,
-- the row-level security policy already pins store_id to the scoped store, and the events are a
-- short-lived log (pruned after RECOVERY_EVENTS_KEEP_DAYS): the key protected nothing.
ALTER TABLE recovery_tracker_events DROP CONSTRAINT IF EXISTS recovery_tracker_events_store_id_fkey;
