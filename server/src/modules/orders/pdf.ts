import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deliveryLines, formatDate } from './formatting.ts';
import { orderMessages, type OrderMessages } from './messages.ts';
import type { OrderDetailView } from './views.ts';

/** The order's papers as PDF (invoice, packing slip): A4, the store's heading, addresses, a table. */

// DejaVu Sans covers Latin (Vietnamese included), Greek, Cyrillic and the currency signs, so any
// name, address or price prints; the standard PDF fonts cover only Western European text.
const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT = join(fontDir, 'DejaVuSans.ttf');
const BOLD = join(fontDir, 'DejaVuSans-Bold.ttf');

export interface PaperStore {
  name: string;
  timezone: string;
  locale: string;
}

export interface Column {
  title: string;
  x: number;
  w: number;
  align: 'left' | 'right';
}

/** An open A4 page with the fonts registered; `finish()` ends it and gives the bytes. */
export async function startPaper(info: { title: string; author: string; subject: string }) {
  const { default: PDFDocument } = await import('pdfkit'); // ~0.2 s to load: on the first paper
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: info.title, Author: info.author, Subject: info.subject },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', BOLD);
  const left = 50;
  return {
    doc,
    left,
    width: doc.page.width - 100,
    bottom: doc.page.height - 50,
    finish: (): Promise<Buffer> => {
      doc.end();
      return done;
    },
  };
}
export type Paper = Awaited<ReturnType<typeof startPaper>>;

/**
 * The store's name, what the paper is, the order's date and id, then two address columns; returns
 * where the page goes on.
 */
export function paperHeading(
  { doc, left, width }: Paper,
  o: { order: OrderDetailView; store: PaperStore; locale: string; what: string },
  columns: [{ title: string; lines: string[] }, { title: string; lines: string[] }],
): number {
  const m = orderMessages(o.locale);
  doc.font('bold').fontSize(20).text(o.store.name, left, 50, { width });
  doc.font('body').fontSize(10).fillColor('#555555');
  doc.text(o.what, { width });
  const date = formatDate(o.order.confirmed_at ?? o.order.created_at, o.store.timezone, o.locale);
  doc.text(`${m.date}: ${date}`, { width });
  doc.text(`${m.orderId}: ${o.order.id}`, { width });
  doc.fillColor('#000000');
  const top = doc.y + 16;
  const column = (title: string, lines: string[], x: number) => {
    doc
      .font('bold')
      .fontSize(10)
      .text(title, x, top, { width: width / 2 - 10 });
    doc.font('body').fontSize(10);
    for (const l of lines) doc.text(l, x, doc.y, { width: width / 2 - 10 });
    return doc.y;
  };
  const endA = column(columns[0].title, columns[0].lines, left);
  const endB = column(columns[1].title, columns[1].lines, left + width / 2);
  return Math.max(endA, endB) + 20;
}

/** A thin grey line across the page at `y`. */
export function paperRule({ doc, left, width }: Paper, y: number): void {
  doc
    .moveTo(left, y)
    .lineTo(left + width, y)
    .strokeColor('#999999')
    .stroke();
}

/** A table from `y`: its header, then each row (as tall as its tallest cell), the header again on each new page. */
export function paperTable(paper: Paper, cols: Column[], rows: string[][], from: number): number {
  const { doc, bottom } = paper;
  let y = from;
  const header = () => {
    doc.font('bold').fontSize(9);
    for (const c of cols) doc.text(c.title, c.x, y, { width: c.w, align: c.align });
    y += 14;
    paperRule(paper, y);
    y += 6;
    doc.font('body').fontSize(9);
  };
  header();
  for (const cells of rows) {
    const h = Math.max(12, ...cells.map((text, i) => doc.heightOfString(text, { width: cols[i]!.w }))) + 6;
    if (y + h > bottom - 20) {
      doc.addPage();
      y = 50;
      header();
    }
    cells.forEach((text, i) => doc.text(text, cols[i]!.x, y, { width: cols[i]!.w, align: cols[i]!.align }));
    y += h;
  }
  return y;
}

/** A titled block of text lines from `y` (a new page when it does not fit); returns where it ends. */
export function paperNote(paper: Paper, title: string, lines: string[], from: number): number {
  const { doc, left, width, bottom } = paper;
  let y = from;
  if (y + 30 + lines.length * 14 > bottom) {
    doc.addPage();
    y = 30;
  }
  doc
    .font('bold')
    .fontSize(11)
    .fillColor('#000000')
    .text(title, left, y + 14, { width });
  doc.font('body').fontSize(10).text(lines.join('\n'), { width });
  return doc.y;
}

/** The papers' delivery column: where the parcel goes, or — a pickup order — where it is collected. */
export function delivery(order: OrderDetailView, m: OrderMessages): { title: string; lines: string[] } {
  return deliveryLines(order, m, m.shipTo);
}
