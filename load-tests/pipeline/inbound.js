// Inbound messages from a carrier in bursts, with autocannon at fixed rates (open model): a steady rate, then a burst
// at BURST times that rate, then the steady rate again, each phase a separate run so that each has its own figures.
// Each request is a generic inbound webhook (Standard Webhooks signed) to one of the account's numbers, a new carrier
// message id each time, so every one is metered (POST /v1/carriers/generic/{connection}/inbound).
// Usage: node inbound.js URL RATE BURST CONNECTIONS SECONDS BURST_SECONDS
// Env: TALLY_CONNECTION, TALLY_SECRET, TALLY_NUMBER (a number assigned to the account), as run.sh seeds them.
const crypto = require('crypto');
const autocannon = require('autocannon');

const [url, rate, burst, connections, seconds, burstSeconds] = process.argv.slice(2);
const connection = process.env.TALLY_CONNECTION;
const secret = Buffer.from(process.env.TALLY_SECRET.replace(/^whsec_/, ''), 'base64');
const number = process.env.TALLY_NUMBER;
const prefix = `in${process.pid}-${Date.now()}-`;
let counter = 0;

const inbound = {
  method: 'POST',
  path: `/v1/carriers/generic/${connection}/inbound`,
  setupRequest: (request) => {
    counter++;
    request.body = `{"messageId":"${prefix}${counter}","from":"+393471234567","to":"${number}",`
      + `"text":"Inbound message ${counter}"}`;
    const id = `msg_${crypto.randomUUID()}`;
    const timestamp = Math.floor(Date.now() / 1000).toString();
    const signature = crypto.createHmac('sha256', secret).update(`${id}.${timestamp}.${request.body}`)
      .digest('base64');
    request.headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${signature}` };
    return request;
  },
};

function phase(name, perSecond, duration) {
  return new Promise((resolve, reject) => autocannon({
    url,
    connections: Number(connections),
    overallRate: perSecond,
    duration,
    requests: [inbound],
  }, (error, result) => {
    if (error) {
      reject(error);
      return;
    }
    const l = result.latency;
    console.log(`inbound ${name}: ${(result.requests.total / duration).toFixed(0)}/s (asked ${perSecond}/s) over`
      + ` ${connections} connections: p50 ${l.p50} ms, p99 ${l.p99} ms, p99.9 ${l.p99_9} ms, max ${l.max} ms;`
      + ` ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
    resolve();
  }));
}

(async () => {
  await phase('steady', Number(rate), Number(seconds));
  await phase(`burst x${burst}`, Number(rate) * Number(burst), Number(burstSeconds));
  await phase('after the burst', Number(rate), Number(seconds));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
