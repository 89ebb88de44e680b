import type { ReactNode } from 'react';

/** One term and its value in a description list (`<dl>`), grouped so a grid lays them out as a row. */
export function Fact({
  term,
  testId,
  children,
}: {
  term: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <dt>{term}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** A yes-or-no fact Tapkey may leave out: its words for yes and no, and what to say when Tapkey did not say. */
export function whether(value: boolean | null, words: { yes: string; no: string; unsaid: string }) {
  if (value === null) return words.unsaid;
  return value ? words.yes : words.no;
}
