import { describe, expect, it } from 'vitest';
import { preview, suggestions } from './suggest';

const scope = { stepIds: ['input', 'lookup', 'say'], sample: { input: { name: 'Ada', tags: ['x'] }, lookup: { status: 200, body: { name: 'Acme', size: 180 } } } };

describe('expression autocomplete', () => {
  it('offers the context at $. and the keys of the last run below it, with their values', () => {
    expect(suggestions('$.', scope).map((s) => s.label)).toEqual(['input', 'vars', 'lookup', 'say']);
    expect(suggestions('$.lo', scope).map((s) => s.text)).toEqual(['$.lookup']);
    const below = suggestions("'Hi ' + $.lookup.body.", scope);
    expect(below.map((s) => [s.text, s.preview])).toEqual([["'Hi ' + $.lookup.body.name", '"Acme"'], ["'Hi ' + $.lookup.body.size", '180']]);
    expect(suggestions('plain text', scope)).toEqual([]);
  });

  it('previews the value a whole path had in the last run', () => {
    expect(preview('$.lookup.body.name', scope)).toBe('"Acme"');
    expect(preview('$.input.tags[0]', scope)).toBe('"x"');
    expect(preview('$.lookup.missing', scope)).toBeUndefined();
    expect(preview('$.a + 1', scope)).toBeUndefined();
  });
});
