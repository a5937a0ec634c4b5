-- Exactly-once transactions of a workflow (`transaction` in platform/workflows) are recorded under
-- their name in the run, no longer under DBOS's step number: they no longer go through DBOS's step
-- bookkeeping (its cancellation check, its look-up and its own checkpoint, six statements each;
-- decision 0021). A run recorded under the old key is not resumed by this code: the workflows'
-- application version changes with it (platform/workflows/engine.ts).
CREATE TABLE workflow_transactions (
  workflow_id text NOT NULL,
  name text NOT NULL,
  output jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workflow_id, name)
);
CREATE INDEX workflow_transactions_created_idx ON workflow_transactions (created_at);

DROP TABLE workflow_step_results;
