import type { TapkeyApi } from '../shared/api';

declare global {
  interface Window {
    /** The bridge to main, exposed by the preload. */
    readonly tapkey: TapkeyApi;
  }
}
