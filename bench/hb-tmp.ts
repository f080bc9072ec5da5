import { measureHardening } from './sections/hardening.ts';
const r = await measureHardening({ bulkChanges: 0, latencies: [] });
console.log(JSON.stringify({ flood: r.signInFlood, bad: r.badInputs }, null, 2));
process.exit(0);
