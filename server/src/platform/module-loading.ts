/**
 * Start-up time is mostly Node loading ~2,000 modules. Two things halve it (bench/startup.ts):
 *
 * - Node's compile cache (in the OS temp directory; `NODE_DISABLE_COMPILE_CACHE=1` turns it off):
 *   compiled code, and TypeScript with its types stripped, are reused between starts.
 * - drizzle-orm's package.json is 179 kB, almost all of it its `exports` map, and Node 24
 *   JSON-parses that map again on every resolution of a file in the package or of a specifier
 *   naming it (`getPackageScopeConfig`) — ~550 times at start, ≈ 1 s on this VM. Its ES module
 *   build only imports its own files by relative `.js` paths in a `"type": "module"` package, so
 *   those resolve to a URL join; and what Carton's own files import from it resolves the same
 *   from every one of them, so once.
 */
import { enableCompileCache, registerHooks, type ResolveFnOutput } from 'node:module';

const DRIZZLE = '/node_modules/drizzle-orm/';

export function speedUpModuleLoading(): void {
  enableCompileCache();
  const fromCarton = new Map<string, ResolveFnOutput>();
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const parent = context.parentURL ?? '';
      // From one of drizzle's ES modules (its CommonJS build is `.cjs`, left to Node).
      if (
        parent.includes(DRIZZLE) &&
        parent.endsWith('.js') &&
        specifier.startsWith('.') &&
        specifier.endsWith('.js')
      ) {
        return { url: new URL(specifier, parent).href, format: 'module', shortCircuit: true };
      }
      if (!specifier.startsWith('drizzle-orm') || parent.includes('/node_modules/')) {
        return nextResolve(specifier, context);
      }
      let resolved = fromCarton.get(specifier);
      if (!resolved) {
        resolved = { ...nextResolve(specifier, context), shortCircuit: true };
        fromCarton.set(specifier, resolved);
      }
      return resolved;
    },
  });
}
