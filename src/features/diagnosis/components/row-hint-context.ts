import { createContext } from 'react';
import type { Symptom } from '../lib/symptoms.ts';

/**
 * Whose rows the table's hints are about and the ticket's symptom. A context, so the hints follow a new symptom even
 * inside the table's memoised rows. Its own tiny module: the app provides it in the first view, while the hints and
 * the rules behind them load after the first paint.
 */
export const RowHintContext = createContext<{ identity: string; symptom: Symptom | null }>({
  identity: '',
  symptom: null,
});
