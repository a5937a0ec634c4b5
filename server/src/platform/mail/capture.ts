import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import type { simpleParser as SimpleParser } from 'mailparser';
import { newId } from '../ids.ts';

/** A message received by the local capture server, as parsed from the SMTP DATA it was sent with. */
export interface CapturedMail {
  id: string;
  messageId: string | null;
  from: string | null;
  /** Envelope recipients (RCPT TO), lower-cased. */
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  receivedAt: string;
}

export interface MailCaptureMatch {
  to?: string;
  subject?: string | RegExp;
}

/**
 * A local SMTP server that keeps the last messages it receives, for development and tests when
 * no real SMTP server is configured. It listens on 127.0.0.1 only.
 */
export interface MailCapture {
  readonly host: string;
  readonly port: number;
  /** Newest first. */
  list(): CapturedMail[];
  get(id: string): CapturedMail | undefined;
  /** The first kept or future message that matches; rejects after `timeoutMs`. */
  waitFor(
    match: MailCaptureMatch | ((m: CapturedMail) => boolean),
    timeoutMs?: number,
  ): Promise<CapturedMail>;
  clear(): void;
  close(): Promise<void>;
}

export function mailMatches(m: CapturedMail, match: MailCaptureMatch): boolean {
  if (match.to && !m.to.includes(match.to.toLowerCase())) return false;
  if (match.subject instanceof RegExp) return match.subject.test(m.subject);
  if (typeof match.subject === 'string') return m.subject === match.subject;
  return true;
}

export async function startMailCapture(
  opts: { keep?: number; maxBytes?: number } = {},
): Promise<MailCapture> {
  const keep = opts.keep ?? 200;
  // Loaded only when the capture server runs, so production with SMTP_URL never pays for it; the
  // parser (~0.3 s to load) only with the first message, so that it does not delay the start.
  const { SMTPServer } = await import('smtp-server');
  let parser: Promise<typeof SimpleParser> | undefined;
  let kept: CapturedMail[] = [];
  const waiters = new Set<(m: CapturedMail) => void>();

  const store = (m: CapturedMail) => {
    kept.unshift(m);
    if (kept.length > keep) kept.length = keep;
    for (const w of [...waiters]) w(m);
  };

  const receive = async (stream: Readable, rcptTo: string[]) => {
    const simpleParser = await (parser ??= import('mailparser').then((m) => m.simpleParser));
    const parsed = await simpleParser(stream, { skipImageLinks: true, skipTextToHtml: true });
    const headers: Record<string, string> = {};
    for (const { key, line } of parsed.headerLines) {
      headers[key] = line
        .slice(line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim();
    }
    store({
      id: newId('mail'),
      messageId: parsed.messageId ?? null,
      from: parsed.from?.text ?? null,
      to: rcptTo.map((a) => a.toLowerCase()),
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: parsed.html === false ? null : (parsed.html ?? null),
      headers,
      receivedAt: new Date().toISOString(),
    });
  };

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    banner: 'Carton mail capture',
    size: opts.maxBytes ?? 10 * 1024 * 1024,
    closeTimeout: 1_000,
    disableReverseLookup: true,
    onData(stream, session, callback) {
      const rcptTo = session.envelope.rcptTo.map((r) => r.address);
      // Acknowledge DATA only once the message is kept, so a resolved send() is visible at once.
      receive(stream, rcptTo).then(
        () => callback(),
        (err: Error) => callback(err),
      );
    },
  });
  server.on('error', () => {
    // A broken client connection; nothing to do for a capture server.
  });
  const host = '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    host,
    port,
    list: () => [...kept],
    get: (id) => kept.find((m) => m.id === id),
    waitFor(match, timeoutMs = 5_000) {
      const test = typeof match === 'function' ? match : (m: CapturedMail) => mailMatches(m, match);
      const found = kept.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(onMail);
          reject(new Error(`no captured mail matched within ${timeoutMs} ms`));
        }, timeoutMs);
        const onMail = (m: CapturedMail) => {
          if (!test(m)) return;
          clearTimeout(timer);
          waiters.delete(onMail);
          resolve(m);
        };
        waiters.add(onMail);
      });
    },
    clear() {
      kept = [];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
