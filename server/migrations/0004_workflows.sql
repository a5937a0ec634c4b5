-- Durable work (platform/workflows). DBOS keeps its own tables in schema "dbos", created by its
-- migrator at start; this table is Carton's.

-- Results of exactly-once workflow steps (`transaction` in platform/workflows): recorded in the same
-- transaction as the step's writes, so a workflow resumed after a crash gets the result back
-- instead of writing twice. Pruned after a week by the platform.prune-step-results schedule.
CREATE TABLE workflow_step_results (
  workflow_id text NOT NULL,
  step_id integer NOT NULL,
  output jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workflow_id, step_id)
);
CREATE INDEX workflow_step_results_created_idx ON workflow_step_results (created_at);
