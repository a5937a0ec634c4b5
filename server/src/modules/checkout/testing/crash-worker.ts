/**
 * A real Carton process (API and workers, as `carton start` runs them) for the checkout crash test
 * (`crash.test.ts`). Whenever the checkout workflow reaches a point — inside a step once its effect
 * is done, or just after the step — it reads CHECKOUT_CRASH_FILE; if the file names that point and
 * the checkout's cart (`<point> <cart id>`), the process SIGKILLs itself there, without warning, as
 * a power cut would.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../../platform/config.ts';
import { startRuntime } from '../../../platform/runtime.ts';
import { setCheckoutStepObserver } from '../service.ts';

const crashFile = process.env.CHECKOUT_CRASH_FILE;
setCheckoutStepObserver((point, input) => {
  if (!crashFile) return;
  let target: string;
  try {
    target = readFileSync(crashFile, 'utf8').trim();
  } catch {
    return;
  }
  if (target === `${point} ${input.plan.cartId}`) process.kill(process.pid, 'SIGKILL');
});

const runtime = await startRuntime({ api: true, worker: true, config: loadConfig() });
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    runtime.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
console.log(`checkout worker ready ${runtime.url}`);
