import { spawn, spawnSync } from 'node:child_process';
import { freePort } from './free-port.ts';

export interface TestRedis {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Whether a `redis-server` binary is on the PATH (CI installs it; see server/test/README.md). */
export const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * Tests that need Redis call `describe.runIf(redisAvailable())`: they run whenever the binary is
 * present, and under CI a missing binary is a failure rather than a silent skip.
 */
export function redisAvailable(): boolean {
  if (!hasRedisServer && process.env.CI) {
    throw new Error('redis-server is not installed; CI must install it (apt-get install -y redis-server)');
  }
  return hasRedisServer;
}

/**
 * A throwaway redis-server on 127.0.0.1 with no persistence, for one test file; with
 * `appendOnlyDir`, persisted as a production cache would be (append-only file, fsync every second).
 */
export async function startTestRedis(opts: { appendOnlyDir?: string } = {}): Promise<TestRedis> {
  const port = await freePort();
  const persistence = opts.appendOnlyDir
    ? ['--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', opts.appendOnlyDir]
    : ['--appendonly', 'no'];
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--protected-mode', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${out}`));
    });
  });
  child.stdout.resume();
  child.stderr.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
