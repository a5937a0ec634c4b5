import {
  analyzeSync,
  ForTag,
  IncludeTag,
  LayoutTag,
  Liquid,
  RenderTag,
  TablerowTag,
  Variable,
  type Template,
} from 'liquidjs';
import type { Shape } from './variables.ts';

/**
 * Liquid for message templates: strict about variables and filters, no partials or layouts (a
 * template is one self-contained text), no file system. `unknownVariables` checks a template
 * against the variables its purpose declares, statically, in every branch — so a template that
 * would fail for some shopper is refused when it is saved, not when it is sent.
 */
export const liquid = new Liquid({
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  // No file system: {% render %}, {% include %} and {% layout %} are refused below anyway.
  relativeReference: false,
  fs: {
    exists: async () => false,
    existsSync: () => false,
    readFile: async () => '',
    readFileSync: () => '',
    resolve: (_root, file) => file,
  },
  // Bound the work a template can ask for (a merchant's template runs on our workers).
  renderLimit: 2_000,
  memoryLimit: 10_000_000,
  parseLimit: 200_000,
});

export interface TemplateProblem {
  /** `cart.itemz`, or the tag that is not allowed. */
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/** Parse a template; a syntax error is one problem (with its line). */
export function parseTemplate(source: string): { templates: Template[] } | { problem: TemplateProblem } {
  try {
    return { templates: liquid.parse(source) };
  } catch (err) {
    const e = err as Error & { token?: { getPosition?: () => [number, number] } };
    const [line, column] = e.token?.getPosition?.() ?? [];
    return {
      problem: { path: '', message: `Liquid syntax error: ${e.message.split('\n')[0]}`, line, column },
    };
  }
}

const ANY: Shape = { kind: 'object', fields: {} };
const FORLOOP: Shape = {
  kind: 'object',
  fields: Object.fromEntries(
    ['index', 'index0', 'rindex', 'rindex0', 'first', 'last', 'length', 'name', 'col', 'col0', 'row'].map(
      (k) => [k, { kind: 'value' } as Shape],
    ),
  ),
};
/** Locals made by assign/capture/increment: their content is not known statically. */
const LOCAL = Symbol('local');
type Bound = Shape | typeof LOCAL;

/** The variables of one tag's or output's arguments, as liquidjs extracts them. */
function variablesIn(args: () => Iterable<unknown>): Variable[] {
  const found = analyzeSync([{ arguments: args } as unknown as Template], { partials: false });
  return Object.values(found.variables).flat();
}

/** Follow `segments` in `shape`; the problem, or the shape reached. */
function resolve(root: Bound, segments: unknown[], name: string): { shape: Bound } | { problem: string } {
  let shape: Bound = root;
  let path = name;
  for (const seg of segments) {
    if (shape === LOCAL) return { shape: LOCAL };
    const key = seg instanceof Variable ? null : String(seg);
    if (shape.kind === 'list') {
      if (key === 'size') return { shape: { kind: 'value' } };
      if (key === 'first' || key === 'last' || key === null || /^-?\d+$/.test(key)) {
        shape = shape.of;
        path += '[]';
        continue;
      }
      return { problem: `${path}.${key}` };
    }
    if (shape.kind === 'value') {
      if (key === 'size') return { shape: { kind: 'value' } };
      return { problem: `${path}.${key ?? '[…]'}` };
    }
    if (shape === ANY) return { shape: ANY };
    if (key === null || !(key in shape.fields)) {
      if (key === 'size') return { shape: { kind: 'value' } };
      return { problem: `${path}.${key ?? '[…]'}` };
    }
    shape = shape.fields[key]!;
    path += `.${key}`;
  }
  return { shape };
}

/**
 * Every variable the template uses that its purpose does not declare (with line and column),
 * and every tag a message template may not use. Empty: the template is fine.
 */
export function unknownVariables(templates: Template[], declared: Shape): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const globals = declared.kind === 'object' ? declared.fields : {};
  const scopes: Map<string, Bound>[] = [new Map()];
  const lookup = (name: string): Bound | undefined => {
    for (let i = scopes.length - 1; i >= 0; i--) if (scopes[i]!.has(name)) return scopes[i]!.get(name);
    return globals[name];
  };
  const check = (v: Variable): Bound | undefined => {
    const [root, ...rest] = v.segments;
    if (typeof root !== 'string') return undefined;
    for (const seg of rest) if (seg instanceof Variable) check(seg);
    const bound = lookup(root);
    const where = { line: v.location.row, column: v.location.col };
    if (bound === undefined) {
      problems.push({ path: root, message: `unknown variable "${root}"`, ...where });
      return undefined;
    }
    const r = resolve(bound, rest, root);
    if ('problem' in r) {
      problems.push({ path: r.problem, message: `unknown variable "${r.problem}"`, ...where });
      return undefined;
    }
    return r.shape;
  };

  const visit = (t: Template): void => {
    if (t instanceof RenderTag || t instanceof IncludeTag || t instanceof LayoutTag) {
      const [line, column] = (
        t as unknown as { token: { getPosition(): [number, number] } }
      ).token.getPosition();
      problems.push({
        path: '',
        message: 'render, include and layout are not available in message templates',
        line,
        column,
      });
      return;
    }
    const node = t as Template & {
      arguments?: () => Iterable<unknown>;
      localScope?: () => Iterable<{ content: string }>;
      blockScope?: () => Iterable<string>;
      children?: (partials: boolean, sync: boolean) => Generator<unknown, Template[]>;
    };
    if (node.arguments) for (const v of variablesIn(() => node.arguments!())) check(v);
    if (node.localScope) for (const ident of node.localScope()) scopes[0]!.set(ident.content, LOCAL);
    if (!node.children) return;
    const block = new Map<string, Bound>();
    if (t instanceof ForTag || t instanceof TablerowTag) {
      const loop = t as unknown as { variable: string; collection: unknown };
      const [collection] = variablesIn(() => [loop.collection]);
      const shape = collection ? check(collection) : { kind: 'value' as const };
      // A list gives its elements; anything else (a range, a local) gives values we cannot know.
      const element: Bound =
        shape === undefined ? ANY : shape === LOCAL ? LOCAL : shape.kind === 'list' ? shape.of : ANY;
      block.set(loop.variable, element);
      block.set(t instanceof ForTag ? 'forloop' : 'tablerowloop', FORLOOP);
    } else if (node.blockScope) {
      for (const name of node.blockScope()) block.set(name, LOCAL);
    }
    scopes.push(block);
    const gen = node.children(false, true);
    let step = gen.next();
    while (!step.done) step = gen.next();
    for (const child of step.value) visit(child);
    scopes.pop();
  };
  for (const t of templates) visit(t);
  // A loop's collection is seen twice (as an argument, and to type the loop variable).
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}:${p.line}:${p.column}:${p.message}`;
    return !seen.has(key) && !!seen.add(key);
  });
}

/** Render parsed templates with variables (strict: a missing variable is an error). */
export function renderTemplates(templates: Template[], variables: Record<string, unknown>): string {
  return liquid.renderSync(templates, variables) as string;
}
