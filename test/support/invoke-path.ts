/** Where the page's calls to main go when they travel over HTTP (harness.ts, `answers: 'http'`). */
export const INVOKE_PATH = '/__tapkey/invoke';
