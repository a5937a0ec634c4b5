import { Registry } from 'prom-client';

/** The one Prometheus registry served at /metrics; modules register their own metrics on it. */
export const metrics = new Registry();
