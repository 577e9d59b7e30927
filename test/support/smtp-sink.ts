import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './processes.js';

/**
 * A real SMTP server on 127.0.0.1 for the tests: `accept` keeps every message; `busy` answers
 * 421 on connect (come back later); `reject` answers 550 to every recipient; `hang` takes the
 * message and never answers (a server that died mid-send). `down` is simply not listening.
 */
export type SinkMode = 'accept' | 'busy' | 'reject' | 'hang';

export interface SmtpSink {
  port: number;
  url: string;
  received: Buffer[];
  mode: SinkMode;
  listening: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  parsed(): Promise<ParsedMail[]>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

export async function smtpSink(options: { mode?: SinkMode; listen?: boolean } = {}): Promise<SmtpSink> {
  const port = await freePort();
  let server: SMTPServer | null = null;
  const sink: SmtpSink = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received: [],
    mode: options.mode ?? 'accept',
    listening: false,
    async start() {
      server = new SMTPServer({
        logger: false,
        closeTimeout: 500,
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        onConnect(_session, callback) {
          callback(sink.mode === 'busy' ? smtpError('Service busy, try later', 421) : null);
        },
        onRcptTo(_address, _session, callback) {
          callback(sink.mode === 'reject' ? smtpError('No such mailbox here', 550) : null);
        },
        onData(stream, _session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            if (sink.mode === 'hang') return;
            sink.received.push(Buffer.concat(chunks));
            callback();
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, '127.0.0.1', () => resolve());
      });
      sink.listening = true;
    },
    async stop() {
      if (!server) return;
      const s = server;
      server = null;
      sink.listening = false;
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    // keepCidLinks: the HTML as sent, with its cid: reference to the inline image.
    parsed: () => Promise.all(sink.received.map((raw) => simpleParser(raw, { keepCidLinks: true }))),
  };
  if (options.listen !== false) await sink.start();
  return sink;
}
