import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { ExportSelection, MenuCommand } from '../shared/model';

/**
 * The commands a screen takes over from the shell, as handlers: Find and Refresh act on the screen; Export asks
 * the screen which locks it shows (filters applied), and the shell runs the export and reports the outcome.
 */
export interface ScreenCommands {
  find: () => void;
  refresh: () => void;
  export: () => ExportSelection[];
  /** Give access… for what the screen has chosen (locks, a person). */
  'give-access': () => void;
  'view-locks': () => void;
  'view-people': () => void;
  'view-journal': () => void;
}
export type ScreenCommand = keyof ScreenCommands;

/** Routes menu and keyboard commands to whichever screen registered for them (the browse screen, today). */
export interface CommandBus {
  /** Runs the newest handler for `command` and returns what it returned; undefined when no screen handles it. */
  run<C extends ScreenCommand>(command: C): ReturnType<ScreenCommands[C]> | undefined;
  register<C extends ScreenCommand>(command: C, handler: ScreenCommands[C]): () => void;
  /** Asks the shell to carry out a menu command exactly as the menu would (a toolbar button reports like its menu item). */
  request(command: MenuCommand): void;
  /** The shell's handler for `request`; returns a disposer. */
  serve(handler: (command: MenuCommand) => void): () => void;
}

/** A bus where the most recently registered handler wins (a screen above another takes the command). */
export function createCommandBus(): CommandBus {
  const handlers = new Map<ScreenCommand, Array<() => unknown>>();
  let shell: ((command: MenuCommand) => void) | null = null;
  return {
    request(command) {
      shell?.(command);
    },
    serve(handler) {
      shell = handler;
      return () => {
        if (shell === handler) shell = null;
      };
    },
    run(command) {
      const h = handlers.get(command)?.at(-1);
      return h?.() as never;
    },
    register(command, handler) {
      handlers.set(command, [...(handlers.get(command) ?? []), handler]);
      return () =>
        void handlers.set(
          command,
          (handlers.get(command) ?? []).filter((x) => x !== handler),
        );
    },
  };
}

const BusContext = createContext<CommandBus | null>(null);

/** Provides the shell's command bus to the screens. */
export const CommandBusProvider = ({ bus, children }: { bus: CommandBus; children: ReactNode }) => (
  <BusContext.Provider value={bus}>{children}</BusContext.Provider>
);

/** Lets a screen handle Find, Refresh or Export (menu item or shortcut) while it is mounted and `enabled`. */
export function useAppCommand<C extends ScreenCommand>(
  command: C,
  handler: ScreenCommands[C],
  enabled = true,
): void {
  const bus = useContext(BusContext);
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!bus || !enabled) return;
    return bus.register(command, (() => latest.current()) as ScreenCommands[C]);
  }, [bus, command, enabled]);
}

/** The shell's `request`, for screens whose buttons do what a menu item does; null outside the shell (tests of one screen). */
export function useShellRequest(): ((command: MenuCommand) => void) | null {
  const bus = useContext(BusContext);
  return bus ? bus.request : null;
}
