import { describe, expect, it } from 'vitest';
import type { ChangeEntry } from '../../../shared/model';
import { createChangeQueue } from './change-queue';

/** A queue over a clock the test moves, whose sends finish when the test says. */
function queueUnderTest(undoWindowMs = 1_000, keepFinished?: number) {
  let clock = 1_000_000;
  const sent: string[] = [];
  const finish: Array<() => void> = [];
  let changes = 0;
  const q = createChangeQueue({
    undoWindowMs,
    now: () => clock,
    send: (entry: ChangeEntry) =>
      new Promise<void>((resolve) => {
        sent.push(entry.title);
        finish.push(resolve);
      }),
    changed: () => void changes++,
    ...(keepFinished !== undefined ? { keepFinished } : {}),
  });
  const change = (title: string) => ({
    planId: `p-${title}`,
    kind: 'give' as const,
    title,
    total: 1,
  });
  return {
    q,
    sent,
    change,
    changes: () => changes,
    /** Lets the window pass: timers set for it fire. */
    async pass(ms: number) {
      clock += ms;
      await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => setTimeout(r, 0));
    },
    /** The oldest send in flight completes. */
    async complete() {
      finish.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('the change queue', () => {
  it('a change waits its window, then is sent; it is never sent inside add()', async () => {
    const t = queueUnderTest(0);
    const e = t.q.add(t.change('a'));
    expect(e).toMatchObject({
      status: 'waiting',
      total: 1,
      planId: 'p-a',
      kind: 'give',
      finishedAt: null,
    });
    expect(e.sendAt).toBe(e.queuedAt);
    expect(t.sent).toEqual([]);
    await t.pass(0);
    expect(t.sent).toEqual(['a']);
    expect(t.q.get(e.changeId).status).toBe('sending');
    expect(t.q.pending()).toBe(1);
    expect(t.q.busy()).toBe(true);
    await t.complete();
    expect(t.q.get(e.changeId)).toMatchObject({ status: 'sent' });
    expect(t.q.get(e.changeId).finishedAt).not.toBeNull();
    expect(t.q.pending()).toBe(0);
    expect(t.q.busy()).toBe(false);
  });

  it('the window is the undo window: until it ends nothing is sent, and undo takes the change back', async () => {
    const t = queueUnderTest(60_000);
    const e = t.q.add(t.change('a'));
    expect(Date.parse(e.sendAt) - Date.parse(e.queuedAt)).toBe(60_000);
    await t.pass(59_000);
    expect(t.sent).toEqual([]);
    expect(t.q.undo(e.changeId)).toMatchObject({ status: 'undone' });
    await t.pass(10_000);
    expect(t.sent).toEqual([]);
    expect(t.q.pending()).toBe(0);
    expect(() => t.q.undo(e.changeId)).toThrow('This change was already undone.');
  });

  it('one change at a time, in the order queued; a later change can be undone while an earlier one is sent', async () => {
    const t = queueUnderTest(10);
    const a = t.q.add(t.change('a'));
    const b = t.q.add(t.change('b'));
    const c = t.q.add(t.change('c'));
    await t.pass(10);
    expect(t.sent).toEqual(['a']);
    expect(t.q.state().pending).toBe(3);
    t.q.undo(b.changeId);
    await t.complete();
    await t.pass(0);
    expect(t.sent).toEqual(['a', 'c']);
    try {
      t.q.undo(c.changeId);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({
        code: 'too-late',
        message: 'Too late to undo: this change has already been sent to Tapkey.',
      });
    }
    await t.complete();
    expect(t.q.state().changes.map((x) => [x.title, x.status])).toEqual([
      ['c', 'sent'],
      ['b', 'undone'],
      ['a', 'sent'],
    ]);
    expect(a.status).toBe('sent');
  });

  it('flush ends every window now and resolves when nothing waits or is sent; discard drops what waits', async () => {
    const t = queueUnderTest(60_000);
    t.q.add(t.change('a'));
    t.q.add(t.change('b'));
    const flushed = t.q.flush();
    let done = false;
    void flushed.then(() => (done = true));
    await t.pass(0);
    expect(t.sent).toEqual(['a']);
    await t.complete();
    await t.pass(0);
    expect(t.sent).toEqual(['a', 'b']);
    expect(done).toBe(false);
    await t.complete();
    await flushed;
    expect(t.q.pending()).toBe(0);

    const d = t.q.add(t.change('d'));
    t.q.add(t.change('e'));
    expect(t.q.discardWaiting()).toBe(2);
    expect(t.q.get(d.changeId).status).toBe('discarded');
    expect(t.q.discardWaiting()).toBe(0);
    await t.pass(120_000);
    expect(t.sent).toEqual(['a', 'b']);
    await t.q.flush();
  });

  it('finished() resolves for one change when it is done, while others still wait', async () => {
    const t = queueUnderTest(5);
    const a = t.q.add(t.change('a'));
    t.q.add(t.change('b'));
    const finished = t.q.finished(a.changeId);
    await t.pass(5);
    await t.complete();
    expect((await finished).status).toBe('sent');
    expect(t.q.pending()).toBe(1);
    await expect(t.q.finished('nope')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('tells about every change, keeps the newest finished ones only, and stops', async () => {
    const t = queueUnderTest(10, 2);
    const before = t.changes();
    const ids = ['a', 'b', 'c'].map((x) => t.q.add(t.change(x)).changeId);
    expect(t.changes()).toBe(before + 3);
    for (const id of ids) t.q.undo(id);
    expect(t.q.state().changes.map((c) => c.title)).toEqual(['c', 'b']);
    expect(() => t.q.get(ids[0]!)).toThrow('That change is not in the queue any more.');
    const later = t.q.add(t.change('later'));
    t.q.stop();
    await t.pass(10);
    // Longer than the window in real time too: its timer would have fired.
    await new Promise((r) => setTimeout(r, 30));
    expect(t.sent).toEqual([]);
    expect(t.q.get(later.changeId).status).toBe('waiting');
  });
});
