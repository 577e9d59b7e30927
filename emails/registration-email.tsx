import type { Child } from 'hono/jsx';
import { boothLine, type EmailView, leadOf, sessionLine, subjectOf, venueLines } from './email-view.js';
import { MessageBody } from './message-body.js';
import { label } from './strings.js';

// Email clients drop <style> blocks and external sheets: styles are inline, the layout is one
// column at most 600 px wide that narrows on a phone, and text stays readable at 16 px.
const FONT = 'font-family:Arial,Helvetica,sans-serif;color:#1f2933;';
const CELL = `${FONT}font-size:16px;line-height:1.5;padding:0 0 16px 0;`;
const BUTTON =
  'display:inline-block;background:#0b6e4f;color:#ffffff;text-decoration:none;font-family:Arial,Helvetica,sans-serif;font-size:16px;font-weight:bold;padding:12px 20px;border-radius:4px;';
const HEADING = `${FONT}font-size:14px;font-weight:bold;text-transform:uppercase;color:#52606d;padding:0 0 4px 0;`;

function Row(props: { children: Child; style?: string }) {
  return (
    <tr>
      <td style={props.style ?? CELL}>{props.children}</td>
    </tr>
  );
}

export function RegistrationEmail({ view }: { view: EmailView }) {
  const { lang } = view;
  const venue = venueLines(view);
  const booths = boothLine(view);
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{subjectOf(view)}</title>
      </head>
      <body style="margin:0;padding:0;background:#f5f7fa;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f5f7fa;">
          <tr>
            <td align="center" style="padding:16px 8px;">
              <table
                role="presentation"
                width="100%"
                cellpadding="0"
                cellspacing="0"
                style="max-width:600px;background:#ffffff;border-radius:6px;"
              >
                <tr>
                  <td style="padding:24px 20px 8px 20px;">
                    <table role="presentation" width="100%" cellpadding="0" cellspacing="0">
                      <Row style={`${FONT}font-size:20px;font-weight:bold;padding:0 0 16px 0;`}>{view.eventTitle}</Row>
                      <Row>
                        {label(lang, 'greeting')} {view.fullName},
                      </Row>
                      {view.message ? <MessageBody text={view.message.body} style={CELL} /> : <Row>{leadOf(view)}</Row>}
                      {view.sessions.length > 0 && <Row style={HEADING}>{label(lang, 'sessions')}</Row>}
                      {view.sessions.length > 0 && (
                        <Row>
                          {view.sessions.map((s, i) => (
                            <div>{sessionLine(view, s, i)}</div>
                          ))}
                        </Row>
                      )}
                      {venue.length > 0 && <Row style={HEADING}>{label(lang, 'venue')}</Row>}
                      {venue.length > 0 && (
                        <Row>
                          {venue.map((line) => (
                            <div>{line}</div>
                          ))}
                        </Row>
                      )}
                      {(booths || view.kind === 'booth_changed') && <Row style={HEADING}>{label(lang, 'booths')}</Row>}
                      {(booths || view.kind === 'booth_changed') && <Row>{booths ?? label(lang, 'noBooths')}</Row>}
                      {view.certificate && (
                        <Row>
                          <div style={`${FONT}font-size:14px;color:#52606d;padding-bottom:8px;`}>
                            {label(lang, 'certificate')} <strong>{view.certificate.number}</strong>
                          </div>
                          <a
                            href={view.certificate.url}
                            style="display:inline-block;background:#0b6e4f;color:#ffffff;text-decoration:none;font-family:Arial,Helvetica,sans-serif;font-size:16px;font-weight:bold;padding:12px 20px;border-radius:4px;"
                          >
                            {label(lang, 'certificateLink')}
                          </a>
                        </Row>
                      )}
                      {view.ticket && (
                        <Row style={`${CELL}text-align:center;`}>
                          <img
                            src={`cid:${view.ticket.qrCid}`}
                            width="240"
                            height="240"
                            alt={label(lang, 'qrAlt')}
                            style="display:block;margin:0 auto;width:240px;max-width:100%;height:auto;"
                          />
                          <div style={`${FONT}font-size:14px;color:#52606d;padding-top:8px;`}>{label(lang, 'ticketCode')}</div>
                          <div style={`${FONT}font-size:28px;font-weight:bold;letter-spacing:4px;font-family:Consolas,Menlo,monospace;`}>
                            {view.ticket.shortCode}
                          </div>
                        </Row>
                      )}
                      {view.invite && <Row>{label(lang, view.invite === 'REQUEST' ? 'inviteRequest' : 'inviteCancel')}</Row>}
                      {view.feedbackUrl && (
                        <Row>
                          <a href={view.feedbackUrl} style={BUTTON}>
                            {label(lang, 'feedback')}
                          </a>
                          <div style={`${FONT}font-size:13px;color:#52606d;padding-top:8px;word-break:break-all;`}>{view.feedbackUrl}</div>
                        </Row>
                      )}
                      {view.manageUrl ? (
                        <Row>
                          <a
                            href={view.manageUrl}
                            style="display:inline-block;background:#0b6e4f;color:#ffffff;text-decoration:none;font-family:Arial,Helvetica,sans-serif;font-size:16px;font-weight:bold;padding:12px 20px;border-radius:4px;"
                          >
                            {label(lang, 'manage')}
                          </a>
                          <div style={`${FONT}font-size:13px;color:#52606d;padding-top:8px;word-break:break-all;`}>
                            {view.manageUrl}
                            <br />
                            {label(lang, 'manageHint')}
                          </div>
                        </Row>
                      ) : (
                        <Row>{label(lang, 'noManage')}</Row>
                      )}
                    </table>
                  </td>
                </tr>
              </table>
              <p style={`${FONT}font-size:12px;color:#7b8794;`}>{label(lang, 'footer')}</p>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
}
