import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedInvite, parseInvite, qrTextOfPng } from './mail.js';

/**
 * A mail provider's HTTP send endpoint on 127.0.0.1 speaking Postmark's `POST /email` (the
 * HTTP transport's provider): it checks the server token, keeps each message it accepts and
 * answers as Postmark does. `answer` decides the reply to each request, so a test can make the
 * provider fail in the ways a real one does (5xx, 429 with Retry-After, 422, no answer at all).
 */
export interface ProviderReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (a provider that hangs). */
  hang?: boolean;
}

export interface PostmarkAttachment {
  Name: string;
  Content: string;
  ContentType: string;
  ContentID?: string;
}

export interface PostmarkMessage {
  From: string;
  To: string;
  Subject: string;
  HtmlBody: string;
  TextBody: string;
  Headers?: { Name: string; Value: string }[];
  Attachments?: PostmarkAttachment[];
  TrackOpens?: boolean;
  TrackLinks?: string;
  MessageStream?: string;
}

export interface ProviderRequest {
  token: string | undefined;
  contentType: string | undefined;
  message: PostmarkMessage;
  reply: ProviderReply;
}

export interface MailProvider {
  url: string;
  token: string;
  /** Every request, accepted or not, in arrival order. */
  requests: ProviderRequest[];
  /** The messages answered 200. */
  accepted(): PostmarkMessage[];
  answer: (request: Omit<ProviderRequest, 'reply'>) => ProviderReply;
  stop(): Promise<void>;
}

let messageCounter = 0;

/** Postmark's answer to a good request, and its 401 to a wrong token. */
export function postmarkReply(request: Omit<ProviderRequest, 'reply'>, token: string): ProviderReply {
  if (request.token !== token)
    return {
      status: 401,
      body: { ErrorCode: 10, Message: 'The Server Token you provided in the X-Postmark-Server-Token request header was invalid.' },
    };
  const to = request.message.To;
  return {
    status: 200,
    body: { To: to, SubmittedAt: new Date().toISOString(), MessageID: `pm-${++messageCounter}`, ErrorCode: 0, Message: 'OK' },
  };
}

export async function mailProvider(options: { token?: string; answer?: MailProvider['answer'] } = {}): Promise<MailProvider> {
  const token = options.token ?? 'provider-test-token-0001';
  const requests: ProviderRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const provider: MailProvider = {
    url: '',
    token,
    requests,
    accepted: () => requests.filter((r) => r.reply.status === 200).map((r) => r.message),
    answer: options.answer ?? ((request) => postmarkReply(request, token)),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/email') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ ErrorCode: 404, Message: 'Not found' }));
        return;
      }
      const seen = {
        token: req.headers['x-postmark-server-token'] as string | undefined,
        contentType: req.headers['content-type'],
        message: JSON.parse(Buffer.concat(chunks).toString('utf8')) as PostmarkMessage,
      };
      const reply = provider.answer(seen);
      requests.push({ ...seen, reply });
      if (reply.hang) {
        hanging.add(res);
        return;
      }
      res
        .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
        .end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/email`;
  return provider;
}

/** The message's parts as a mail client would use them: the inline QR it shows and the invite. */
export function readPostmarkMessage(message: PostmarkMessage): {
  to: string;
  messageId: string | undefined;
  inlineCids: string[];
  qr: string | null;
  invite: ParsedInvite | null;
  inviteContentType: string | null;
} {
  const attachments = message.Attachments ?? [];
  const png = attachments.find((a) => a.ContentType === 'image/png');
  const ics = attachments.find((a) => a.Name.endsWith('.ics'));
  return {
    to: message.To,
    messageId: message.Headers?.find((h) => h.Name.toLowerCase() === 'message-id')?.Value,
    inlineCids: attachments.filter((a) => a.ContentID).map((a) => a.ContentID!.replace(/^cid:/, '')),
    qr: png ? qrTextOfPng(Buffer.from(png.Content, 'base64')) : null,
    invite: ics ? parseInvite(Buffer.from(ics.Content, 'base64').toString('utf8')) : null,
    inviteContentType: ics?.ContentType ?? null,
  };
}
