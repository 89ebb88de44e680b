// Setup for the components project (vitest.config.ts): each test starts from an empty page and empty storage,
// as the files share one happy-dom window (the unit layer shares its workers).
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});
