// The symptoms tickets arrive with, in the agent's words. Their own module: the picker renders in the view's first
// frame (the main chunk), the rules that match them load after it.

/** The symptoms tickets arrive with; a finding names the ones it can explain. */
export type Symptom = 'pushes' | 'badge' | 'read-state';

export const SYMPTOM_LABELS: Record<Symptom, string> = {
  pushes: 'Gets pushes',
  badge: 'Badge wrong',
  'read-state': 'Read state wrong',
};
