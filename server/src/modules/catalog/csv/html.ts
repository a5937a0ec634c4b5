/**
 * Shopify's "Body (HTML)" ↔ Carton's Markdown descriptions, simply: block tags become paragraphs,
 * headings and list items, inline emphasis and links are kept, every other tag is dropped (so no
 * script or style survives) and entities are decoded. Export renders the same subset back, so a
 * description survives export → import unchanged.
 */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return safeChar(parseInt(lower.slice(2), 16)) ?? whole;
    if (lower.startsWith('#')) return safeChar(parseInt(lower.slice(1), 10)) ?? whole;
    return ENTITIES[lower] ?? whole;
  });
}

function safeChar(code: number): string | null {
  if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) return null;
  return String.fromCodePoint(code);
}

/** HTML (as Shopify exports it) → Markdown. */
export function htmlToMarkdown(html: string): string {
  if (!html.trim()) return '';
  if (!/[<&]/.test(html)) return html.trim();
  let s = html.replace(/\r\n?/g, '\n');
  s = s.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '');
  s = s.replace(/<!--[\s\S]*?-->/g, '');
  s = s.replace(/\s*\n\s*/g, ' '); // source newlines are not line breaks in HTML
  s = s.replace(/<br\s*\/?>/gi, '\n');
  s = s.replace(/<h([1-6])\b[^>]*>/gi, (_m, level: string) => `\n\n${'#'.repeat(Number(level))} `);
  s = s.replace(/<\/h[1-6]\s*>/gi, '\n\n');
  s = s.replace(/<li\b[^>]*>/gi, '\n- ');
  s = s.replace(/<\/(p|div|ul|ol|blockquote|table|tr)\s*>/gi, '\n\n');
  s = s.replace(/<(p|div|ul|ol|blockquote|table|tr)\b[^>]*>/gi, '\n\n');
  s = s.replace(/<(strong|b)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi, '**$2**');
  s = s.replace(/<(em|i)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi, '_$2_');
  s = s.replace(
    /<a\b[^>]*?href\s*=\s*"([^"]*)"[^>]*>([\s\S]*?)<\/a\s*>/gi,
    (_m, href: string, text: string) =>
      /^(https?:|mailto:|\/)/i.test(href.trim()) ? `[${text}](${href.trim()})` : text,
  );
  s = s.replace(/<[^>]*>/g, '');
  s = decodeEntities(s);
  return s
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function escapeHtml(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function inline(s: string): string {
  return escapeHtml(s)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(])_([^_]+)_(?=$|[\s).,!?])/g, '$1<em>$2</em>')
    .replace(/\[([^\]]+)\]\(((?:https?:|mailto:|\/)[^)\s]*)\)/g, '<a href="$2">$1</a>')
    .replaceAll('\n', '<br>');
}

/** Markdown (the subset above) → HTML for the export. */
export function markdownToHtml(markdown: string): string {
  if (!markdown.trim()) return '';
  const out: string[] = [];
  for (const block of markdown.trim().split(/\n{2,}/)) {
    const heading = /^(#{1,6}) (.*)$/s.exec(block);
    if (heading) {
      const level = heading[1]!.length;
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
      continue;
    }
    const lines = block.split('\n');
    if (lines.every((l) => l.startsWith('- '))) {
      out.push(`<ul>${lines.map((l) => `<li>${inline(l.slice(2))}</li>`).join('')}</ul>`);
      continue;
    }
    out.push(`<p>${inline(block)}</p>`);
  }
  return out.join('');
}
