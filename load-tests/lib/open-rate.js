// A constant-rate, open-model HTTP load generator, free of coordinated omission (docs/benchmarks.md, "Open-model
// latency: open-rate.js").
//
// Request i is scheduled at start + i / rate, whatever happened to the requests before it: a timer loop issues every
// request that is due and never waits for a response to send the next one. A request goes out on the first free
// keep-alive connection (an undici Pool of CONNECTIONS connections, one request in flight on each, no pipelining);
// when all are busy it waits in this client's queue, first come first served, and that wait counts. Its latency is
// the end of its response minus its *scheduled* time, so a server that stalls, a queue of requests waiting for a
// connection, and a generator that falls behind all show in the figures in full.
//
// Self-check: for every request that found a connection free, how late it was sent against its schedule (the timer's
// granularity, about 1 ms, plus this process's event-loop delay). If that lag's p99 is more than a few ms the
// generator could not keep up, and the line says so.
//
// Module:
//   const { run, format } = require('../lib/open-rate');
//   const result = await run({ url, rate, seconds, connections,
//     kinds: [{ name: 'reserve', weight: 1, request: (n) => ({ method, path, headers, body }),
//               onResponse: (status, text, n) => followUp | undefined, readBody: true }] });
//   console.log(format(result));
// `request(n)` builds request number n (from 0, over all kinds) when a connection takes it, so a body can carry a
// new idempotency key each time. Several kinds go in a fixed, interleaved mix by weight (weights 3 and 1: a a b a a
// a b a …, smooth weighted round robin). `onResponse` (optional; the body is read as text only when it is given or
// readBody is set) may return a follow-up request spec { kind, method, path, headers, body } that is sent at once,
// scheduled at the time of that reply, and counted under its own kind name (e.g. the release of a reservation); when
// all connections are busy, follow-ups wait ahead of the scheduled requests.
// Percentiles are exact (every sample kept and sorted), nearest rank.
//
// CLI:
//   node load-tests/lib/open-rate.js URL --rate R --seconds S --connections C [--lead-in S] [--method POST] [--path /p]
//        [--header 'name: value']... [--body '...'] [--json]
// In --body and --path, {{n}} becomes a per-request number unique to this run (pid, start time and n).
'use strict';

const { performance, monitorEventLoopDelay } = require('perf_hooks');
const { Pool } = require('undici');

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// A growable array of doubles.
class Samples {
  constructor(capacity) {
    this.values = new Float64Array(Math.max(16, capacity));
    this.length = 0;
  }

  push(value) {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  summary() {
    const sorted = this.values.slice(0, this.length).sort();
    return {
      count: sorted.length,
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      p999: percentile(sorted, 99.9),
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
    };
  }
}

// Smooth weighted round robin: the kinds' order over one cycle of sum(weights) requests, evenly interleaved.
function mixPattern(kinds) {
  const weights = kinds.map((k) => (k.weight === undefined ? 1 : k.weight));
  if (weights.some((w) => !Number.isInteger(w) || w < 0) || weights.every((w) => w === 0)) {
    throw new Error('kind weights must be non-negative integers, not all 0');
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const current = weights.map(() => 0);
  const pattern = [];
  for (let i = 0; i < total; i++) {
    let best = 0;
    for (let k = 0; k < weights.length; k++) {
      current[k] += weights[k];
      if (current[k] > current[best]) best = k;
    }
    current[best] -= total;
    pattern.push(best);
  }
  return pattern;
}

function kindStats(capacity) {
  return { latency: new Samples(capacity), sent: 0, completed: 0, non2xx: 0, errors: 0, statuses: {} };
}

// Opens the connections and loads undici's HTTP parser (a WebAssembly module compiled on first use, hundreds of ms)
// before the schedule starts: `rounds` rounds of one request on each connection at once, answers ignored. The
// request is warmup ({ method, path, headers, body }; by default GET /q/health/live, which has no side effect on the
// gateway), or nothing when warmup is false.
async function warmUp(pool, connections, warmup) {
  if (warmup === false) return;
  const spec = { method: 'GET', path: '/q/health/live', rounds: 2, ...(warmup || {}) };
  for (let round = 0; round < spec.rounds; round++) {
    await Promise.all(Array.from({ length: connections }, () => pool.request({
      path: spec.path, method: spec.method, headers: spec.headers, body: spec.body,
    }).then((response) => response.body.dump(), () => {})));
  }
}

/**
 * Runs one open-model load and resolves with its figures (see format()).
 * options: url, rate (requests/s), seconds, connections, kinds [{ name, weight, request(n), onResponse, readBody }]
 * (or request/onResponse for one kind), timeoutMs (30,000: headers and body each), drainSeconds (30: how long to
 * wait after the last scheduled request for the ones still queued or in flight), lagThresholdMs (2: the send lag p99
 * above which the generator is said to have fallen behind), warmup (see warmUp), leadInSeconds (0: the schedule
 * starts that long before the measured seconds, at the same rate, and nothing scheduled in it is counted: a cold
 * client or server builds a backlog in its first second that evenly spaced arrivals at a modest rate take seconds to
 * drain, a start-up transient rather than the steady state the figures are for).
 */
function run(options) {
  const rate = Number(options.rate);
  const seconds = Number(options.seconds);
  const connections = Number(options.connections);
  if (!(rate > 0) || !(seconds > 0) || !(connections > 0)) throw new Error('rate, seconds and connections must be > 0');
  const kinds = options.kinds || [{ name: 'request', request: options.request, onResponse: options.onResponse }];
  const byName = new Map(kinds.map((k) => [k.name, k]));
  const pattern = mixPattern(kinds);
  const interval = 1000 / rate;
  const leadIn = Number(options.leadInSeconds || 0) * 1000;
  const total = Math.floor(rate * (seconds + leadIn / 1000));
  const timeout = options.timeoutMs || 30000;
  const lagThreshold = options.lagThresholdMs === undefined ? 2 : options.lagThresholdMs;
  const pool = new Pool(options.url, {
    connections, pipelining: 1, headersTimeout: timeout, bodyTimeout: timeout, keepAliveTimeout: 60000,
  });

  const overall = kindStats(total);
  const service = new Samples(total); // response end − send time: what a generator that omits the queue would report
  const stats = new Map();
  const statsOf = (name) => {
    let s = stats.get(name);
    if (!s) {
      s = kindStats(16);
      stats.set(name, s);
    }
    return s;
  };
  kinds.forEach((k) => statsOf(k.name));
  const sendLag = new Samples(total); // requests that found a connection free: sent − scheduled
  const queueWait = new Samples(1024); // requests that waited for one: sent − scheduled
  const errorCodes = {};
  const loop = monitorEventLoopDelay({ resolution: 1 });

  // This client's queue of requests waiting for a connection: { kind, scheduled, n }; follow-ups ({ spec, handler })
  // wait in a queue of their own that goes first (they finish a unit of work already started, as a client would).
  const followUps = [];
  let queue = [];
  let head = 0;
  let inflight = 0;
  let next = 0;
  let counter = 0;
  let start = 0;
  let lastEnd = 0;
  let scheduling = true;
  let finish = null;

  function waiting() {
    return followUps.length + (queue.length - head);
  }

  function done() {
    return !scheduling && inflight === 0 && waiting() === 0;
  }

  function send(item, waited) {
    const kind = byName.get(item.kind);
    const spec = item.spec || kind.request(item.n);
    const name = spec.kind || item.kind;
    const s = statsOf(name);
    const sent = performance.now();
    const counted = item.scheduled >= start + leadIn;
    if (!counted) {
      // scheduled in the lead-in: sent and answered like any other, counted nowhere
    } else if (waited) queueWait.push(sent - item.scheduled);
    else if (!item.spec) sendLag.push(sent - item.scheduled); // follow-ups go at once: they would flatter the lag
    inflight++;
    if (counted) {
      s.sent++;
      overall.sent++;
    }
    const handler = item.spec ? item.handler : kind;
    const wantBody = Boolean(handler && (handler.onResponse || handler.readBody));
    pool.request({
      origin: options.url, path: spec.path, method: spec.method || 'GET', headers: spec.headers, body: spec.body,
    }).then(async (response) => {
      const text = wantBody ? await response.body.text() : await response.body.dump();
      const end = performance.now();
      lastEnd = end;
      if (!counted) {
        const followUp = handler && handler.onResponse
          ? handler.onResponse(response.statusCode, text, item.n, spec) : null;
        if (followUp) enqueue({ kind: item.kind, spec: followUp, handler: followUp, scheduled: end, n: item.n });
        return;
      }
      service.push(end - sent);
      const latency = end - item.scheduled;
      s.latency.push(latency);
      overall.latency.push(latency);
      s.completed++;
      overall.completed++;
      const status = response.statusCode;
      s.statuses[status] = (s.statuses[status] || 0) + 1;
      if (status < 200 || status > 299) {
        s.non2xx++;
        overall.non2xx++;
      }
      if (handler && handler.onResponse) {
        const followUp = handler.onResponse(status, text, item.n, spec);
        if (followUp) enqueue({ kind: item.kind, spec: followUp, handler: followUp, scheduled: end, n: item.n });
      }
    }).catch((error) => {
      lastEnd = performance.now();
      if (!counted) return;
      s.errors++;
      overall.errors++;
      const code = error.code || error.name || 'error';
      errorCodes[code] = (errorCodes[code] || 0) + 1;
    }).finally(() => {
      inflight--;
      if (finish === null) {
        // Reported already (the drain time ran out): send nothing more.
      } else if (followUps.length) {
        send(followUps.shift(), true);
      } else if (head < queue.length) {
        const first = queue[head];
        queue[head++] = undefined;
        if (head > 4096 && head * 2 > queue.length) {
          queue = queue.slice(head);
          head = 0;
        }
        send(first, true);
      } else if (done()) {
        finish();
      }
    });
  }

  function enqueue(item) {
    if (inflight < connections && waiting() === 0) {
      send(item, false);
    } else if (item.spec) {
      followUps.push(item);
    } else {
      queue.push(item);
    }
  }

  // Issues every request whose time has come, then sleeps until the next one is due (a timer of at least ~1 ms:
  // at rates above 1,000/s a tick issues the few requests that fell due since the last; each is timed from its own
  // scheduled instant, so that granularity counts in the latencies and in the send lag).
  function tick() {
    const now = performance.now();
    const due = Math.min(total, Math.floor((now - start) / interval) + 1);
    while (next < due) {
      const n = counter++;
      enqueue({ kind: kinds[pattern[n % pattern.length]].name, scheduled: start + next * interval, n });
      next++;
    }
    if (next < total) {
      setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    } else {
      scheduling = false;
      if (done()) finish();
    }
  }

  return new Promise((resolve) => {
    let drainTimer = null;
    finish = () => {
      if (finish === null) return;
      finish = null;
      clearTimeout(drainTimer);
      loop.disable();
      const unfinished = inflight + waiting();
      const ended = lastEnd || performance.now();
      const elapsed = (ended - start - leadIn) / 1000;
      pool.destroy().catch(() => {});
      const shares = new Map();
      pattern.forEach((k) => shares.set(kinds[k].name, (shares.get(kinds[k].name) || 0) + 1));
      const summarize = (s, name) => ({
        asked: name === undefined ? rate
          : (shares.has(name) ? (rate * shares.get(name)) / pattern.length : null), // null: follow-ups
        sent: s.sent,
        completed: s.completed,
        reached: s.completed / Math.max(elapsed, seconds),
        latency: s.latency.summary(),
        non2xx: s.non2xx,
        errors: s.errors,
        statuses: s.statuses,
      });
      const lag = sendLag.summary();
      resolve({
        asked: rate,
        seconds,
        connections,
        elapsed,
        scheduled: total - Math.floor(rate * (leadIn / 1000)),
        leadInSeconds: leadIn / 1000,
        unfinished,
        ...summarize(overall),
        errorCodes,
        service: service.summary(),
        kinds: Object.fromEntries([...stats].map(([name, s]) => [name, summarize(s, name)])),
        generator: {
          sendLag: lag,
          queued: queueWait.length,
          queueWait: queueWait.summary(),
          eventLoopP99: loop.percentile(99) / 1e6,
          eventLoopMax: loop.max / 1e6,
          behind: lag.p99 > lagThreshold,
          lagThresholdMs: lagThreshold,
        },
      });
    };
    const drain = () => {
      drainTimer = setTimeout(() => { if (finish) finish(); }, (options.drainSeconds || 30) * 1000);
      drainTimer.unref();
    };
    const begin = () => {
      loop.enable();
      start = performance.now();
      setTimeout(drain, seconds * 1000 + leadIn).unref();
      tick();
    };
    warmUp(pool, connections, options.warmup).then(begin, begin);
  });
}

function ms(value) {
  if (Number.isNaN(value)) return '-';
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function latencyText(l) {
  return `p50 ${ms(l.p50)} ms, p90 ${ms(l.p90)} ms, p99 ${ms(l.p99)} ms, p99.9 ${ms(l.p999)} ms, max ${ms(l.max)} ms`;
}

// One line for a run (or for one kind of it, with kind): rate reached, latency from the scheduled times, answers.
function format(result, kind) {
  const r = kind ? result.kinds[kind] : result;
  const errors = kind || Object.keys(result.errorCodes).length === 0 ? ''
    : ` (${Object.entries(result.errorCodes).map(([c, n]) => `${c} ${n}`).join(', ')})`;
  const unfinished = !kind && result.unfinished ? `, ${result.unfinished} unanswered at the end` : '';
  const followUps = !kind && Object.values(result.kinds).some((k) => k.asked === null) ? ', follow-ups included' : '';
  const asked = r.asked === null ? 'follow-ups, each sent at a reply' : `asked ${+r.asked.toFixed(1)}/s`;
  return `${r.reached.toFixed(0)}/s (${asked}${followUps}) over ${result.connections}`
    + ` connections, constant rate: ${latencyText(r.latency)}; ${r.non2xx} non-2xx, ${r.errors} errors${errors}`
    + unfinished;
}

// The generator's self-check: how late it sent the requests that found a connection free.
function formatGenerator(result) {
  const g = result.generator;
  return `generator: send lag p99 ${ms(g.sendLag.p99)} ms, max ${ms(g.sendLag.max)} ms`
    + ` (${g.behind ? `FELL BEHIND: over ${g.lagThresholdMs} ms` : 'kept up'}); event loop delay p99`
    + ` ${ms(g.eventLoopP99)} ms; ${g.queued} requests waited for a connection`
    + (g.queued ? ` (wait p99 ${ms(g.queueWait.p99)} ms)` : '')
    + `; service time (send to end, the queue left out) p50 ${ms(result.service.p50)} ms,`
    + ` p99 ${ms(result.service.p99)} ms`;
}

module.exports = { run, format, formatGenerator, percentile, mixPattern };

if (require.main === module) {
  const args = process.argv.slice(2);
  const option = { headers: {}, method: 'GET', path: '/' };
  let url = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => args[++i];
    if (a === '--rate') option.rate = Number(value());
    else if (a === '--seconds') option.seconds = Number(value());
    else if (a === '--connections') option.connections = Number(value());
    else if (a === '--lead-in') option.leadIn = Number(value());
    else if (a === '--method') option.method = value();
    else if (a === '--path') option.path = value();
    else if (a === '--body') option.body = value();
    else if (a === '--json') option.json = true;
    else if (a === '--header') {
      const h = value();
      const colon = h.indexOf(':');
      option.headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
    } else if (!url) url = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!url || !option.rate || !option.seconds || !option.connections) {
    console.error('usage: node open-rate.js URL --rate R --seconds S --connections C [--lead-in S] [--method M]'
      + ' [--path P]'
      + " [--header 'name: value']... [--body B] [--json]   ({{n}} in the path or body: a unique request number)");
    process.exit(2);
  }
  const parsed = new URL(url);
  const origin = parsed.origin;
  const path = option.path !== '/' ? option.path : (parsed.pathname + parsed.search);
  const unique = `${process.pid}-${Date.now()}-`;
  const fill = (text, n) => (text === undefined ? undefined : text.replace(/\{\{n\}\}/g, `${unique}${n}`));
  run({
    url: origin,
    rate: option.rate,
    seconds: option.seconds,
    connections: option.connections,
    leadInSeconds: option.leadIn,
    request: (n) => ({
      method: option.method, path: fill(path, n), headers: option.headers, body: fill(option.body, n),
    }),
  }).then((result) => {
    if (option.json) {
      console.log(JSON.stringify(result));
    } else {
      console.log(format(result));
      console.log(formatGenerator(result));
    }
    process.exit(0);
  }, (error) => {
    console.error(error);
    process.exit(1);
  });
}
