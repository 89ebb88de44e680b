import { describe, expect, it } from 'vitest';
import { createCommandBus } from './app-commands';

describe('createCommandBus', () => {
  it('runs the newest handler, returns its value, and falls back when it unregisters', () => {
    const bus = createCommandBus();
    expect(bus.run('export')).toBeUndefined();
    const off1 = bus.register('export', () => [{ ownerAccountId: 'a', lockIds: ['1'] }]);
    const off2 = bus.register('export', () => [{ ownerAccountId: 'b', lockIds: [] }]);
    expect(bus.run('export')).toEqual([{ ownerAccountId: 'b', lockIds: [] }]);
    off2();
    expect(bus.run('export')).toEqual([{ ownerAccountId: 'a', lockIds: ['1'] }]);
    off1();
    expect(bus.run('export')).toBeUndefined();
  });

  it('keeps commands apart', () => {
    const bus = createCommandBus();
    let refreshed = 0;
    bus.register('refresh', () => void refreshed++);
    bus.run('find');
    expect(refreshed).toBe(0);
    bus.run('refresh');
    expect(refreshed).toBe(1);
  });
});
