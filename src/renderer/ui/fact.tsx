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
