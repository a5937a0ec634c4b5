import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { App } from '../http/app.ts';
import type { CapturedMail, MailCapture } from './capture.ts';

const MailSummary = z.object({
  id: z.string(),
  message_id: z.string().nullable(),
  from: z.string().nullable(),
  to: z.array(z.string()),
  subject: z.string(),
  received_at: z.string(),
});
const MailDetail = MailSummary.extend({
  text: z.string(),
  html: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
});

const summary = (m: CapturedMail): z.infer<typeof MailSummary> => ({
  id: m.id,
  message_id: m.messageId,
  from: m.from,
  to: m.to,
  subject: m.subject,
  received_at: m.receivedAt,
});

/**
 * Development only: the mail the local capture server received. Hidden from the OpenAPI document;
 * never registered in production.
 */
export async function registerDevMailRoutes(app: App, capture: MailCapture): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/dev/mail',
    {
      schema: {
        hide: true,
        tags: ['dev'],
        querystring: z.object({ to: z.string().max(320).optional() }),
        response: { 200: z.object({ data: z.array(MailSummary) }) },
      },
    },
    async (req) => {
      const to = req.query.to?.toLowerCase();
      const mails = capture.list().filter((m) => !to || m.to.includes(to));
      return { data: mails.map(summary) };
    },
  );
  r.get(
    '/dev/mail/:id',
    {
      schema: {
        hide: true,
        tags: ['dev'],
        params: z.object({ id: z.string().max(64) }),
        response: { 200: MailDetail },
      },
    },
    async (req) => {
      const m = capture.get(req.params.id);
      if (!m) throw new AppError('NOT_FOUND', 'No captured mail with this id.');
      return { ...summary(m), text: m.text, html: m.html, headers: m.headers };
    },
  );
}
