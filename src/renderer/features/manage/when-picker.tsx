import type { LockFeatures } from '../../../shared/model';
import { WEEKDAYS } from '../../../shared/write-model';
import { DAY_NAMES } from '../../../shared/weekly-schedule';
import type { GiveForm, WhenPreset } from './give-form';
import { RadioFieldset } from '../../ui/radio-options';

interface Props {
  form: GiveForm;
  onForm(form: GiveForm): void;
  /** Chosen locks that cannot take a weekly schedule: the schedule is offered only when there are none. */
  blockers: readonly LockFeatures[];
  /** Why the step cannot go on, shown under it. */
  problem: string | null;
}

const PRESETS: ReadonlyArray<{ id: WhenPreset; label: string; hint: string }> = [
  { id: 'until-revoked', label: 'Until revoked', hint: 'From now on, with no end.' },
  { id: 'today', label: 'Today', hint: 'Until midnight tonight.' },
  { id: 'one-week', label: 'One week', hint: 'Today and the next six days.' },
  { id: 'custom', label: 'Choose dates', hint: 'From and until a date and time of your own.' },
];

const FULL_DAY = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The When step: how long the key works, and optionally on which days and hours each week. */
export function WhenPicker({ form, onForm, blockers, problem }: Props) {
  const set = (patch: Partial<GiveForm>) => onForm({ ...form, ...patch });
  const canSchedule = blockers.length === 0;
  /** A labelled date-and-time (or time) field of the form. */
  const timeField = (
    label: string,
    type: 'datetime-local' | 'time',
    key: 'from' | 'until' | 'start' | 'end',
  ) => (
    <label>
      {label}
      <input type={type} value={form[key]} onChange={(e) => set({ [key]: e.target.value })} />
    </label>
  );
  return (
    <div className="wizard-step" data-testid="give-when">
      <RadioFieldset
        legend="How long"
        name="give-when"
        options={PRESETS}
        value={form.preset}
        onChange={(preset) => set({ preset })}
      >
        {form.preset === 'custom' && (
          <div className="when-dates">
            {timeField('From', 'datetime-local', 'from')}
            {timeField('Until', 'datetime-local', 'until')}
            <p className="field-hint">Leave one empty for no start or no end.</p>
          </div>
        )}
      </RadioFieldset>
      <div className="field checkbox">
        <input
          type="checkbox"
          id="give-scheduled"
          checked={form.scheduled}
          disabled={!canSchedule && !form.scheduled}
          aria-describedby="give-scheduled-hint"
          onChange={(e) => set({ scheduled: e.target.checked })}
        />
        <label htmlFor="give-scheduled">Only at certain times each week</label>
        <p className="field-hint" id="give-scheduled-hint" data-testid="give-schedule-hint">
          {canSchedule
            ? 'On the days and hours you choose, in each lock’s own local time.'
            : `Not offered: ${blockers.map((b) => b.title).join(', ')} ${blockers.length === 1 ? 'does' : 'do'} not take a weekly schedule (Tapkey reports no time-restriction support). Leave ${blockers.length === 1 ? 'it' : 'them'} out to add one.`}
        </p>
      </div>
      {form.scheduled && (
        <div className="when-schedule">
          <fieldset className="field when-days">
            <legend>Days</legend>
            {WEEKDAYS.map((d, i) => (
              <label key={d} className="day">
                <input
                  type="checkbox"
                  checked={form.days.includes(d)}
                  aria-label={FULL_DAY[i]}
                  onChange={(e) =>
                    set({
                      days: e.target.checked
                        ? WEEKDAYS.filter((x) => x === d || form.days.includes(x))
                        : form.days.filter((x) => x !== d),
                    })
                  }
                />
                <span aria-hidden="true">{DAY_NAMES[i]}</span>
              </label>
            ))}
          </fieldset>
          <div className="when-hours">
            {timeField('From', 'time', 'start')}
            {timeField('To', 'time', 'end')}
          </div>
        </div>
      )}
      {problem && (
        <p className="field-error" role="alert" data-testid="give-when-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
