import { useState } from 'react';
import type { Membership } from '../../../lib/twilio/membership.ts';
import type { UserRef } from '../../../lib/twilio/queries.ts';
import { downloadText, exportFileName, toCsv, toJson } from '../lib/export-rows.ts';

interface ExportButtonsProps {
  userRef: UserRef;
  /** The current view: every loaded row that passes the filters, in the order shown. */
  rows: readonly Membership[];
  /** Injected by tests; the browser download otherwise. */
  download?: typeof downloadText;
  now?: () => Date;
}

export function ExportButtons({
  userRef,
  rows,
  download = downloadText,
  now = () => new Date(),
}: ExportButtonsProps) {
  const [done, setDone] = useState('');
  const save = (extension: 'csv' | 'json') => {
    const name = exportFileName(userRef.user, now(), extension);
    if (extension === 'csv') download(name, 'text/csv;charset=utf-8', toCsv(rows));
    else download(name, 'application/json', toJson(rows, userRef));
    setDone(`Exported ${rows.length} row${rows.length === 1 ? '' : 's'} to ${name}.`);
  };
  return (
    <div className="export-buttons">
      <button type="button" className="button" disabled={rows.length === 0} onClick={() => save('csv')}>
        Export CSV
      </button>
      <button type="button" className="button" disabled={rows.length === 0} onClick={() => save('json')}>
        Export JSON
      </button>
      <span role="status" className="export-status">
        {done}
      </span>
    </div>
  );
}
