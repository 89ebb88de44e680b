// Pushes from main reach the page through one typed send: the contract decides which channels exist and what
// each carries, and a push to a page that is gone is dropped rather than thrown at Electron.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AuthState, MenuCommand } from '../../shared/model';
import { pushTo, type PushTarget } from './push';

/** Behaves like a WebContents for send/isDestroyed: records what it was sent; send throws once destroyed. */
class FakePage implements PushTarget {
  sent: Array<[string, unknown[]]> = [];
  destroyed = false;
  send(channel: string, ...args: unknown[]) {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    this.sent.push([channel, args]);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

describe('pushTo', () => {
  it('sends the channel and its payload, as one argument, to the page the target names now', () => {
    const first = new FakePage();
    const second = new FakePage();
    let current: FakePage | null = first;
    const push = pushTo(() => current);
    const state: AuthState = { status: 'signed-out' };
    push('auth:state-changed', state);
    current = second;
    push('menu:command', 'find');
    expect(first.sent).toEqual([['auth:state-changed', [state]]]);
    expect(second.sent).toEqual([['menu:command', ['find']]]);
  });

  it('drops a push when there is no page, or it was destroyed', () => {
    const page = new FakePage();
    let current: FakePage | null = null;
    const push = pushTo(() => current);
    push('menu:command', 'refresh');
    current = page;
    page.destroyed = true;
    expect(() => push('menu:command', 'refresh')).not.toThrow();
    expect(page.sent).toEqual([]);
  });

  it('accepts only the contract channels, each with its own payload type (checked by npm run typecheck)', () => {
    const page = new FakePage();
    const push = pushTo(() => page);
    expectTypeOf(push<'menu:command'>)
      .parameter(1)
      .toEqualTypeOf<MenuCommand>();
    expectTypeOf(push<'auth:state-changed'>)
      .parameter(1)
      .toEqualTypeOf<AuthState>();
    // Each line below must fail the type check; if one compiled, tsc would report the unused directive.
    // @ts-expect-error not a menu command
    push('menu:command', 'launch');
    // @ts-expect-error an auth state is not a menu command
    push('menu:command', { status: 'signed-out' });
    // @ts-expect-error not an auth state
    push('auth:state-changed', 'find');
    // @ts-expect-error not a channel of the contract
    push('auth:token', 'secret');
    // At run time the type check is all there is: these went out, which is why only typed code may send.
    expect(page.sent.map(([c]) => c)).toEqual([
      'menu:command',
      'menu:command',
      'auth:state-changed',
      'auth:token',
    ]);
  });
});
