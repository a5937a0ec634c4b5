/**
 * Where a process spent its CPU: self time of a V8 `.cpuprofile` by package / source area, and
 * the hottest functions. `node bench/profile-summary.ts <file.cpuprofile>`
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The package or source area a frame belongs to. */
function areaOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const src = /server\/src\/(.*)$/.exec(url);
  if (src) return 'carton:' + src[1]!.split('/').slice(0, 2).join('/');
  return url.replace(/^file:\/\//, '');
}

/**
 * `window`: only samples taken between these CLOCK_MONOTONIC times (µs, as
 * `process.hrtime.bigint() / 1000n` reads them in any process), e.g. a load run without startup.
 */
export function summarizeCpuProfile(
  file: string,
  opts: { top?: number; window?: { fromUs: number; toUs: number } } = {},
): string {
  const top = opts.top ?? 25;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const selfUs = new Map<number, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (opts.window && (t < opts.window.fromUs || t > opts.window.toUs)) continue;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byArea = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const name = `${functionName || '(anonymous)'} ${area}${url ? ':' + (lineNumber + 1) : ''}`;
    byFn.set(name, (byFn.get(name) ?? 0) + us);
  }
  // Inclusive time by area (a sample counts for every area on its stack), and self time with
  // native and node-internal frames charged to the nearest package or Carton frame that called them.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
  const inclusive = new Map<string, number>();
  const attributed = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    let charged: string | null = null;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = nodeById.get(cur)!;
      const area = areaOf(n.callFrame.url, n.callFrame.functionName);
      if (area === '(root)') continue;
      seen.add(area);
      if (charged === null && !area.startsWith('node:') && area !== '(native)') charged = area;
    }
    for (const area of seen) inclusive.set(area, (inclusive.get(area) ?? 0) + us);
    const to = charged ?? 'node internals / native (no JS caller)';
    attributed.set(to, (attributed.get(to) ?? 0) + us);
  }
  const busy = total - (byArea.get('(idle)') ?? 0);
  const pct = (us: number) => ((100 * us) / busy).toFixed(1).padStart(5) + ' %';
  const lines = [
    `CPU profile: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (shares below are of busy time)`,
    '',
    'self time by area:',
    ...[...byArea]
      .filter(([a]) => a !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([a, us]) => `  ${pct(us)}  ${a}`),
    '',
    'self time, native and node-internal work charged to the package or Carton code that called it:',
    ...[...attributed]
      .filter(([a]) => a !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([a, us]) => `  ${pct(us)}  ${a}`),
    '',
    'inclusive time by area (anything on the stack below it):',
    ...[...inclusive]
      .filter(([a]) => a !== '(idle)' && a !== '(program)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([a, us]) => `  ${pct(us)}  ${a}`),
    '',
    'hottest functions (self time):',
    ...[...byFn]
      .filter(([f]) => !f.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([f, us]) => `  ${pct(us)}  ${f}`),
  ];
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/profile-summary.ts <file.cpuprofile>');
    process.exit(2);
  }
  console.log(summarizeCpuProfile(file));
}
