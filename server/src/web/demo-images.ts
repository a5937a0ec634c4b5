/**
 * Product pictures for the demo catalog, drawn by code (there is no image library to download in a
 * fresh install, and no internet): `/demo-images/<department>/<item>/<colour>.svg` — a silhouette for
 * the department in the product's colour on a soft background. The demo seed points its products here.
 */

const COLOURS: Record<string, string> = {
  black: '#27272a',
  white: '#f5f5f4',
  navy: '#1e3a8a',
  red: '#b91c1c',
  green: '#15803d',
  grey: '#71717a',
  beige: '#d6c7a1',
  blue: '#2563eb',
  brown: '#92400e',
  amber: '#d97706',
  teal: '#0f766e',
  plum: '#7e22ce',
};
const FALLBACK = ['amber', 'teal', 'plum', 'navy', 'green', 'brown', 'red', 'blue'];

/** Silhouettes on an 800×800 canvas, by department. */
const SHAPES: Record<string, (c: string, dark: string) => string> = {
  apparel: (c, d) =>
    `<path d="M300 170 L220 200 L120 320 L200 380 L250 330 L250 650 L550 650 L550 330 L600 380 L680 320 L580 200 L500 170 Q400 250 300 170 Z" fill="${c}" stroke="${d}" stroke-width="10" stroke-linejoin="round"/>` +
    `<path d="M330 178 Q400 230 470 178" fill="none" stroke="${d}" stroke-width="10"/>`,
  footwear: (c, d) =>
    `<path d="M150 520 L170 330 Q200 300 260 330 L330 400 Q420 450 560 460 Q680 470 690 540 L690 590 L150 590 Z" fill="${c}" stroke="${d}" stroke-width="10" stroke-linejoin="round"/>` +
    `<rect x="140" y="585" width="560" height="40" rx="18" fill="${d}"/>` +
    `<path d="M300 400 L340 370 M330 430 L370 400 M360 455 L400 425" stroke="${d}" stroke-width="10" stroke-linecap="round"/>`,
  electronics: (c, d) =>
    `<path d="M220 460 Q220 200 400 200 Q580 200 580 460" fill="none" stroke="${d}" stroke-width="34"/>` +
    `<rect x="170" y="420" width="120" height="200" rx="50" fill="${c}" stroke="${d}" stroke-width="10"/>` +
    `<rect x="510" y="420" width="120" height="200" rx="50" fill="${c}" stroke="${d}" stroke-width="10"/>`,
  'home-kitchen': (c, d) =>
    `<rect x="230" y="280" width="300" height="340" rx="40" fill="${c}" stroke="${d}" stroke-width="10"/>` +
    `<path d="M530 350 Q640 350 640 450 Q640 540 530 540" fill="none" stroke="${d}" stroke-width="34"/>` +
    `<path d="M300 230 Q320 180 300 140 M380 230 Q400 180 380 140 M460 230 Q480 180 460 140" fill="none" stroke="${d}" stroke-width="10" stroke-linecap="round" opacity=".5"/>`,
  beauty: (c, d) =>
    `<rect x="340" y="150" width="120" height="90" rx="14" fill="${d}"/>` +
    `<rect x="270" y="240" width="260" height="400" rx="60" fill="${c}" stroke="${d}" stroke-width="10"/>` +
    `<rect x="320" y="380" width="160" height="120" rx="12" fill="#fff" opacity=".7"/>`,
  'sports-outdoors': (c, d) =>
    `<path d="M130 640 L400 190 L670 640 Z" fill="${c}" stroke="${d}" stroke-width="10" stroke-linejoin="round"/>` +
    `<path d="M400 190 L400 640 M330 640 L400 480 L470 640" fill="none" stroke="${d}" stroke-width="10" stroke-linejoin="round"/>`,
  'toys-games': (c, d) =>
    `<rect x="180" y="420" width="200" height="200" rx="16" fill="${c}" stroke="${d}" stroke-width="10"/>` +
    `<rect x="420" y="420" width="200" height="200" rx="16" fill="${d}" opacity=".8"/>` +
    `<rect x="300" y="200" width="200" height="200" rx="16" fill="${c}" stroke="${d}" stroke-width="10"/>` +
    `<circle cx="400" cy="300" r="40" fill="#fff" opacity=".7"/>`,
  grocery: (c, d) =>
    `<path d="M260 230 L540 230 L590 640 L210 640 Z" fill="${c}" stroke="${d}" stroke-width="10" stroke-linejoin="round"/>` +
    `<path d="M260 230 L300 170 L500 170 L540 230" fill="${d}"/>` +
    `<ellipse cx="400" cy="440" rx="70" ry="100" fill="#fff" opacity=".7"/>` +
    `<path d="M400 350 Q370 440 400 530" stroke="${d}" stroke-width="10" fill="none"/>`,
};

function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Mix a hex colour with white (t = 0..1). */
function tint(hex: string, t: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const mix = (v: number) => Math.round(v + (255 - v) * t);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(mix);
  return `#${((1 << 24) | (r! << 16) | (g! << 8) | b!).toString(16).slice(1)}`;
}

const SLUG = /^[a-z0-9-]{1,40}$/;

/** The picture for a department, item and colour (slugs), or null when the path is not one. */
export function demoImageSvg(department: string, item: string, colour: string): string | null {
  if (![department, item, colour].every((s) => SLUG.test(s))) return null;
  const shape = SHAPES[department] ?? SHAPES['toys-games']!;
  const fill = COLOURS[colour] ?? COLOURS[FALLBACK[hashOf(item + colour) % FALLBACK.length]!]!;
  const dark = '#1c1917';
  const background = tint(colour === 'white' ? '#a8a29e' : fill, 0.82);
  const angle = hashOf(item) % 40;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 800" width="800" height="800">` +
    `<defs><linearGradient id="g" gradientTransform="rotate(${45 + angle})"><stop offset="0" stop-color="${background}"/>` +
    `<stop offset="1" stop-color="${tint(background === '#ffffff' ? '#e7e5e4' : background, 0.5)}"/></linearGradient></defs>` +
    `<rect width="800" height="800" fill="url(#g)"/>` +
    `<ellipse cx="400" cy="670" rx="260" ry="26" fill="#000" opacity=".08"/>` +
    shape(fill, dark) +
    `</svg>`
  );
}
