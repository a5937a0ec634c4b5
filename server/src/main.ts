#!/usr/bin/env node
/**
 * Carton's entry point: makes module loading fast, then runs the command line (cli.ts).
 * Only node: modules and module-loading.ts may be imported statically here: everything else must
 * load after the compile cache and the resolution hook are in place.
 */
import { speedUpModuleLoading } from './platform/module-loading.ts';

speedUpModuleLoading();
await import('./cli.ts');
