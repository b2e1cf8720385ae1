import { describe, expect, it } from 'vitest';
import { asCurl } from './curl';

describe('a request as curl', () => {
  it('quotes for the shell, skips the headers curl writes, and leaves redacted credentials to fill in', () => {
    expect(asCurl({
      method: 'POST', url: 'http://crm/x?q=it%27s',
      headers: { Host: 'crm', 'Content-Type': 'application/json', Authorization: '[redacted]', 'X-Note': "it's" },
      body: { name: "O'Neil" },
    })).toBe(`curl -X POST 'http://crm/x?q=it%27s' -H 'Content-Type: application/json' -H 'Authorization: <your Authorization>' -H 'X-Note: it'\\''s' --data-raw '{"name":"O'\\''Neil"}'`);
  });
});
