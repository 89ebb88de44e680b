/** Whether a card is still in hand (its keys can be removed from it) or lost (its keys must be revoked). */
export type CardFate = 'here' | 'lost';

interface Props {
  value: CardFate | null;
  onChange(fate: CardFate): void;
  /** One key or every key of the card. */
  many: boolean;
}

/**
 * The choice a card's keys need, each with what it means: removing them from a card in hand touches no
 * revocation list; revoking a lost card's keys puts each on its lock's list, which can overflow.
 */
export function CardChoice({ value, onChange, many }: Props) {
  const keys = many ? 'its keys' : 'the key';
  return (
    <fieldset className="field card-choice" data-testid="card-choice">
      <legend>Where is the card?</legend>
      <div className="choice">
        <input
          type="radio"
          id="card-here"
          name="card-fate"
          checked={value === 'here'}
          aria-describedby="card-here-hint"
          onChange={() => onChange('here')}
        />
        <label htmlFor="card-here">Card is here: remove {keys} at the next sync</label>
        <p id="card-here-hint">
          Tapkey removes {keys} from the card the next time it syncs (hold it to a lock or to a
          phone with the Tapkey app). Nothing goes on a revocation list, so no other key is
          affected; until then the card still opens the lock.
        </p>
      </div>
      <div className="choice">
        <input
          type="radio"
          id="card-lost"
          name="card-fate"
          checked={value === 'lost'}
          aria-describedby="card-lost-hint"
          onChange={() => onChange('lost')}
        />
        <label htmlFor="card-lost">Card is lost: revoke {keys}</label>
        <p id="card-lost-hint">
          Each key goes on the revocation list of its lock and stops working there at the lock’s
          next sync. A lock’s list is short: when it overflows, older keys on that lock are revoked
          too.
        </p>
      </div>
    </fieldset>
  );
}
