// Checks open-rate.js against a local node HTTP server in a process of its own (docs/benchmarks.md, "Open-model
// latency: open-rate.js"). Exits non-zero when a check fails.
//   (a) steady: the server answers every request in ~2 ms; at 500/s over 8 connections the p50 must be near 2 ms
//       (1.5 to 8 ms: a loaded machine adds its run queue) and every request answered.
//   (b) stall: the same server holds every response that falls in the first 200 ms of each second until that window
//       ends. A fifth of the arrivals land in a stall, waiting 0 to 200 ms, so timed from their scheduled instants the
//       p90 is about 100 ms and the p99 about 190 ms. The checks: p99 at least 150 ms and p90 at least 50 ms. A
//       generator that timed requests from when it sent them (the service time, also printed) would see only the
//       few requests in flight at each stall: its p90 stays near 2 ms, so the p90 check fails for it; a generator
//       that held back its sends during the stall (coordinated omission) would fail it the same way.
//   (c) one stall at the start: the server holds the responses of its first 300 ms of POSTs until they end. Without a
//       lead-in the max must be at least 250 ms (the stall is seen); with a 1 s lead-in (leadInSeconds) under 100 ms,
//       every request scheduled after the lead-in answered and counted, and none of the lead-in's.
// Usage: node load-tests/lib/open-rate-selftest.js [SECONDS]   (5 by default; needs `npm ci` in load-tests/lib)
'use strict';

const http = require('http');
const { fork } = require('child_process');

if (process.argv[2] === 'server') {
  // The server: answer after `base` ms; with stall > 0, hold responses in [0, stall) ms of each second (from its
  // start) until the window ends; with once, only in the first stall ms from its first POST.
  const [, , , base, stall] = process.argv.map(Number);
  const once = process.argv[5] === 'once';
  let t0 = Date.now();
  let firstPost = null;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (once && firstPost === null && request.method === 'POST') firstPost = Date.now();
      const phase = once ? (firstPost === null ? stall : Date.now() - firstPost) : (Date.now() - t0) % 1000;
      const wait = stall > 0 && phase < stall ? stall - phase + base : base;
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('ok');
      }, wait);
    });
  });
  server.keepAliveTimeout = 60000;
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
  return;
}

const { run, format, formatGenerator } = require('./open-rate');

const seconds = Number(process.argv[2] || 5);

function startServer(base, stall, once) {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['server', String(base), String(stall), once ? 'once' : 'each']);
    child.once('message', (port) => resolve({ child, url: `http://127.0.0.1:${port}` }));
    child.once('error', reject);
  });
}

async function scenario(name, base, stall, checks, once = false, leadInSeconds = 0) {
  const { child, url } = await startServer(base, stall, once);
  try {
    const result = await run({
      url, rate: 500, seconds, connections: 8, warmup: { path: '/' }, leadInSeconds,
      request: (n) => ({ method: 'POST', path: '/', headers: { 'content-type': 'application/json' },
        body: `{"idempotencyKey":"selftest-${n}"}` }),
    });
    console.log(`(${name}) ${format(result)}`);
    console.log(`(${name}) ${formatGenerator(result)}`);
    let failed = 0;
    for (const [label, ok] of checks(result)) {
      console.log(`(${name}) ${ok ? 'ok  ' : 'FAIL'} ${label}`);
      if (!ok) failed++;
    }
    if (result.generator.behind) {
      console.log(`(${name}) warning: the generator sent late (machine busy?); the figures include that lag`);
    }
    return failed;
  } finally {
    child.kill();
  }
}

(async () => {
  const load = require('os').loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`open-rate self-test, ${seconds} s per scenario, load average ${load}`);
  let failed = 0;
  failed += await scenario('a: 2 ms server', 2, 0, (r) => [
    [`p50 ${r.latency.p50.toFixed(2)} ms within 1.5 to 8 ms`, r.latency.p50 >= 1.5 && r.latency.p50 <= 8],
    [`all ${r.scheduled} scheduled requests answered 2xx (${r.completed} answered, ${r.non2xx} non-2xx,`
      + ` ${r.errors} errors)`, r.completed === r.scheduled && r.non2xx === 0 && r.errors === 0],
    [`rate reached ${r.reached.toFixed(0)}/s within 5 % of 500/s`, Math.abs(r.reached - 500) <= 25],
  ]);
  failed += await scenario('b: 200 ms stall each second', 2, 200, (r) => [
    [`p99 ${r.latency.p99.toFixed(1)} ms at least 150 ms`, r.latency.p99 >= 150],
    [`p90 ${r.latency.p90.toFixed(1)} ms at least 50 ms (service-time p90 ${r.service.p90.toFixed(1)} ms)`,
      r.latency.p90 >= 50],
    [`max ${r.latency.max.toFixed(1)} ms under 400 ms (a stall is 200 ms)`, r.latency.max < 400],
    [`p50 ${r.latency.p50.toFixed(2)} ms under 10 ms (most arrivals miss the stall)`, r.latency.p50 < 10],
  ]);
  failed += await scenario('c1: one 300 ms stall at the start, no lead-in', 2, 300, (r) => [
    [`max ${r.latency.max.toFixed(1)} ms at least 250 ms (the stall is counted)`, r.latency.max >= 250],
  ], true, 0);
  failed += await scenario('c2: the same stall inside a 1 s lead-in', 2, 300, (r) => [
    [`max ${r.latency.max.toFixed(1)} ms under 100 ms (the stall is not counted)`, r.latency.max < 100],
    [`${r.completed} answered and counted of ${r.scheduled} scheduled after the lead-in (${Math.floor(500 * seconds)})`,
      r.completed === r.scheduled && r.scheduled === Math.floor(500 * seconds)],
  ], true, 1);
  console.log(failed ? `${failed} check(s) failed` : 'all checks passed');
  process.exit(failed ? 1 : 0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
