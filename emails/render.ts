import { boothLine, type EmailView, leadOf, sessionLine, subjectOf, venueLines } from './email-view.js';
import { RegistrationEmail } from './registration-email.js';
import { label } from './strings.js';

export type { EmailView } from './email-view.js';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The email in both forms. hono/jsx escapes every value, so names and titles cannot inject markup. */
export async function renderEmail(view: EmailView): Promise<RenderedEmail> {
  const html = `<!doctype html>${await RegistrationEmail({ view }).toString()}`;
  return { subject: subjectOf(view), html, text: renderText(view) };
}

function renderText(view: EmailView): string {
  const { lang } = view;
  const lines: string[] = [view.eventTitle, '', `${label(lang, 'greeting')} ${view.fullName},`, '', leadOf(view), ''];
  if (view.sessions.length > 0) {
    lines.push(`${label(lang, 'sessions')}:`, ...view.sessions.map((s, i) => `  ${sessionLine(view, s, i)}`), '');
  }
  const venue = venueLines(view);
  if (venue.length > 0) lines.push(`${label(lang, 'venue')}:`, ...venue.map((l) => `  ${l}`), '');
  const booths = boothLine(view);
  if (booths) lines.push(`${label(lang, 'booths')}: ${booths}`, '');
  else if (view.kind === 'booth_changed') lines.push(label(lang, 'noBooths'), '');
  if (view.certificate) {
    lines.push(`${label(lang, 'certificate')}: ${view.certificate.number}`, `${label(lang, 'certificateLink')}:`, view.certificate.url, '');
  }
  if (view.ticket) lines.push(`${label(lang, 'ticketCode')}: ${view.ticket.shortCode}`, '');
  if (view.invite) lines.push(label(lang, view.invite === 'REQUEST' ? 'inviteRequest' : 'inviteCancel'), '');
  if (view.feedbackUrl) lines.push(`${label(lang, 'feedback')}:`, view.feedbackUrl, '');
  if (view.manageUrl) lines.push(`${label(lang, 'manage')}:`, view.manageUrl, label(lang, 'manageHint'), '');
  else lines.push(label(lang, 'noManage'), '');
  lines.push('--', label(lang, 'footer'));
  return lines.join('\n');
}
