import net from 'node:net';

/**
 * A lean HTTP/1.1 keep-alive client for the benchmarks: `connections` sockets to one origin,
 * one request at a time on each, a request written as one string and an answer read by its
 * Content-Length (or chunks). It exists because the load generator shares the machine's cores
 * with the server it measures: undici's Pool spent about 0.15 ms of CPU per request here,
 * CPU taken from the server; this one spends a fraction of that, as a C load tool would.
 * It understands only what our servers send (no 1xx, no trailers, no HTTP/1.0).
 */
export interface RawAnswer {
  status: number;
  body: string;
}

interface Pending {
  head: string;
  body: string | undefined;
  resolve: (a: RawAnswer) => void;
  reject: (e: Error) => void;
}

class Connection {
  private socket: net.Socket | null = null;
  private buffer = '';
  private current: Pending | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs: number,
    private readonly onIdle: (c: Connection) => void,
  ) {}

  send(p: Pending) {
    this.current = p;
    if (!this.socket) this.open();
    this.timer = setTimeout(() => this.fail(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    this.socket!.write(p.body === undefined ? p.head : p.head + p.body, 'latin1');
  }

  close() {
    this.socket?.destroy();
    this.socket = null;
  }

  private open() {
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    // Latin-1 keeps one character per byte, so Content-Length counts characters here.
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.parse();
    });
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
      this.fail(new Error('connection closed'));
    });
    this.socket = socket;
  }

  private parse() {
    if (!this.current) return;
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buffer.slice(0, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let body: string;
    let rest: string;
    if (length) {
      const n = Number(length[1]);
      if (this.buffer.length < end + 4 + n) return;
      body = this.buffer.slice(end + 4, end + 4 + n);
      rest = this.buffer.slice(end + 4 + n);
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const chunks: string[] = [];
      let at = end + 4;
      for (;;) {
        const line = this.buffer.indexOf('\r\n', at);
        if (line < 0) return;
        const size = parseInt(this.buffer.slice(at, line), 16);
        if (this.buffer.length < line + 2 + size + 2) return;
        if (size === 0) {
          at = line + 4;
          break;
        }
        chunks.push(this.buffer.slice(line + 2, line + 2 + size));
        at = line + 2 + size + 2;
      }
      body = chunks.join('');
      rest = this.buffer.slice(at);
    } else {
      body = '';
      rest = this.buffer.slice(end + 4);
    }
    this.buffer = rest;
    const p = this.current;
    this.current = null;
    clearTimeout(this.timer);
    if (/\r\nconnection:\s*close/i.test(head)) this.close();
    p.resolve({ status, body: Buffer.from(body, 'latin1').toString('utf8') });
    this.onIdle(this);
  }

  private fail(err: Error) {
    const p = this.current;
    this.current = null;
    this.buffer = '';
    clearTimeout(this.timer);
    this.close();
    if (p) {
      p.reject(err);
      this.onIdle(this);
    }
  }
}

export function rawHttpClient(origin: string, connections: number, timeoutMs: number) {
  const url = new URL(origin);
  const host = url.hostname;
  const port = Number(url.port || 80);
  const idle: Connection[] = [];
  const waiting: Pending[] = [];
  let closed = false;
  const onIdle = (c: Connection) => {
    const next = waiting.shift();
    if (next) c.send(next);
    else idle.push(c);
  };
  const all = Array.from({ length: connections }, () => new Connection(host, port, timeoutMs, onIdle));
  idle.push(...all);
  return {
    request(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawAnswer> {
      if (closed) return Promise.reject(new Error('client closed'));
      let head = `${method} ${path} HTTP/1.1\r\nhost: ${url.host}\r\n`;
      for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
      // The body goes out as UTF-8 bytes; latin1 below writes each byte as one character.
      const bytes = body === undefined ? undefined : Buffer.from(body, 'utf8').toString('latin1');
      if (bytes !== undefined) head += `content-length: ${bytes.length}\r\n`;
      head += '\r\n';
      return new Promise<RawAnswer>((resolve, reject) => {
        const p: Pending = { head, body: bytes, resolve, reject };
        const c = idle.pop();
        if (c) c.send(p);
        else waiting.push(p);
      });
    },
    async close() {
      closed = true;
      for (const c of all) c.close();
    },
  };
}
