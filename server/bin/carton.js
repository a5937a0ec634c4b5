#!/usr/bin/env node
// `npx carton <command>` from the repository. npm puts node_modules/.bin first on PATH, and the
// project's `node` devDependency lives there, so this runs on Node 24, which loads the
// TypeScript sources directly (type stripping) — no build step.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `carton needs Node.js 24 or newer (this is ${process.version}). Run it through npm from the ` +
      'repository, e.g. `npx carton start` or `npm start`, which use the Node the project pins.',
  );
  process.exit(1);
}
await import('../src/main.ts');
