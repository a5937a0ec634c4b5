/**
 * Order e-mails through their outbox (decision 0017): recorded once per order and kind in the
 * event's transaction, sent by the mail sender off it — exactly once with concurrent senders,
 * retried with backoff when the SMTP server is away, never lost.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { createTestStore } from '../../../test/identity.ts';
import { capturedMail } from '../../../test/mail.ts';
import { withStore } from '../../platform/db/database.ts';
import { createMailer } from '../../platform/mail/mailer.ts';
import { queueOrderEmail, sendDueOrderEmails } from './notifications.ts';
import { placeTestOrder, stockedVariants } from './testing.ts';

let platform: TestPlatform;
let storeId: string;
let variants: string[];

beforeAll(async () => {
  platform = await createTestPlatform();
  storeId = (await createTestStore(platform)).id;
  ({ variantIds: variants } = await stockedVariants(platform, storeId, 1));
});
afterAll(() => platform?.close());

async function notificationOf(orderId: string) {
  const { rows } = await platform.db.execute<{
    status: string;
    attempts: number;
    message_id: string | null;
    last_error: string | null;
    due_in_s: number | null;
  }>(sql`SELECT status, attempts, message_id, last_error,
                extract(epoch FROM next_attempt_at - now())::float8 AS due_in_s
         FROM order_notifications WHERE order_id = ${orderId} AND kind = 'confirmation'`);
  return rows;
}

const mailsTo = (email: string) => capturedMail(platform).filter((m) => m.to.includes(email));

/** An order to `<name>-…@example.com`, and a way to record its confirmation e-mail (as the subscriber does). */
async function orderFor(name: string) {
  const email = `${name}-${Date.now()}@example.com`;
  const line = { variantId: variants[0]!, quantity: 1, unitPrice: 900 };
  const { order } = await placeTestOrder(platform, storeId, [line], { email });
  const queue = () =>
    withStore(platform.db, storeId, (tx) =>
      queueOrderEmail(tx, { storeId, orderId: order.id, kind: 'confirmation' }),
    );
  return { email, order, queue };
}

it('is recorded once however often its event is delivered, and sent once by concurrent senders', async () => {
  const { email, order, queue } = await orderFor('once');
  expect(await queue()).toBe('queued');
  expect(await queue()).toBe('already_queued'); // a redelivered order.placed
  expect((await notificationOf(order.id))[0]).toMatchObject({ status: 'pending', attempts: 0 });

  const attempted = await Promise.all([1, 2, 3].map(() => sendDueOrderEmails(platform)));
  expect(attempted.reduce((a, b) => a + b, 0)).toBe(1);
  expect(mailsTo(email)).toHaveLength(1);
  // The order, its lines and the store, as read with the transaction's BEGIN.
  const [mail] = mailsTo(email);
  expect(mail!.text).toContain(order.display_number);
  expect(mail!.text).toContain('Product 1');
  const { rows: shop } = await platform.db.execute<{ name: string }>(
    sql`SELECT name FROM stores WHERE id = ${storeId}`,
  );
  expect(mail!.text).toContain(shop[0]!.name);
  const [row] = await notificationOf(order.id);
  expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
  expect(row!.message_id).toMatch(new RegExp(`^<confirmation\\.${order.id}@`));
  const { rows: events } = await platform.db.execute(
    sql`SELECT 1 FROM events WHERE store_id = ${storeId} AND type = 'order.notification_sent' AND payload->>'orderId' = ${order.id}`,
  );
  expect(events).toHaveLength(1);
  expect(await sendDueOrderEmails(platform)).toBe(0); // nothing left to send
});

it('waits and tries again when the SMTP server is away, and sends once it is back', async () => {
  const { email, order, queue } = await orderFor('away');
  await queue();
  // A real SMTP client, to a port where nothing listens.
  const away = await createMailer(
    {
      SMTP_URL: 'smtp://127.0.0.1:9/?connectionTimeout=2000',
      MAIL_FROM: 'shop@example.com',
      NODE_ENV: 'test',
    },
    platform.log,
  );
  try {
    expect(await sendDueOrderEmails({ ...platform, mailer: away })).toBe(1);
  } finally {
    await away.close();
  }
  const [failed] = await notificationOf(order.id);
  expect(failed).toMatchObject({ status: 'pending', attempts: 1, message_id: null });
  expect(failed!.last_error).toMatch(/could not be sent/);
  expect(failed!.due_in_s).toBeGreaterThan(5); // backed off: not due again at once
  expect(mailsTo(email)).toHaveLength(0);
  expect(await sendDueOrderEmails(platform)).toBe(0);

  await platform.db.execute(
    sql`UPDATE order_notifications SET next_attempt_at = now() WHERE order_id = ${order.id}`,
  );
  expect(await sendDueOrderEmails(platform)).toBe(1);
  expect((await notificationOf(order.id))[0]).toMatchObject({
    status: 'sent',
    attempts: 2,
    last_error: null,
  });
  expect(mailsTo(email)).toHaveLength(1);
});

it('takes over an e-mail whose sender died mid-send once its lease has run out', async () => {
  const { email, order, queue } = await orderFor('lease');
  await queue();
  // As if a sender claimed it and died: the lease (next_attempt_at) still running.
  await platform.db.execute(sql`
    UPDATE order_notifications SET attempts = 1, next_attempt_at = now() + interval '5 minutes'
    WHERE order_id = ${order.id}`);
  expect(await sendDueOrderEmails(platform)).toBe(0);
  await platform.db.execute(sql`
    UPDATE order_notifications SET next_attempt_at = now() - interval '1 second' WHERE order_id = ${order.id}`);
  expect(await sendDueOrderEmails(platform)).toBe(1);
  expect((await notificationOf(order.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  expect(mailsTo(email)).toHaveLength(1);
});
