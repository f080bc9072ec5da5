import { measureHardening } from './sections/hardening.ts';
const only = process.argv[2];
const r = await measureHardening({
  bulkChanges: Number(process.argv[3] ?? 1000),
  latencies: (process.argv[4] ?? '50,150,300').split(',').map(Number),
});
console.log(JSON.stringify(r, null, 2));
process.exit(0);
