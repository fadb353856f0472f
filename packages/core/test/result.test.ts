import { freezeJson } from '../src/result.js';

describe('freezeJson', () => {
  it('returns the same object', () => {
    const value = { a: 1 };
    expect(freezeJson(value)).toBe(value);
  });

  it('freezes the object and every nested object and array', () => {
    const value = { a: { b: { c: [1, { d: 2 }] } }, list: [[1], { e: 'x' }] };
    freezeJson(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.a)).toBe(true);
    expect(Object.isFrozen(value.a.b)).toBe(true);
    expect(Object.isFrozen(value.a.b.c)).toBe(true);
    expect(Object.isFrozen(value.a.b.c[1])).toBe(true);
    expect(Object.isFrozen(value.list[0])).toBe(true);
    expect(Object.isFrozen(value.list[1])).toBe(true);
  });

  it('makes nested writes throw in strict mode', () => {
    const value = freezeJson({ roles: ['teller'], address: { city: 'Oslo' } });
    expect(() => {
      (value.roles as string[]).push('admin');
    }).toThrow(TypeError);
    expect(() => {
      (value.address as { city: string }).city = 'Paris';
    }).toThrow(TypeError);
  });

  it('freezes a parsed __proto__ key as an own property without touching Object.prototype', () => {
    const value = freezeJson(JSON.parse('{"__proto__":{"polluted":true},"sub":"a"}') as Record<string, unknown>);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(Object.getOwnPropertyDescriptor(value, '__proto__')?.value)).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.isFrozen(Object.prototype)).toBe(false);
  });

  it.each<[string, unknown]>([
    ['a string', 'x'],
    ['a number', 1],
    ['null', null],
    ['undefined', undefined],
    ['a boolean', false],
  ])('returns %s unchanged', (_name, value) => {
    expect(freezeJson(value)).toBe(value);
  });

  it('terminates on a cyclic structure', () => {
    const value: { self?: unknown; child: { parent?: unknown } } = { child: {} };
    value.self = value;
    value.child.parent = value;
    freezeJson(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.child)).toBe(true);
  });

  it('freezes a value nested 300,000 deep without exhausting the stack', () => {
    let value: Record<string, unknown> = {};
    const root = value;
    for (let i = 0; i < 300_000; i += 1) {
      const inner = {};
      value['a'] = inner;
      value = inner;
    }
    expect(() => freezeJson(root)).not.toThrow();
    expect(Object.isFrozen(value)).toBe(true);
  });
});
