import { bulkMutes } from './sections/hardening.ts';
const latencies = (process.argv[2] ?? '50,150,300').split(',').map(Number);
const count = Number(process.argv[3] ?? 1000);
const caps = (process.argv[4] ?? '15').split(',').map(Number);
for (const latency of latencies)
  for (const cap of caps) {
    const r = await bulkMutes(latency, count, { maxConcurrency: cap });
    console.log(cap, JSON.stringify(r));
  }
process.exit(0);
