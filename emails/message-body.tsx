import type { Child } from 'hono/jsx';

const URL_IN_TEXT = /https?:\/\/[^\s<>"'`]+/g;
const TRAILING = /[.,;:!?)\]]+$/;

/**
 * Plain text with its web addresses made links. The text is never read as markup: hono/jsx
 * escapes every piece, and only an address that parses as http(s) becomes an href.
 */
function linked(line: string): Child[] {
  const parts: Child[] = [];
  let at = 0;
  for (const match of line.matchAll(URL_IN_TEXT)) {
    const url = match[0].replace(TRAILING, '');
    const start = match.index ?? 0;
    if (!isWebAddress(url)) continue;
    parts.push(line.slice(at, start), <a href={url}>{url}</a>);
    at = start + url.length;
  }
  parts.push(line.slice(at));
  return parts;
}

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** An organiser's body as email rows: a paragraph per blank-line block, its line breaks kept. */
export function MessageBody({ text, style }: { text: string; style: string }) {
  const paragraphs = text.split(/\n\s*\n/).filter((p) => p.trim() !== '');
  return (
    <>
      {paragraphs.map((p) => (
        <tr>
          <td style={style}>
            {p.split('\n').map((line, i) => (
              <>
                {i > 0 && <br />}
                {linked(line)}
              </>
            ))}
          </td>
        </tr>
      ))}
    </>
  );
}
