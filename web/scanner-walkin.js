// The walk-in form: someone who arrives unregistered is registered and admitted in one step.
// Online it goes to POST /api/v1/events/:id/walk-ins; offline it waits in the device's queue
// (scanner-store walkInQueue) and is uploaded with the scans.

/** The request body from the form (empty fields left out, as the API takes them). */
export function walkInBody(form, { deviceId, nonce, sessionId }) {
  const value = (name) => String(form.get(name) ?? '').trim();
  const person = { fullName: value('fullName') };
  if (value('phone')) person.phone = value('phone');
  const body = { person, deviceId, nonce };
  if (value('facility')) body.facility = { name: value('facility'), district: value('district') };
  if (sessionId) body.sessionId = sessionId;
  return body;
}

/**
 * What the door can tell before sending (the server checks everything again): offline these
 * are all the checks there are, so a walk-in queued with a typo is not refused an hour later.
 */
export function walkInProblems(body) {
  const problems = [];
  if (body.person.fullName.length < 2)
    problems.push({ field: 'fullName', message: 'Cần họ và tên (ít nhất 2 ký tự) / Full name needed (2 characters at least)' });
  if (body.person.phone !== undefined && !/^\+?[\d\s.-]{9,20}$/.test(body.person.phone))
    problems.push({ field: 'phone', message: 'Số điện thoại không hợp lệ / Not a valid phone number' });
  if (body.facility && body.facility.name.length < 2)
    problems.push({ field: 'facility', message: 'Tên cơ sở quá ngắn / Facility name too short' });
  if (body.facility && body.facility.district.length < 2)
    problems.push({ field: 'district', message: 'Cần huyện/quận của cơ sở / The facility’s district is needed' });
  return problems;
}

/** The server's field messages ("Vietnamese / English") of a 422, by form field. */
export function serverProblems(res) {
  const fields = res.body?.error?.details?.fields ?? [];
  if (fields.length === 0) return [{ field: 'fullName', message: res.body?.error?.message ?? `HTTP ${res.status}` }];
  const formField = (f) =>
    f.startsWith('person.phone')
      ? 'phone'
      : f.startsWith('facility.district')
        ? 'district'
        : f.startsWith('facility')
          ? 'facility'
          : 'fullName';
  return fields.map((f) => ({ field: formField(f.field), message: f.message }));
}

/** Shows the problems under the form and marks their fields; none clears them. */
export function renderProblems(form, list, problems) {
  for (const input of form.querySelectorAll('input')) input.removeAttribute('aria-invalid');
  list.replaceChildren(
    ...problems.map((p) => {
      const li = document.createElement('li');
      li.textContent = p.message;
      return li;
    }),
  );
  list.hidden = problems.length === 0;
  for (const p of problems) form.elements.namedItem(p.field)?.setAttribute('aria-invalid', 'true');
  if (problems[0]) form.elements.namedItem(problems[0].field)?.focus();
}
