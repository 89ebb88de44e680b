// The part of fs-native-extensions (a CommonJS package without types) that the session lock uses.
declare module 'fs-native-extensions' {
  /** Takes an exclusive lock on the whole file without waiting: true when granted, false when another holds it. */
  export function tryLock(fd: number): boolean;
  /** Releases a lock this descriptor holds (closing the descriptor releases it too). */
  export function unlock(fd: number): void;
  const locks: { tryLock: typeof tryLock; unlock: typeof unlock };
  export default locks;
}
