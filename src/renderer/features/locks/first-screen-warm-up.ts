import { countLabel, formatDate, formatDayTime, formatTime } from '../format/format';
import { loadSort } from './lock-table-model';

/**
 * Pays the browse screen's one-time costs before its first rows need them: the locale's number and date
 * formats (Intl builds each from ICU data the first time), the locale's string comparison (the lock types
 * list sorts with it), and the first read of localStorage (the table's saved sort), which opens the page's
 * storage. Measured with a CPU profile of a start from the snapshot: about 40 ms of the first rows' render.
 * Everything it builds is cached where the screen looks for it; it changes nothing on screen.
 */
export function warmUpFirstScreen(): void {
  countLabel(2_000, 'lock', 'locks');
  formatDate('2000-01-01T00:00:00Z');
  formatTime(0);
  formatDayTime(0);
  'a'.localeCompare('b');
  loadSort(typeof window !== 'undefined' ? window.localStorage : undefined);
}
