import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.ts';
import { lazyChildLogger } from './request-logger.ts';

function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { log: createLogger(level, stream), lines };
}

describe('lazyChildLogger', () => {
  it('makes no pino child for a request that logs nothing, even with bindings added', () => {
    const { log } = capture();
    const child = vi.spyOn(log, 'child');
    const reqLog = lazyChildLogger(log, { request_id: 'req_1' }).child({ store_id: 'store_1' });
    reqLog.debug('below the level');
    expect(child).not.toHaveBeenCalled();
  });

  it('logs with every binding once it does log, and honours the level', () => {
    const { log, lines } = capture();
    const reqLog = lazyChildLogger(log, { request_id: 'req_1', trace_id: 't1' }).child({
      store_id: 'store_1',
    });
    reqLog.info({ thing: 1 }, 'did a thing');
    reqLog.warn('and warned');
    reqLog.debug('not this');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ request_id: 'req_1', trace_id: 't1', store_id: 'store_1', thing: 1 });
    expect(lines[0]!.msg).toBe('did a thing');
    expect(lines[1]).toMatchObject({ store_id: 'store_1', msg: 'and warned', level: 40 });
  });

  it('still redacts personal data in what it logs', () => {
    const { log, lines } = capture();
    lazyChildLogger(log, { request_id: 'req_1' }).error(
      { password: 'hunter2hunter2' },
      'no account for a@example.com',
    );
    expect(lines[0]).toMatchObject({ request_id: 'req_1', password: '[redacted]' });
    expect(JSON.stringify(lines)).not.toMatch(/a@example\.com|hunter2/);
  });
});
