/** One keystroke's time from its input event (ms): until its results are committed to the DOM, and until drawn. */
export interface KeystrokeTime {
  committed: number;
  painted: number;
}
