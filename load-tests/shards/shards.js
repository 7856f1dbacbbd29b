// Reservations spread over many accounts at a fixed overall rate (autocannon -R: an open model, latencies corrected
// for coordinated omission): request k goes to account PREFIX-(k mod ACCOUNTS), so the partitions, and the cluster's
// masters, share the load. Prints one line: the rate reached, 201s, latency percentiles, other answers.
// Usage: node shards.js URL PREFIX ACCOUNTS RATE CONNECTIONS SECONDS   Env: TALLY_KEY
const autocannon = require('autocannon');

const [url, accountPrefix, accounts, rate, connections, seconds] = process.argv.slice(2);
const prefix = `sh${process.pid}-${Date.now()}-`;
let counter = 0;
let created = 0;
autocannon({
  url,
  connections: Number(connections),
  overallRate: Number(rate),
  duration: Number(seconds),
  requests: [{
    method: 'POST',
    path: '/v1/reservations',
    headers: { authorization: `Bearer ${process.env.TALLY_KEY}`, 'content-type': 'application/json' },
    setupRequest: (request) => {
      counter++;
      request.body = `{"idempotencyKey":"${prefix}${counter}","account":"${accountPrefix}-${counter % accounts}",`
        + `"service":"sms","to":"+393471234567","text":"Your code is ${counter}. It expires in 10 minutes."}`;
      return request;
    },
    onResponse: (status) => {
      if (status === 201) {
        created++;
      }
    },
  }],
}, (error, result) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  const l = result.latency;
  console.log(`${(result.requests.total / Number(seconds)).toFixed(0)}/s (asked ${rate}/s) over ${connections}`
    + ` connections, ${created} created: p50 ${l.p50} ms, p99 ${l.p99} ms, p99.9 ${l.p99_9} ms;`
    + ` ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
});
