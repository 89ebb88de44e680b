// Main as component tests meet it: window.tapkey built by the preload's own factory (createTapkeyApi) over a
// transport that answers like the dispatcher does. Payloads are parsed with main's argument schemas, answers
// are Result envelopes, pushes arrive through the subscription. Each test says how main answers each channel.
import { createTapkeyApi, type BridgeTransport, type TapkeyApi } from '../../src/shared/api';
import type {
  ArgsOf,
  EventChannel,
  EventContract,
  InvokeChannel,
  ResultOf,
} from '../../src/shared/contract';
import { fail, type Result } from '../../src/shared/result';
import { argSchemaFor } from '../../src/shared/schemas';

/** How main answers one channel in a test: at once, later (a promise), or never (a promise left pending). */
type Answer<C extends InvokeChannel> = (
  ...args: ArgsOf<C>
) => Result<ResultOf<C>> | Promise<Result<ResultOf<C>>>;

/** The answers of one test; a channel without one rejects, so a call the test did not expect fails it. */
export type Answers = { [C in InvokeChannel]?: Answer<C> };

/** The fake main of one test. */
export interface FakeMain {
  api: TapkeyApi;
  /** Every call the page made, with its arguments as main received them. */
  calls: Array<{ channel: InvokeChannel; args: unknown[] }>;
  /** Pushes an event to the page, as main's typed send does. */
  push<E extends EventChannel>(channel: E, payload: EventContract[E]): void;
  /** Changes how main answers from now on. */
  answer(answers: Answers): void;
}

/** Builds a fake main with these answers. */
export function fakeMain(initial: Answers = {}): FakeMain {
  const answers: Answers = { ...initial };
  const calls: FakeMain['calls'] = [];
  const listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  const transport: BridgeTransport = {
    async invoke(channel, ...args) {
      calls.push({ channel, args });
      const parsed = argSchemaFor(channel).safeParse(args);
      if (!parsed.success)
        return fail('invalid-payload', `Invalid request for ${channel}.`) as never;
      const answer = answers[channel] as Answer<typeof channel> | undefined;
      if (!answer) throw new Error(`main was not told how to answer ${channel} in this test`);
      return answer(...(parsed.data as ArgsOf<typeof channel>)) as never;
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener as (payload: never) => void);
      return () => void set.delete(listener as (payload: never) => void);
    },
  };
  return {
    api: createTapkeyApi(transport),
    calls,
    push(channel, payload) {
      for (const l of listeners.get(channel) ?? []) (l as (p: typeof payload) => void)(payload);
    },
    answer(more) {
      Object.assign(answers, more);
    },
  };
}

/** A promise settled from outside: an answer that arrives when the test says so (loading states). */
export function later<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
