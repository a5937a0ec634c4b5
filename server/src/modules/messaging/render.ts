import type { Template } from 'liquidjs';
import type Mjml2Html from 'mjml';
import { AppError } from '../../platform/errors.ts';
import type { Channel } from './contacts.ts';
import { parseTemplate, renderTemplates, unknownVariables, type TemplateProblem } from './liquid.ts';
import type { LinkMaker } from './tracking.ts';
import type { Shape } from './variables.ts';

/**
 * Turning a template and a message's variables into what is sent: for e-mail a subject, an
 * HTML part (Liquid, then MJML → responsive HTML, with tracked links and an open pixel) and a
 * plain-text part; for SMS a text; for push a title, a body and the URL a click opens.
 */

export interface TemplateParts {
  channel: Channel;
  /** E-mail subject, push title. */
  subject?: string | null;
  /** E-mail: MJML; SMS: text; push: body. */
  body: string;
  /** E-mail plain-text part; generated from the HTML when absent. */
  text_body?: string | null;
  /** Push: where a click leads. */
  url?: string | null;
}

export interface MessageContent {
  subject?: string;
  text: string;
  html?: string;
  url?: string;
}

interface Compiled {
  subject?: Template[];
  body: Template[];
  text?: Template[];
  url?: Template[];
}

const PART_PATHS: Record<keyof Compiled, string> = {
  subject: 'subject',
  body: 'body',
  text: 'text_body',
  url: 'url',
};

/** Parse every part and check it against the purpose's variables: the problems, field by field. */
export function compileTemplate(
  parts: TemplateParts,
  declared: Shape,
): { compiled: Compiled } | { problems: (TemplateProblem & { field: string })[] } {
  const problems: (TemplateProblem & { field: string })[] = [];
  const compiled: Partial<Compiled> = {};
  const sources: [keyof Compiled, string | null | undefined][] = [
    ['subject', parts.subject],
    ['body', parts.body],
    ['text', parts.text_body],
    ['url', parts.url],
  ];
  for (const [key, source] of sources) {
    if (source === null || source === undefined) continue;
    const parsed = parseTemplate(source);
    if ('problem' in parsed) {
      problems.push({ ...parsed.problem, field: PART_PATHS[key] });
      continue;
    }
    for (const p of unknownVariables(parsed.templates, declared))
      problems.push({ ...p, field: PART_PATHS[key] });
    compiled[key] = parsed.templates;
  }
  return problems.length ? { problems } : { compiled: compiled as Compiled };
}

/** A template that does not compile: 422 listing every problem. */
export function templateProblemsError(problems: (TemplateProblem & { field: string })[]): AppError {
  const unknown = [
    ...new Set(problems.filter((p) => p.message.startsWith('unknown variable')).map((p) => p.path)),
  ];
  return new AppError(
    'UNPROCESSABLE',
    unknown.length
      ? `The template uses variables its purpose does not declare: ${unknown.join(', ')}.`
      : 'The template cannot be used.',
    {
      errors: problems.map((p) => ({
        path: `body.${p.field}`,
        message: `${p.message}${p.line ? ` (line ${p.line}, column ${p.column})` : ''}`,
      })),
      extensions: { unknown_variables: unknown },
    },
  );
}

// mjml and what it pulls in (juice, cheerio, js-beautify…) take ~0.8 s to load: on first use, not
// at every start.
let mjmlModule: Promise<{ default: typeof Mjml2Html }> | undefined;
async function loadMjml(): Promise<typeof Mjml2Html> {
  mjmlModule ??= import('mjml');
  return (await mjmlModule).default;
}

/** MJML → HTML; its errors as problems of the body (strict: an unknown tag is an error). */
export async function mjmlToHtml(mjml: string): Promise<{ html: string; problems: TemplateProblem[] }> {
  let result;
  try {
    const mjml2html = await loadMjml();
    result = await mjml2html(mjml, { validationLevel: 'soft', ignoreIncludes: true, keepComments: false });
  } catch (err) {
    return { html: '', problems: [{ path: '', message: `MJML: ${(err as Error).message.split('\n')[0]}` }] };
  }
  return {
    html: result.html,
    problems: result.errors.map((e) => ({ path: e.tagName, message: `MJML: ${e.message}`, line: e.line })),
  };
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};
const decodeEntities = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]!);
const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The plain-text part from the HTML when the template has none: text, with links in brackets. */
export function htmlToText(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return decodeEntities(
    body
      .replace(/<(style|script|head)[^>]*>[\s\S]*?<\/\1>/gi, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, label: string) => {
        const text = label.replace(/<[^>]+>/g, '').trim();
        return text && text !== href ? `${text} (${href})` : href;
      })
      .replace(/<(br|\/p|\/div|\/tr|\/h[1-6]|\/li)[^>]*>/gi, '\n')
      .replace(/<[^>]+>/g, ''),
  )
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''))
    .join('\n')
    .trim();
}

/**
 * Wrap every http(s) link of the HTML in a click redirect (except the unsubscribe link, which
 * must work as it is) and add the open pixel before `</body>`.
 */
export function trackHtml(html: string, links: LinkMaker, unsubscribeUrl: string): string {
  let n = 0;
  const tracked = html.replace(
    /(<a\b[^>]*?\shref=")([^"]+)(")/gi,
    (m, before: string, href: string, after: string) => {
      const url = decodeEntities(href);
      if (!/^https?:\/\//i.test(url) || url === unsubscribeUrl) return m;
      return `${before}${escapeAttr(links.click(url, n++))}${after}`;
    },
  );
  const pixel = `<img src="${escapeAttr(links.open())}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" />`;
  return /<\/body>/i.test(tracked) ? tracked.replace(/<\/body>/i, `${pixel}</body>`) : tracked + pixel;
}

/** Render a compiled template for one message. Rendering errors are 422 (the data does not fit). */
export async function renderContent(
  channel: Channel,
  compiled: Compiled,
  variables: Record<string, unknown>,
  tracking: { links: LinkMaker; unsubscribeUrl: string } | null,
): Promise<MessageContent> {
  const run = (t: Template[], field: string) => {
    try {
      return renderTemplates(t, variables);
    } catch (err) {
      throw new AppError('UNPROCESSABLE', `The template could not be rendered with this data.`, {
        errors: [{ path: `template.${field}`, message: (err as Error).message.split('\n')[0]! }],
      });
    }
  };
  const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
  if (channel === 'email') {
    const { html, problems } = await mjmlToHtml(run(compiled.body, 'body'));
    if (problems.some((p) => p.message.includes('is not registered')) || !html) {
      throw new AppError('UNPROCESSABLE', 'The e-mail body is not valid MJML.', {
        errors: problems.map((p) => ({ path: 'template.body', message: p.message })),
      });
    }
    const text = compiled.text ? run(compiled.text, 'text_body').trim() : htmlToText(html);
    return {
      subject: oneLine(compiled.subject ? run(compiled.subject, 'subject') : ''),
      text,
      html: tracking ? trackHtml(html, tracking.links, tracking.unsubscribeUrl) : html,
    };
  }
  if (channel === 'sms') return { text: run(compiled.body, 'body').trim() };
  const url = compiled.url ? run(compiled.url, 'url').trim() : '';
  const target = /^https?:\/\//i.test(url) ? url : undefined;
  return {
    subject: oneLine(compiled.subject ? run(compiled.subject, 'subject') : ''),
    text: oneLine(run(compiled.body, 'body')),
    ...(target ? { url: tracking ? tracking.links.click(target, 0) : target } : {}),
  };
}
