/**
 * Typed handles on the mocha globals the test runner installs in the page. The project has
 * no @types/mocha (and its tsconfig loads no ambient types), so tests import these instead
 * of relying on undeclared globals.
 */
type Body = () => void | Promise<unknown>;

function global<T>(name: string): T {
  return Reflect.get(globalThis, name) as T;
}

export const describe = global<(title: string, body: () => void) => void>('describe');
export const it = global<(title: string, body: Body) => void>('it');
export const beforeEach = global<(body: Body) => void>('beforeEach');
export const afterEach = global<(body: Body) => void>('afterEach');
export const before = global<(body: Body) => void>('before');
export const after = global<(body: Body) => void>('after');
