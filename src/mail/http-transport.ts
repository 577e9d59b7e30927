import { Buffer } from 'node:buffer';
import { type MailMessage, MailSendError, type MailTransport } from './transport.js';

/**
 * Mail through a provider's HTTP send API: Postmark's `POST /email` (README, Decisions). Only
 * `fetch`, so the same code runs in the Node processes and in the Worker's scheduled handler,
 * where no SMTP socket can be opened.
 */
export interface HttpTransportOptions {
  /** The send endpoint, `https://api.postmarkapp.com/email` for Postmark itself. */
  url: string;
  /** Postmark's server token. */
  key: string;
  /**
   * Well under MAIL_INFLIGHT_TIMEOUT_SECONDS (30 s at least): a provider that hangs fails the
   * attempt before another dispatcher would take the message back.
   */
  timeoutMs?: number;
}

/** The longest Retry-After we honour; past it the dispatcher's own backoff (at most an hour) decides. */
const MAX_RETRY_AFTER_MS = 3_600_000;

export function httpTransport(options: HttpTransportOptions): MailTransport {
  const timeoutMs = options.timeoutMs ?? 20_000;
  return {
    name: 'http',
    async send(message) {
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: {
            accept: 'application/json',
            'content-type': 'application/json',
            'x-postmark-server-token': options.key,
          },
          body: JSON.stringify(postmarkMessage(message)),
          // A POST followed through a redirect would arrive as a GET elsewhere: a redirect
          // means MAIL_HTTP_URL is wrong, which retrying cannot fix.
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const reason =
          (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : ((err as Error).message ?? String(err));
        throw new MailSendError(`HTTP mail provider unreachable: ${reason}`, false);
      }
      // Read the answer whatever it is: an unread body keeps the connection, and a Worker has six.
      const body = await response.text().catch(() => '');
      if (response.status >= 200 && response.status < 300) return;
      throw classifyHttpFailure(response.status, body, response.headers.get('retry-after'));
    },
    async close() {},
  };
}

/**
 * Postmark's ErrorCodes about our account rather than the message: a bad or rotated token (10),
 * maintenance (100), an unconfirmed or missing sender signature (400, 401), no credits or not
 * allowed to send (405), an account pending or barred (412, 413). Once the operator fixes the
 * account the same message goes through, so failing it at once would burn the whole outbox.
 */
const ACCOUNT_ERROR_CODES = new Set([10, 100, 400, 401, 405, 412, 413]);

/**
 * 5xx (the provider is failing), 429 (too fast, or over a quota that resets), 408 (it gave up
 * waiting for us), 401/403 and the account-level ErrorCodes above are worth trying again with
 * backoff; any other answer is about this message (Postmark's 422 with an ErrorCode: inactive
 * recipient, invalid address) and is the same next time. Organisers see the provider's own
 * words and can resend once fixed.
 */
export function classifyHttpFailure(status: number, body: string, retryAfter: string | null, now = Date.now()): MailSendError {
  const errorCode = providerErrorCode(body);
  const temporary =
    status >= 500 ||
    status === 429 ||
    status === 408 ||
    status === 401 ||
    status === 403 ||
    (errorCode !== undefined && ACCOUNT_ERROR_CODES.has(errorCode));
  const detail = providerMessage(body);
  const message = `HTTP ${status}${detail ? `: ${detail}` : ''}`;
  return new MailSendError(message, !temporary, status, temporary ? retryAfterMs(retryAfter, now) : undefined);
}

function providerErrorCode(body: string): number | undefined {
  try {
    const code = (JSON.parse(body) as { ErrorCode?: unknown }).ErrorCode;
    return typeof code === 'number' ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Postmark answers `{ ErrorCode, Message }`; anything else is shown as it came, bounded. */
function providerMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { ErrorCode?: unknown; Message?: unknown };
    if (typeof parsed.Message === 'string') {
      return typeof parsed.ErrorCode === 'number' ? `${parsed.Message} (ErrorCode ${parsed.ErrorCode})` : parsed.Message;
    }
  } catch {
    // not JSON: a proxy's error page, say
  }
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

/**
 * Postmark's JSON message. The QR is an attachment with a ContentID, which the HTML shows
 * through `cid:`; the invite is an `invite.ics` attachment whose content type carries the iTIP
 * method, as calendar clients expect. Tracking is switched off here whatever the server's
 * default: link tracking would rewrite the manage link (a secret) through the provider.
 */
export function postmarkMessage(message: MailMessage) {
  const attachments: { Name: string; Content: string; ContentType: string; ContentID?: string }[] = message.inlineImages.map((image) => ({
    Name: image.filename,
    Content: Buffer.from(image.content).toString('base64'),
    ContentType: 'image/png',
    ContentID: `cid:${image.cid}`,
  }));
  if (message.calendar) {
    attachments.push({
      Name: 'invite.ics',
      Content: Buffer.from(message.calendar.content, 'utf8').toString('base64'),
      ContentType: `text/calendar; charset=utf-8; method=${message.calendar.method}`,
    });
  }
  return {
    From: message.from,
    To: formatAddress(message.to),
    Subject: message.subject,
    HtmlBody: message.html,
    TextBody: message.text,
    // Stable per outbox row, so a repeat after a lost answer is recognisable downstream.
    Headers: [{ Name: 'Message-ID', Value: message.messageId }],
    Attachments: attachments,
    TrackOpens: false,
    TrackLinks: 'None',
    MessageStream: 'outbound',
  };
}

/** `"Nguyễn Thị Hoa" <hoa@example.org>`: the name quoted, as RFC 5322 wants for any punctuation. */
function formatAddress(to: MailMessage['to']): string {
  const name = to.name.replace(/[\r\n]+/g, ' ').replace(/(["\\])/g, '\\$1');
  return name ? `"${name}" <${to.address}>` : to.address;
}
