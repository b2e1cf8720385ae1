import { describe, expect, it } from 'vitest';
import type { Definition } from '../api/types';
import { changedValues, shown } from './versionDiff';

describe('the values a version diff shows', () => {
  it('gives each changed field its value before and after, a config key by key', () => {
    const older: Definition = { name: 'w', steps: [{ id: 'say', type: 'log', name: 'Say', config: { message: 'hi', level: 'info' } }] };
    const newer: Definition = { name: 'w', steps: [{ id: 'say', type: 'log', name: 'Greet', config: { message: 'hello', level: 'info', extra: 1 } }] };
    const changes = changedValues(older, newer, { added: [], removed: [], workflow_fields: [], changed: [{ step_id: 'say', fields: ['config', 'name'] }] });
    expect(changes).toEqual([{
      stepId: 'say',
      fields: [
        { field: 'config.message', before: 'hi', after: 'hello' },
        { field: 'config.extra', before: undefined, after: 1 },
        { field: 'name', before: 'Say', after: 'Greet' },
      ],
    }]);
    expect(shown(undefined)).toBe('(none)');
    expect(shown('hi')).toBe('"hi"');
  });
});
