import type { KeyHolder } from '../../../shared/model';
import { ColumnHeads } from '../../ui/column-heads';
import { keysLabel, leadName, placesOf, subName } from './people-model';

interface Props {
  holders: readonly KeyHolder[];
  /** Show which account each holder belongs to (a search across accounts). */
  showAccount: boolean;
  accountName(id: string): string;
  lockTitle(ownerAccountId: string, lockId: string): string | null;
  onOpen(holder: KeyHolder): void;
  /** The id of the heading that names the table. */
  labelledBy: string;
  /** The time keys are counted at (ms since epoch). */
  now: number;
}

/** How many places the Locks column names before "and N more". */
const PLACES = 3;

/** People and cards, each with how many keys they hold and where; a name opens the holder. */
export function PeopleTable({
  holders,
  showAccount,
  accountName,
  lockTitle,
  onOpen,
  labelledBy,
  now,
}: Props) {
  return (
    <table
      className="data-table people-table"
      aria-labelledby={labelledBy}
      data-testid="people-table"
    >
      <ColumnHeads
        columns={[
          'Who',
          { label: 'Kind', className: 'people-kind' },
          { label: 'Keys', className: 'people-keys' },
          'Locks',
        ]}
      >
        {showAccount && <th scope="col">Account</th>}
      </ColumnHeads>
      <tbody>
        {holders.map((h) => {
          const places = placesOf(h, (id) => lockTitle(h.ownerAccountId, id), now);
          const sub = subName(h);
          return (
            <tr
              key={`${h.ownerAccountId}/${h.kind}/${h.id}`}
              data-testid="person-row"
              data-id={h.id}
            >
              <td>
                <button type="button" className="link-button people-name" onClick={() => onOpen(h)}>
                  {leadName(h)}
                </button>
                {sub && <span className="people-sub">{sub}</span>}
              </td>
              <td className="people-kind">{h.kind === 'card' ? 'Card' : 'Person'}</td>
              <td className="people-keys">{keysLabel(h, now)}</td>
              <td className="people-places">
                {places.length === 0
                  ? '—'
                  : places.slice(0, PLACES).join(', ') +
                    (places.length > PLACES ? ` and ${places.length - PLACES} more` : '')}
              </td>
              {showAccount && <td>{accountName(h.ownerAccountId)}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
