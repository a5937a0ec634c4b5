import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffImage } from './image-type.ts';
import { localFileStorage } from './local.ts';
import { s3FileStorage, signV4 } from './s3.ts';
import { startFakeS3 } from '../../../test/fake-s3.ts';

const ACCESS = 'AKIDTEST';
const SECRET = 'test-secret-key/EXAMPLE';

describe('S3-compatible storage', () => {
  let s3: Awaited<ReturnType<typeof startFakeS3>>;
  beforeAll(async () => {
    s3 = await startFakeS3({ accessKeyId: ACCESS, secretAccessKey: SECRET });
  });
  afterAll(() => s3.close());

  it('matches the AWS documentation example signature (GET Object with Range)', () => {
    const auth = signV4({
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      headers: {
        range: 'bytes=0-9',
        'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'x-amz-date': '20130524T000000Z',
      },
      region: 'us-east-1',
      service: 's3',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    });
    expect(auth).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('puts, gets and deletes objects with signed requests (path style)', async () => {
    const storage = s3FileStorage({
      endpoint: s3.url,
      region: 'eu-west-1',
      bucket: 'media',
      accessKeyId: ACCESS,
      secretAccessKey: SECRET,
      forcePathStyle: true,
    });
    const bytes = Buffer.from('\x89PNG fake bytes');
    await storage.put('store_1/products/p/a-b.png', bytes, 'image/png');
    expect([...s3.objects.keys()]).toEqual(['/media/store_1/products/p/a-b.png']);
    const got = await storage.get('store_1/products/p/a-b.png');
    expect(got?.bytes.equals(bytes)).toBe(true);
    expect(got?.contentType).toBe('image/png');
    expect(await storage.get('store_1/missing.png')).toBeNull();
    await storage.delete('store_1/products/p/a-b.png');
    expect(s3.objects.size).toBe(0);
    expect(storage.urlFor('k/x.png')).toBe(`${s3.url}/media/k/x.png`);
    expect(s3.rejected).toHaveLength(0);
  });

  it('fails loudly when the signature is wrong', async () => {
    const storage = s3FileStorage({
      endpoint: s3.url,
      region: 'eu-west-1',
      bucket: 'media',
      accessKeyId: ACCESS,
      secretAccessKey: 'wrong',
      forcePathStyle: true,
    });
    await expect(storage.put('k/x.png', Buffer.from('x'), 'image/png')).rejects.toThrow(/403/);
    expect(s3.rejected.length).toBeGreaterThan(0);
    expect(() => storage.urlFor('../escape')).toThrow();
  });

  it('uses virtual-hosted URLs and a public base when configured', () => {
    const storage = s3FileStorage({
      endpoint: 'https://s3.eu-west-1.amazonaws.com',
      region: 'eu-west-1',
      bucket: 'media',
      accessKeyId: ACCESS,
      secretAccessKey: SECRET,
    });
    expect(storage.urlFor('a/b.png')).toBe('https://media.s3.eu-west-1.amazonaws.com/a/b.png');
    const cdn = s3FileStorage({
      endpoint: 'https://s3.example',
      region: 'x',
      bucket: 'b',
      accessKeyId: ACCESS,
      secretAccessKey: SECRET,
      publicUrl: 'https://cdn.example/',
    });
    expect(cdn.urlFor('a/b.png')).toBe('https://cdn.example/a/b.png');
  });
});

describe('local storage', () => {
  it('writes, reads and deletes under its root and refuses unsafe keys', async () => {
    const root = await mkdtemp(join(tmpdir(), 'carton-files-'));
    try {
      const storage = localFileStorage({ root, publicPath: '/files/' });
      await storage.put('s/p/i.webp', Buffer.from('RIFF'), 'image/webp');
      expect((await storage.get('s/p/i.webp'))?.contentType).toBe('image/webp');
      expect(storage.urlFor('s/p/i.webp')).toBe('/files/s/p/i.webp');
      await storage.delete('s/p/i.webp');
      await storage.delete('s/p/i.webp');
      expect(await storage.get('s/p/i.webp')).toBeNull();
      await expect(storage.put('../x.png', Buffer.from('x'), 'image/png')).rejects.toThrow(/unsafe/);
      await expect(storage.get('/etc/passwd')).rejects.toThrow(/unsafe/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('sniffImage', () => {
  it('recognises image formats by magic number and nothing else', () => {
    expect(sniffImage(Buffer.from('ffd8ffdb0000', 'hex'))?.contentType).toBe('image/jpeg');
    expect(sniffImage(Buffer.from('GIF87a\x01\x00\x02\x00', 'latin1'))).toMatchObject({
      width: 1,
      height: 2,
    });
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8X', 'latin1'))?.contentType).toBe('image/webp');
    expect(sniffImage(Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'))).toBeNull();
    expect(sniffImage(Buffer.from('\0\0\0\x18ftypavif\0\0\0\0mif1miaf', 'latin1'))?.contentType).toBe(
      'image/avif',
    );
    for (const notImage of ['<svg/>', '%PDF-1.7', 'PK\x03\x04', '', 'RIFF\0\0\0\0WAVE', '\x89PNG'])
      expect(sniffImage(Buffer.from(notImage, 'latin1')), notImage).toBeNull();
  });
});
