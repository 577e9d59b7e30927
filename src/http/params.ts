/**
 * Where to go after signing in: a path on this site only ("/admin/…"), never another origin
 * ("//evil.example", "https://…", "/\evil.example"); anything else is null.
 */
export function safeNextPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 1000) return null;
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(value) || value.includes('\\')) return null;
  return value;
}

/** The sign-in page, coming back to `path` afterwards. */
export function loginHref(path: string): string {
  return safeNextPath(path) ? `/login?next=${encodeURIComponent(path)}` : '/login';
}
