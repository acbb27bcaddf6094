/** A behaviour as the checker reports it: the initial state first (its `action` is null), then one step per action. */
export interface Step<S, A> {
  readonly action: A | null;
  readonly state: S;
}

export type Trace<S, A> = readonly Step<S, A>[];
