import type { ChoiceValue } from '../space/param-spec';
import type { Level } from './level';

/**
 * One effective change made by regulation. `kind` is `change` for a hyperparameter's value,
 * `exploit` when a trial took over another's weights (`param` = `@weights`, `from` = own id,
 * `to` = donor id), `rollback` when it went back to its last good checkpoint (`param` =
 * `@weights`, `from` = `to` = own id), `stop` when it was stopped (`param` = `@status`).
 */
export interface RegulationEvent {
  readonly experimentId: string;
  readonly trialId: string;
  /** The trial's optimiser step at which the change takes effect. */
  readonly step: number;
  readonly level: Level;
  /** Name of the regulator that caused it. */
  readonly regulator: string;
  readonly kind: 'change' | 'exploit' | 'rollback' | 'stop';
  readonly param: string;
  readonly from: ChoiceValue | null;
  readonly to: ChoiceValue | null;
  /**
   * Set on the `change` of a structural (`width`) hyperparameter: the layer it resizes, i.e. the
   * param name (e.g. `width.0`); `from`/`to` are then the old and new width in units. Derivable
   * from `param` and the space, so stores may keep only `param`.
   */
  readonly layer?: string;
  /** Why, in the regulator's words (e.g. `plateau 4 evaluations`, `bottom 25%: exploit t3`). */
  readonly reason: string;
}
