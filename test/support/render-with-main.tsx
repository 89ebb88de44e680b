// Renders a screen as the app does, below a TapkeyApiProvider, with the fake main of one test.
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
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
