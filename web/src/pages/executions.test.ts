import { describe, expect, it } from 'vitest';
import { createdRange } from './Executions';

describe('the executions date range', () => {
  it('covers whole days in the user time zone, the last one included', () => {
    const r = createdRange('2026-12-01', '2026-12-03');
    expect(new Date(r.created_after!).getTime()).toBe(new Date('2026-12-01T00:00:00').getTime());
    expect(new Date(r.created_before!).getTime()).toBe(new Date('2026-12-04T00:00:00').getTime());
    expect(createdRange('', '')).toEqual({});
    expect(createdRange('garbage', '')).toEqual({});
  });
});
