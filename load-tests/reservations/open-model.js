// POST /v1/reservations (or GET /bench/redis) at a fixed overall rate with autocannon, and one line of figures:
// the rate reached, latency percentiles and answers other than 201/200.
// Latencies are corrected for coordinated omission (autocannon does so whenever a rate is set, unless -C).
// With GENERATOR open-rate, the same requests go out at a constant rate, evenly spaced, from
// load-tests/lib/open-rate.js (each timed from its scheduled instant; `npm ci` in load-tests/lib), and two lines:
// "open-rate: …" and its self-check.
// Usage: node open-model.js URL reserve|redis RATE CONNECTIONS SECONDS [autocannon|open-rate]
// Env: TALLY_KEY (bearer key), TALLY_ACCOUNT (account id), as load-tests/reservations/gateway.sh seeds them.
const [url, target, rate, connections, seconds, generator = 'autocannon'] = process.argv.slice(2);
const key = process.env.TALLY_KEY;
const account = process.env.TALLY_ACCOUNT || 'bench';
const prefix = `ac${process.pid}-${Date.now()}-`;
let counter = 0;

const reserve = {
  method: 'POST',
  path: '/v1/reservations',
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  // A new idempotency key per request, as reserve.lua sends it: the same 45-character SMS.
  setupRequest: (request) => {
    counter++;
    request.body = `{"idempotencyKey":"${prefix}${counter}","account":"${account}","service":"sms",`
      + `"to":"+393471234567","text":"Your code is ${counter}. It expires in 10 minutes."}`;
    return request;
  },
};
const redis = { method: 'GET', path: '/bench/redis' };

function withAutocannon() {
  require('autocannon')({
    url,
    connections: Number(connections),
    overallRate: Number(rate),
    duration: Number(seconds),
    requests: [target === 'redis' ? redis : reserve],
  }, (error, result) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    const l = result.latency;
    const answered = result.requests.total;
    console.log(`${(answered / Number(seconds)).toFixed(0)}/s (asked ${rate}/s) over ${connections} connections:`
      + ` p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, p99.9 ${l.p99_9} ms, max ${l.max} ms;`
      + ` ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  });
}

// The same requests at a constant rate: request i at start + i / RATE, each timed from that instant, after a lead-in
// of LEAD_IN seconds (5) at the same rate that is not counted (load-tests/lib/open-rate.js, leadInSeconds).
function withOpenRate() {
  const openRate = require('../lib/open-rate');
  const spec = target === 'redis' ? () => redis : () => reserve.setupRequest({ ...reserve });
  openRate.run({
    url, rate: Number(rate), seconds: Number(seconds), connections: Number(connections), request: spec,
    leadInSeconds: Number(process.env.LEAD_IN || 5),
  })
    .then((result) => {
      console.log(`open-rate: ${openRate.format(result)}`);
      console.log(`open-rate ${openRate.formatGenerator(result)}`);
    }, (error) => {
      console.error(error);
      process.exit(1);
    });
}

if (generator === 'open-rate') {
  withOpenRate();
} else {
  withAutocannon();
}
