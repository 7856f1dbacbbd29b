// SSE fan-out under a fixed (open-model) rate of reservations: SUBSCRIBERS server-sent-event clients spread over
// ACCOUNTS accounts (GET /v1/accounts/{id}/alerts/stream), while autocannon reserves at RATE/s, each connection on
// an account of its own, every reservation crossing the account's low-balance rule (a firing alert) and its release,
// sent at once after the reply, crossing back (a resolved alert). An account's movements are one at a time (its
// connection waits for each reply), so its k-th alert is its k-th movement's: each alert is matched with the reply
// of the movement that raised it, and each subscriber's receipt of it gives one delivery latency, reply to receipt.
// Prints one line: the reservation rate reached and its latency, then the deliveries (alerts × subscribers) and their
// latency p50/p99/p99.9/max; the alert latency (each alert's first receipt, reply to SSE) p50/p99/p99.9; alerts that
// reached no subscriber; receipts that came before the reply (counted as 0 ms) and subscribers dropped.
// The subscribers and autocannon share this process's event loop: its own delay is in the figures (an upper bound).
// With GENERATOR open-rate the reservations go out at a constant rate instead (load-tests/lib/open-rate.js; `npm ci`
// in load-tests/lib): reservation i at start + i / RATE on account i mod ACCOUNTS, each timed from that instant, its
// release sent at its reply. An account's next reservation is then not held back by its previous movement: the line
// counts the ones sent while their account still had a movement in flight (overlapping), after which the matched
// reply-to-SSE figures of that account may pair an alert with the wrong reply; the script-to-SSE figures need no
// matching. The HTTP line then gives open-rate's figures for the reservations and the releases, and its self-check.
// Usage: node fanout.js URL ACCOUNT_PREFIX ACCOUNTS SUBSCRIBERS RATE SECONDS [autocannon|open-rate]   Env: TALLY_KEY
// The accounts ACCOUNT_PREFIX-0 … -(ACCOUNTS-1) are seeded by fanout.sh: each 0.005 credits above its threshold.
const http = require('http');

const [url, prefix, accountCount, subscriberCount, rate, seconds, generator = 'autocannon'] = process.argv.slice(2);
const key = process.env.TALLY_KEY;
const accounts = Array.from({ length: Number(accountCount) }, (_, i) => `${prefix}-${i}`);
const now = () => Number(process.hrtime.bigint()) / 1e6; // ms, monotonic

// Per account: the reply time of each of its movements, in order, and the alerts it has seen, in order.
const movements = new Map(accounts.map((a) => [a, []]));
const alerts = new Map(accounts.map((a) => [a, []])); // [{ state, receipts: [ms] }]
const entryIndex = new Map(); // `${account} ${SSE id}` -> index in alerts.get(account)
// Each alert's first receipt against its own time (`at`, the movement's script, on this machine's wall clock): a
// latency that needs no matching of alerts with replies.
let sinceScript = [];
let dropped = 0;
let connected = 0;

function subscribe(account) {
  const request = http.get(`${url}/v1/accounts/${account}/alerts/stream`, {
    headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' },
  }, (response) => {
    if (response.statusCode !== 200) {
      console.error(`subscriber of ${account}: ${response.statusCode}`);
      process.exit(1);
    }
    connected++;
    response.setEncoding('utf8');
    let buffer = '';
    let event = {};
    response.on('data', (chunk) => {
      const at = now();
      buffer += chunk;
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (line === '') {
          if (event.event === 'alert') {
            received(account, event.id, JSON.parse(event.data), at);
          }
          event = {};
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          event[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
        }
      }
    });
    response.on('end', () => { dropped++; });
    response.on('error', () => { dropped++; });
  });
  request.on('error', (error) => {
    console.error(`subscriber of ${account}: ${error.message}`);
    process.exit(1);
  });
}

// The first subscriber to see an entry numbers it; every subscriber's receipt is kept with it.
function received(account, entry, alert, at) {
  const id = `${account} ${entry}`;
  let index = entryIndex.get(id);
  if (index === undefined) {
    index = alerts.get(account).length;
    alerts.get(account).push({ state: alert.state, receipts: [] });
    entryIndex.set(id, index);
    sinceScript.push(Date.now() - Date.parse(alert.at));
  }
  alerts.get(account)[index].receipts.push(at);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function figures(values) {
  const sorted = Float64Array.from(values).sort();
  const f = (v) => v.toFixed(1);
  return `p50 ${f(percentile(sorted, 50))} ms, p99 ${f(percentile(sorted, 99))} ms,`
    + ` p99.9 ${f(percentile(sorted, 99.9))} ms, max ${f(sorted[sorted.length - 1] || NaN)} ms`;
}

function load() {
  let next = 0;
  let counter = 0;
  const reserve = {
    method: 'POST',
    path: '/v1/reservations',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    setupRequest: (request, context) => {
      if (context.account === undefined) {
        context.account = accounts[next++ % accounts.length];
      }
      counter++;
      request.body = `{"idempotencyKey":"fo${process.pid}-${counter}","account":"${context.account}",`
        + '"service":"sms","to":"+393471234567","text":"Your code is 1234."}';
      return request;
    },
    onResponse: (status, body, context) => {
      const at = now();
      if (status === 201) {
        context.reservation = JSON.parse(body).reservationId;
        movements.get(context.account).push(at);
      } else {
        context.reservation = undefined;
      }
    },
  };
  const release = {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    setupRequest: (request, context) => {
      // A refused reservation has nothing to release: a harmless 404 keeps the connection's rhythm.
      request.path = `/v1/reservations/${context.reservation || 'none'}/release`;
      return request;
    },
    onResponse: (status, body, context) => {
      if (status === 200 && context.reservation) {
        movements.get(context.account).push(now());
      }
    },
  };
  require('autocannon')({
    url,
    connections: accounts.length,
    overallRate: 2 * Number(rate), // a reservation and its release per cycle
    duration: Number(seconds),
    requests: [reserve, release],
  }, (error, result) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    const l = result.latency;
    const line = `${(result.requests.total / 2 / Number(seconds)).toFixed(0)} reservations/s (asked ${rate}/s),`
      + ` each released; HTTP p50 ${l.p50} ms, p99 ${l.p99} ms, p99.9 ${l.p99_9} ms, ${result.non2xx} non-2xx`;
    // Let the last alerts arrive.
    setTimeout(() => report([line]), 2000);
  });
}

// The movements at a constant rate: reservation n at start + n / RATE on account n mod ACCOUNTS, its release at its
// reply (a follow-up, timed from that reply).
function loadOpenRate() {
  const openRate = require('../lib/open-rate');
  const busy = new Set();
  let overlapping = 0;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const release = (account, reservation) => ({
    kind: 'release',
    method: 'POST',
    path: `/v1/reservations/${reservation}/release`,
    headers: { authorization: `Bearer ${key}` },
    onResponse: (status) => {
      if (status === 200) movements.get(account).push(now());
      busy.delete(account);
    },
  });
  openRate.run({
    url, rate: Number(rate), seconds: Number(seconds), connections: accounts.length,
    kinds: [{
      name: 'reserve',
      request: (n) => {
        const account = accounts[n % accounts.length];
        if (busy.has(account)) overlapping++;
        busy.add(account);
        return {
          method: 'POST', path: '/v1/reservations', headers,
          body: `{"idempotencyKey":"fo${process.pid}-${n}","account":"${account}",`
            + '"service":"sms","to":"+393471234567","text":"Your code is 1234."}',
        };
      },
      onResponse: (status, body, n) => {
        const account = accounts[n % accounts.length];
        if (status !== 201) {
          busy.delete(account);
          return undefined;
        }
        movements.get(account).push(now());
        return release(account, JSON.parse(body).reservationId);
      },
    }],
  }).then((result) => {
    const lines = [
      `open-rate, reservations: ${openRate.format(result, 'reserve')}`,
      `open-rate, releases (timed from the reservation's reply): ${result.kinds.release
        ? openRate.format(result, 'release') : 'none'}`,
      `open-rate ${openRate.formatGenerator(result)}; ${overlapping} reservations sent while their account had a`
        + ' movement in flight',
    ];
    setTimeout(() => report(lines), 2000);
  }, (error) => {
    console.error(error);
    process.exit(1);
  });
}

function report(httpLines) {
  const deliveries = [];
  const first = [];
  let early = 0;
  let unmatched = 0;
  let lost = 0;
  for (const account of accounts) {
    const replies = movements.get(account);
    alerts.get(account).forEach((alert, k) => {
      if (k >= replies.length) {
        unmatched++;
        return;
      }
      const latencies = alert.receipts.map((at) => at - replies[k]);
      early += latencies.filter((l) => l < 0).length;
      latencies.forEach((l) => deliveries.push(Math.max(0, l)));
      first.push(Math.max(0, Math.min(...latencies)));
    });
    lost += Math.max(0, replies.length - alerts.get(account).length);
  }
  httpLines.forEach((line) => console.log(line));
  console.log(`fan-out: ${connected} subscribers on ${accounts.length} accounts, ${deliveries.length} deliveries:`
    + ` ${figures(deliveries)}`);
  console.log(`alert latency (reply to the first SSE receipt): ${first.length} alerts: ${figures(first)}`);
  console.log(`alert latency (the movement's script to the first SSE receipt, no matching): ${sinceScript.length}`
    + ` alerts: ${figures(sinceScript)}`);
  console.log(`${lost} movements without an alert, ${unmatched} alerts without a movement, ${early} receipts`
    + ` before the reply, ${dropped} subscribers dropped`);
  process.exit(0);
}

function post(path, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

// A stream delivers live alerts only once the gateway has registered it, which may be after its response headers:
// an alert of the run raised before that would reach no subscriber, and every later alert of its account would be
// matched with the wrong movement. So first one movement pair per account, until every subscriber of every account
// has received both alerts; then the counts start from zero.
async function warmUp() {
  const perAccount = new Map(accounts.map((a) => [a, 0]));
  for (let i = 0; i < Number(subscriberCount); i++) {
    const account = accounts[i % accounts.length];
    perAccount.set(account, perAccount.get(account) + 1);
  }
  for (const [n, account] of accounts.entries()) {
    const reply = await post('/v1/reservations', `{"idempotencyKey":"warm${process.pid}-${n}","account":"${account}",`
      + '"service":"sms","to":"+393471234567","text":"Your code is 1234."}');
    if (reply.status !== 201) throw new Error(`warm-up reservation of ${account}: ${reply.status} ${reply.text}`);
    await post(`/v1/reservations/${JSON.parse(reply.text).reservationId}/release`, '');
  }
  const deadline = now() + 30000;
  while (!accounts.every((a) => alerts.get(a).length >= 2
      && alerts.get(a).every((alert) => alert.receipts.length >= perAccount.get(a)))) {
    if (now() > deadline) throw new Error('warm-up: not every subscriber received its account\'s alerts in 30 s');
    await new Promise((resolve) => { setTimeout(resolve, 100); });
  }
  accounts.forEach((a) => { movements.set(a, []); alerts.set(a, []); });
  entryIndex.clear();
  sinceScript = [];
}

for (let i = 0; i < Number(subscriberCount); i++) {
  subscribe(accounts[i % accounts.length]);
}
const waitForSubscribers = setInterval(() => {
  if (connected === Number(subscriberCount)) {
    clearInterval(waitForSubscribers);
    warmUp().then(generator === 'open-rate' ? loadOpenRate : load, (error) => {
      console.error(error.message);
      process.exit(1);
    });
  }
}, 100);
