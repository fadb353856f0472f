import { asIntrospectionAnswer, asUserinfoAnswer } from '../../src/opaque/answer-shapes.js';

describe('asIntrospectionAnswer', () => {
  it('reads an active or an inactive answer', () => {
    expect(asIntrospectionAnswer({ kind: 'inactive' })).toEqual({ kind: 'inactive' });
    const claims = { active: true, sub: 'a' };
    expect(asIntrospectionAnswer({ kind: 'active', claims })).toEqual({ kind: 'active', claims });
  });

  it.each([null, [], 'active', { kind: 'active' }, { kind: 'active', claims: { active: 'true' } }, { kind: 'other' }])(
    'refuses %j',
    (value) => {
      expect(asIntrospectionAnswer(value)).toBeUndefined();
    },
  );
});

describe('asUserinfoAnswer', () => {
  it('reads a profile or a rejection', () => {
    expect(asUserinfoAnswer({ kind: 'rejected' })).toEqual({ kind: 'rejected' });
    expect(asUserinfoAnswer({ kind: 'profile', profile: { sub: 'b' } })).toEqual({
      kind: 'profile',
      profile: { sub: 'b' },
    });
  });

  it.each([7, { kind: 'profile' }, { kind: 'profile', profile: { sub: 1 } }, { kind: 'profile', profile: [] }])(
    'refuses %j',
    (value) => {
      expect(asUserinfoAnswer(value)).toBeUndefined();
    },
  );
});
