import { randomBytes } from 'node:crypto';

// Audit ids sort by creation: the time in ms (base 36, fixed width), a per-process sequence for the same ms, and a
// random tail so two servers (or a restart in the same ms) never collide. Cursors compare them as strings.

let lastMs = 0;
let sequence = 0;

export function newAuditId(now = Date.now()): string {
  if (now <= lastMs) {
    sequence++;
    now = lastMs;
  } else {
    lastMs = now;
    sequence = 0;
  }
  return `${now.toString(36).padStart(9, '0')}-${sequence.toString(36).padStart(4, '0')}-${randomBytes(4).toString('hex')}`;
}
