import {
  invokeChannels,
  type ArgsOf,
  type InvokeChannel,
  type ResultOf,
} from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/result';
import { argSchemaFor } from '../../shared/schemas';
import { AppFailure } from '../errors';
import type { Logger } from '../log';

/** One async function per channel, typed from the contract. */
export type Handlers = { [C in InvokeChannel]: (...args: ArgsOf<C>) => Promise<ResultOf<C>> };

/** Turns raw (channel, args) from any transport into a Result: validates the payload, never throws. */
export type Dispatch = (channel: string, args: unknown[]) => Promise<Result<unknown>>;

const known = new Set<string>(invokeChannels);

/** Builds the dispatcher shared by Electron's ipcMain glue and the browser-journey harness. */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (channel, args) => {
    if (!known.has(channel)) return fail('unknown-channel', 'That action does not exist.');
    const c = channel as InvokeChannel;
    const parsed = argSchemaFor(c).safeParse(args);
    if (!parsed.success) {
      log.warn('ipc payload rejected', {
        channel,
        issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      });
      const badId = parsed.error.issues.find(
        (i) => i.code === 'custom' && i.params?.code === 'invalid-id',
      );
      if (badId) return fail('invalid-id', badId.message);
      return fail(
        'invalid-payload',
        `Invalid request for ${channel}: ${parsed.error.issues[0]?.message ?? 'bad arguments'}.`,
      );
    }
    try {
      const handler = handlers[c] as (...a: unknown[]) => Promise<unknown>;
      return ok(await handler(...(parsed.data as unknown[])));
    } catch (e) {
      if (e instanceof AppFailure) return { ok: false, error: e.toAppError() };
      log.error('ipc handler failed', { channel, error: e });
      return fail('internal', 'Something went wrong inside the app. Details are in the log.');
    }
  };
}
