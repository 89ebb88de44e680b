// Renders a screen as the app does, below a TapkeyApiProvider, with the fake main of one test.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { expect } from 'vitest';
import { TapkeyApiProvider } from '../../src/renderer/api-context';
import { fakeMain, type Answers, type FakeMain } from './fake-main';

/** Renders `screen` against a fake main answering `answers`; returns it and a user to act with. */
export function renderWithMain(
  screen: ReactNode,
  answers: Answers,
): { main: FakeMain; user: ReturnType<typeof userEvent.setup> } {
  const main = fakeMain(answers);
  render(<TapkeyApiProvider api={main.api}>{screen}</TapkeyApiProvider>);
  return { main, user: userEvent.setup() };
}

/** Where a screen says a load failed: its alert, or the element with this test id. */
type FailureNotice = { alert: true } | { testId: string };

/**
 * The failed-load-then-Retry path every loading screen has: the notice says `says` (exactly, when `exactly`),
 * main answers `healed` from now on, Retry is pressed, `loaded` waits for what the answer shows, and the notice
 * is gone.
 */
export async function expectRetryHeals(
  { main, user }: { main: FakeMain; user: ReturnType<typeof userEvent.setup> },
  failure: FailureNotice & { says: string; exactly?: boolean },
  healed: Answers,
  loaded: () => Promise<unknown>,
): Promise<void> {
  const notice = await ('testId' in failure
    ? screen.findByTestId(failure.testId)
    : screen.findByRole('alert'));
  if (failure.exactly) expect(notice.textContent).toBe(failure.says);
  else expect(notice.textContent).toContain(failure.says);
  main.answer(healed);
  await user.click(screen.getByRole('button', { name: 'Retry' }));
  await loaded();
  expect(
    'testId' in failure ? screen.queryByTestId(failure.testId) : screen.queryByRole('alert'),
  ).toBeNull();
}
