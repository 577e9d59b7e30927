/** HTML entities the pages write, back to text. */
function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attr(tag: string, name: string): string | undefined {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? decodeEntities(m[1]!) : undefined;
}

/**
 * What a browser would post from the form whose action is `action` on this page, untouched:
 * text inputs and hidden ones as they are, ticked checkboxes, selected options, textareas.
 * Submit buttons are left out (pressing one adds its own name).
 */
export function formFields(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const values: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (!name) continue;
    const type = attr(tag, 'type') ?? 'text';
    if (type === 'checkbox' || type === 'radio') {
      if (/\schecked(="[^"]*")?[\s/>]/.test(tag)) values[name] = attr(tag, 'value') ?? 'on';
      continue;
    }
    values[name] = attr(tag, 'value') ?? '';
  }
  for (const m of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attr(m[1]!, 'name');
    if (name) values[name] = decodeEntities(m[2]!);
  }
  for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attr(m[1]!, 'name');
    if (!name) continue;
    const selected = [...m[2]!.matchAll(/<option\b([^>]*)>/g)].find((o) => /\sselected(="[^"]*")?[\s/>]/.test(`${o[1]!} `));
    values[name] = selected ? (attr(selected[1]!, 'value') ?? '') : '';
  }
  return values;
}

/** A form body as a browser sends it. */
export function formPost(fields: Record<string, string>) {
  return { body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}
