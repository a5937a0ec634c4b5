import { extractText, getDocumentProxy } from 'unpdf';

/** The text of a PDF the API served (an invoice, a packing slip), its pages merged, and how many there are. */
export async function pdfText(bytes: ArrayBuffer): Promise<{ pages: number; text: string }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  return { pages: totalPages, text };
}
