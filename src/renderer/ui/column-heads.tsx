import type { ReactNode } from 'react';

/** A column of a table's header row: its label, or its label and a class (for a column's width). */
type Column = string | { label: string; className: string };

/** A table's header row, one column header a column; `children` adds header cells after them. */
export function ColumnHeads({
  columns,
  children,
}: {
  columns: readonly Column[];
  children?: ReactNode;
}) {
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          typeof c === 'string' ? (
            <th key={c} scope="col">
              {c}
            </th>
          ) : (
            <th key={c.label} scope="col" className={c.className}>
              {c.label}
            </th>
          ),
        )}
        {children}
      </tr>
    </thead>
  );
}
