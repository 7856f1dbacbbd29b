// The sending pipeline at a fixed rate, with autocannon (open model: latencies corrected for coordinated omission,
// which autocannon does whenever a rate is set, unless -C): each connection repeats reserve → dispatch → receipt,
//   POST /v1/reservations                         (a new idempotency key each time)
//   POST /v1/reservations/{id}/dispatch           (carrier "generic", message id "m-<reservation>")
//   POST /v1/carriers/generic/{connection}/status (a DELIVERED receipt of that message, Standard Webhooks signed)
// so the rate counts every request of the three. One line of figures per run: the rate reached, p50/p99/p99.9 of
// all requests, answers other than 2xx and errors.
// Usage: node pipeline.js URL RATE CONNECTIONS SECONDS
// Env: TALLY_KEY (bearer key), TALLY_ACCOUNT, TALLY_CONNECTION (generic connection id), TALLY_SECRET (its whsec_
// secret), as run.sh seeds them.
const crypto = require('crypto');
const autocannon = require('autocannon');

const [url, rate, connections, seconds] = process.argv.slice(2);
const key = process.env.TALLY_KEY;
const account = process.env.TALLY_ACCOUNT;
const connection = process.env.TALLY_CONNECTION;
const secret = Buffer.from(process.env.TALLY_SECRET.replace(/^whsec_/, ''), 'base64');
const prefix = `pl${process.pid}-${Date.now()}-`;
const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
let counter = 0;

function signed(body) {
  const id = `msg_${crypto.randomUUID()}`;
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const signature = crypto.createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${signature}` };
}

const requests = [
  {
    method: 'POST',
    path: '/v1/reservations',
    headers: auth,
    setupRequest: (request, context) => {
      counter++;
      request.body = `{"idempotencyKey":"${prefix}${counter}","account":"${account}","service":"sms",`
        + `"to":"+393471234567","text":"Your code is ${counter}. It expires in 10 minutes."}`;
      return request;
    },
    onResponse: (status, body, context) => {
      context.reservation = status === 201 ? JSON.parse(body).reservationId : undefined;
    },
  },
  {
    method: 'POST',
    headers: auth,
    setupRequest: (request, context) => {
      request.path = `/v1/reservations/${context.reservation || 'missing'}/dispatch`;
      request.body = `{"carrier":"generic","messageId":"m-${context.reservation}"}`;
      return request;
    },
  },
  {
    method: 'POST',
    path: `/v1/carriers/generic/${connection}/status`,
    setupRequest: (request, context) => {
      request.body = `{"messageId":"m-${context.reservation}","status":"delivered"}`;
      request.headers = signed(request.body);
      return request;
    },
  },
];

autocannon({
  url,
  connections: Number(connections),
  overallRate: Number(rate),
  duration: Number(seconds),
  requests,
}, (error, result) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  const l = result.latency;
  console.log(`pipeline: ${(result.requests.total / Number(seconds)).toFixed(0)} requests/s (asked ${rate}/s, a third`
    + ` of them reservations) over ${connections} connections: p50 ${l.p50} ms, p99 ${l.p99} ms, p99.9 ${l.p99_9} ms,`
    + ` max ${l.max} ms; ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
});
