import { defineEventTypes } from '../../../platform/events/catalog.ts';

defineEventTypes({
  'catalog_import.progressed': 'A product CSV import wrote another batch (rows done of total).',
  'catalog_import.completed': 'A product CSV import finished; counts of products written and rows in error.',
  'catalog_import.failed': 'A product CSV import stopped on an unexpected error.',
});

export interface ImportProgressPayload {
  job_id: string;
  processed_rows: number;
  total_rows: number;
  percentage: number;
  [key: string]: unknown;
}
