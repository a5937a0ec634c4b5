import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { AppErrorCode } from './errors.ts';

// docs/api.md lists every error code under its status: a new code must be documented.
it('docs/api.md lists every error code with its status', () => {
  const doc = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
  for (const [code, status] of Object.entries(AppErrorCode)) {
    const row = doc.split('\n').find((l) => l.startsWith(`| ${status} `));
    expect(row, `a row for ${status}`).toBeDefined();
    expect(row, code).toContain(`\`${code}\``);
  }
});
