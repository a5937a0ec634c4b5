import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Send a CSV as a download: UTF-8, saved under `filename`, and never kept by a shared cache —
 * every export holds a store's own business or shoppers' data. A stream is sent as it comes.
 */
export function sendCsvDownload(reply: FastifyReply, filename: string, csv: string | Readable): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'private, no-store')
    .serializer((text: unknown) => text as string)
    .send(csv);
}
