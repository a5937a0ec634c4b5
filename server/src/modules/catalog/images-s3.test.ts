import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeS3, type FakeS3 } from '../../../test/fake-s3.ts';
import { startTestServer } from '../../../test/harness.ts';
import { call, createStaffSession, type StaffSession } from '../../../test/identity.ts';

let s3: FakeS3;
let server: Awaited<ReturnType<typeof startTestServer>>;
let owner: StaffSession;
const creds = { accessKeyId: 'AKIDCATALOG', secretAccessKey: 'catalog-secret' };
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '00'.repeat(20),
  'hex',
);

beforeAll(async () => {
  s3 = await startFakeS3(creds);
  server = await startTestServer({
    overrides: {
      FILE_STORAGE: 's3',
      S3_ENDPOINT: s3.url,
      S3_BUCKET: 'shop-media',
      S3_REGION: 'ap-southeast-1',
      S3_ACCESS_KEY_ID: creds.accessKeyId,
      S3_SECRET_ACCESS_KEY: creds.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
      S3_PUBLIC_URL: 'https://cdn.example.com',
    },
  });
  owner = await createStaffSession(server, { role: 'owner' });
});

afterAll(async () => {
  await server?.close();
  await s3?.close();
});

it('stores uploaded images in an S3-compatible bucket with signed requests, and deletes them', async () => {
  const { body: p } = await call(server, 'POST', '/admin/v1/products', {
    headers: owner.headers,
    body: { title: 'Cloud lamp' },
  });
  const res = await fetch(`${server.url}/admin/v1/products/${p.id}/images?alt=Lamp`, {
    method: 'POST',
    headers: { ...owner.headers, 'content-type': 'image/png' },
    body: new Uint8Array(PNG),
  });
  expect(res.status).toBe(201);
  const image = (await res.json()) as { id: string; url: string };
  const [key] = [...s3.objects.keys()];
  expect(key).toMatch(new RegExp(`^/shop-media/${owner.storeId}/products/${p.id}/file_[0-9A-Z]+\\.png$`));
  expect(s3.objects.get(key!)!.body.equals(PNG)).toBe(true);
  expect(image.url).toBe(`https://cdn.example.com/${key!.slice('/shop-media/'.length)}`);
  expect(s3.rejected).toHaveLength(0);
  // Local file serving is off with S3.
  expect((await fetch(`${server.url}/files/${key}`)).status).toBe(404);

  const del = await call(server, 'DELETE', `/admin/v1/products/${p.id}/images/${image.id}`, {
    headers: owner.headers,
  });
  expect(del.status).toBe(204);
  expect(s3.objects.size).toBe(0);
});
