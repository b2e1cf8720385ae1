// A failed call's request (the http step's `error.details.request`) as a curl command a user
// can paste into a shell to try it again by hand. Credentials were redacted by the server:
// they come out as placeholders to fill in.
export interface SentRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
// Headers curl writes itself.
const own = new Set(['host', 'content-length', 'user-agent']);

export function asCurl(r: SentRequest): string {
  const parts = ['curl', '-X', r.method, q(r.url)];
  for (const [name, value] of Object.entries(r.headers ?? {})) {
    if (own.has(name.toLowerCase())) continue;
    parts.push('-H', q(`${name}: ${value === '[redacted]' ? `<your ${name}>` : value}`));
  }
  if (r.body !== undefined) parts.push('--data-raw', q(typeof r.body === 'string' ? r.body : JSON.stringify(r.body)));
  return parts.join(' ');
}
