import type { KeyHolder, PeopleList } from '../../../shared/model';
import { ErrorNotice } from '../../ui/error-notice';
import { PickerSearch } from './picker-search';
import { contactByEmail, holderName, looksLikeEmail, matchHolders, type Who } from './give-form';
import type { Loaded } from './use-load';

interface Props {
  people: Loaded<PeopleList> & { retry(): void };
  query: string;
  onQuery(query: string): void;
  who: Who | null;
  onWho(who: Who): void;
}

/** How many matches are listed at once; typing more narrows them. */
const SHOWN = 40;

const sameWho = (a: Who | null, b: Who) =>
  a !== null &&
  (a.kind === 'email' && b.kind === 'email'
    ? a.identifier.trim().toLowerCase() === b.identifier.trim().toLowerCase()
    : a.kind === 'holder' && b.kind === 'holder' && a.holder.id === b.holder.id);

/** What a holder holds, in a few words: "3 active keys", "11 of 12 keys on the card". */
function holds(h: KeyHolder): string {
  if (h.kind === 'card' && h.capacity !== null)
    return `${h.activeGrants} of ${h.capacity} keys on the card${h.activeGrants >= h.capacity ? ': full' : ''}`;
  return h.activeGrants === 1 ? '1 active key' : `${h.activeGrants} active keys`;
}

/** The Who step: search the account's people and cards, or type an e-mail address for someone new. */
export function WhoPicker({ people, query, onQuery, who, onWho }: Props) {
  const holders = people.status === 'loaded' ? people.value.holders : [];
  const matches = matchHolders(holders, query);
  const typed = query.trim();
  const existing = looksLikeEmail(typed) ? contactByEmail(holders, typed) : null;
  const offerEmail = looksLikeEmail(typed) && !existing;
  const option = (w: Who, label: string, detail: string, key: string) => (
    <li key={key}>
      <label className="pick">
        <input type="radio" name="give-who" checked={sameWho(who, w)} onChange={() => onWho(w)} />
        <span className="pick-label">{label}</span>
        <span className="pick-detail">{detail}</span>
      </label>
    </li>
  );
  return (
    <div className="wizard-step" data-testid="give-who">
      <PickerSearch
        id="give-who-search"
        label="Search people and cards, or type an e-mail address"
        query={query}
        onQuery={onQuery}
        onKeyDown={(e) => {
          // Enter takes the address typed (or the one person it names), as a quick way on.
          if (e.key !== 'Enter' || !looksLikeEmail(typed)) return;
          e.preventDefault();
          onWho(
            existing ? { kind: 'holder', holder: existing } : { kind: 'email', identifier: typed },
          );
        }}
      />
      {people.status === 'error' && (
        <ErrorNotice
          title="Could not load the people and cards of this account."
          message={`${people.error.message} You can still type an e-mail address.`}
          onRetry={people.retry}
        />
      )}
      {people.status === 'loading' && (
        <p className="muted" role="status">
          Loading people and cards…
        </p>
      )}
      <fieldset className="pick-list">
        <legend className="visually-hidden">Who gets the key</legend>
        <ul>
          {offerEmail &&
            option(
              { kind: 'email', identifier: typed },
              `New person: ${typed}`,
              'Tapkey adds them with the first key and e-mails them',
              'email',
            )}
          {matches
            .slice(0, SHOWN)
            .map((h) =>
              option({ kind: 'holder', holder: h }, holderName(h), holds(h), `${h.kind}:${h.id}`),
            )}
        </ul>
      </fieldset>
      {people.status === 'loaded' && (
        <p className="muted" data-testid="give-who-count">
          {matches.length > SHOWN
            ? `${SHOWN} of ${matches.length} shown: type more to narrow them.`
            : matches.length === 0 && !offerEmail
              ? typed
                ? 'Nobody matches. Type a whole e-mail address to give a new person access.'
                : 'This account has no people or cards yet: type an e-mail address.'
              : null}
        </p>
      )}
      {who?.kind === 'email' && !looksLikeEmail(who.identifier) && (
        <p className="field-error">“{who.identifier}” is not an e-mail address.</p>
      )}
    </div>
  );
}
