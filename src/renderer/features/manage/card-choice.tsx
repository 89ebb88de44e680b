import { RadioFieldset } from '../../ui/radio-options';

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
    <RadioFieldset<CardFate>
      legend="Where is the card?"
      fieldsetClassName="field card-choice"
      testId="card-choice"
      name="card-fate"
      idPrefix="card"
      className="choice"
      hintClassName=""
      value={value}
      onChange={onChange}
      options={[
        {
          id: 'here',
          label: `Card is here: remove ${keys} at the next sync`,
          hint:
            `Tapkey removes ${keys} from the card the next time it syncs (hold it to a lock or to ` +
            'a phone with the Tapkey app). Nothing goes on a revocation list, so no other key is ' +
            'affected; until then the card still opens the lock.',
        },
        {
          id: 'lost',
          label: `Card is lost: revoke ${keys}`,
          hint:
            'Each key goes on the revocation list of its lock and stops working there at the ' +
            'lock’s next sync. A lock’s list is short: when it overflows, older keys on that lock ' +
            'are revoked too.',
        },
      ]}
    />
  );
}
