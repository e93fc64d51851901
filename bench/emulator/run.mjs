// 5. Emulator throughput: @authspec/sandbox (in a child process) under autocannon at 1 and 50
// connections, for one-time-token verify (every request spends a fresh, pre-created token) and
// SFTPGo getToken (an admin without TOTP), against a plain node:http server (another child
// process) as the baseline: it receives the same verify POST (same path, headers and body
// shape), reads the body and answers a fixed JSON. Contenders are interleaved round by round;
// each ratio is taken within a round against that round's baseline at the same connection count.
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { startChild } from '../lib/child.mjs';
import { quantile, shuffled, summarize } from '../lib/stats.mjs';
import { num, spread } from '../lib/table.mjs';

const SANDBOX = new URL('./sandbox-child.mjs', import.meta.url);
const PLAIN = new URL('./plain-server.mjs', import.meta.url);
export const CONNECTIONS = [1, 50];

/**
 * One autocannon run. Latencies come from its `response` events at full precision, and the
 * elapsed time runs from its `start` event to the last response: autocannon's own `duration`
 * is rounded up to its one-second sampling tick when a run is a fixed number of requests.
 */
function cannon(options) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    let started = 0;
    let last = 0;
    const instance = autocannon({ timeout: 60, ...options }, (error, result) =>
      error ? reject(error) : resolve({ ...result, latencies, seconds: (last - started) / 1000 }),
    );
    instance.on('start', () => {
      started = performance.now();
    });
    instance.on('response', (_client, status, _bytes, ms) => {
      last = performance.now();
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

function summary(result, what) {
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0) {
    throw new Error(
      `${what}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts (${JSON.stringify(result.statusCodeStats)})`,
    );
  }
  const total = result.latencies.length;
  return {
    requests: total,
    seconds: result.seconds,
    rps: total / result.seconds,
    p50Ms: quantile(result.latencies, 0.5),
    p99Ms: quantile(result.latencies, 0.99),
  };
}

export async function run({ quick = false, log = console.log } = {}) {
  const rounds = quick ? 1 : 3;
  // Enough requests per run that connecting the clients and the first, slower requests weigh
  // little: with 500, the time of a run at 50 connections was mostly autocannon starting up.
  const verifyAmount = quick ? 4000 : 10_000;
  // getToken runs scrypt (N=2^14) per request, tens per second: a fixed number of requests, all
  // answered before the next run starts (a timed run would leave hashes running in the sandbox).
  const getTokenAmount = { 1: quick ? 20 : 40, 50: quick ? 100 : 150 };
  const [sandbox, plain] = await Promise.all([startChild(SANDBOX), startChild(PLAIN)]);
  try {
    const { url, accessToken, admin } = sandbox.info;
    const basic = `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString('base64')}`;
    // Every token the run will spend is created up front, so the store holds the same number of
    // tokens in every run (verify's cost depends on it; see BENCHMARKS.md).
    const warmupVerify = 1000;
    const needed = CONNECTIONS.length * (rounds * verifyAmount + warmupVerify);
    const pool = await sandbox.request({ type: 'mint', count: needed });
    let nextToken = 0;
    let nextFake = 0;
    const verifyRequest = (target, amount, next) => ({
      url: target,
      amount,
      requests: [
        {
          method: 'POST',
          path: '/api/one-time-tokens/verify',
          headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
          setupRequest(request) {
            request.body = JSON.stringify(next());
            return request;
          },
        },
      ],
    });
    const realToken = () => {
      const token = pool[nextToken++];
      if (!token) throw new Error('the token pool ran out');
      return token;
    };
    // The baseline's bodies have the shape and size of the real ones.
    const fakeToken = () => ({ token: 'x'.repeat(32), email: `bench-${++nextFake}@example.com` });
    const contenders = {
      'plain node:http (same POST, fixed JSON)': () => verifyRequest(plain.info.url, verifyAmount, fakeToken),
      'sandbox verify one-time token': () => verifyRequest(url, verifyAmount, realToken),
      'sandbox SFTPGo getToken': (connections) => ({
        url: `${url}/api/v2/token`,
        amount: getTokenAmount[connections],
        headers: { authorization: basic },
      }),
    };
    const names = Object.keys(contenders);
    const out = [];
    for (const connections of CONNECTIONS) {
      // Warm-up (JIT, connections), not recorded.
      await cannon({ ...verifyRequest(plain.info.url, warmupVerify, fakeToken), connections });
      await cannon({ ...verifyRequest(url, warmupVerify, realToken), connections });
      await cannon({ ...contenders[names[2]](connections), amount: connections * 2, connections });
      const samples = Object.fromEntries(names.map((n) => [n, []]));
      for (let round = 0; round < rounds; round++) {
        for (const name of shuffled(names, round + connections)) {
          samples[name].push(summary(await cannon({ ...contenders[name](connections), connections }), name));
        }
      }
      const baseline = samples[names[0]];
      const results = names.map((name) => ({
        name,
        rps: summarize(samples[name].map((s) => s.rps)),
        p50Ms: summarize(samples[name].map((s) => s.p50Ms)),
        requestsPerRun: summarize(samples[name].map((s) => s.requests)),
        p99Ms: summarize(samples[name].map((s) => s.p99Ms)),
        rpsRatioToBaseline: summarize(samples[name].map((s, i) => s.rps / baseline[i].rps)),
        p99RatioToBaseline: summarize(
          samples[name].map((s, i) => s.p99Ms / Math.max(baseline[i].p99Ms, 0.001)),
        ),
        runs: samples[name],
      }));
      log(
        `  ${connections} connection(s): ${results.map((r) => `${r.name} ${Math.round(r.rps.median)} req/s (${r.rpsRatioToBaseline.median.toFixed(3)}×), p99 ${r.p99Ms.median.toFixed(2)} ms`).join('; ')}`,
      );
      out.push({ connections, results });
    }
    return {
      tool: 'autocannon 8.0.0 (in the measuring process), servers in child processes on 127.0.0.1',
      verifyRequestsPerRun: verifyAmount,
      getTokenRequestsPerRun: getTokenAmount,
      tokenStoreSize: needed,
      rounds,
      byConnections: out,
    };
  } finally {
    await Promise.all([sandbox.stop(), plain.stop()]);
  }
}

export function report(result) {
  return [
    {
      title: `Emulator under autocannon (median of ${result.rounds}; token store: ${result.tokenStoreSize} tokens)`,
      headers: [
        'connections',
        'server and route',
        'req/s',
        '× baseline req/s [IQR]',
        'p50 ms',
        'p99 ms',
        '× baseline p99',
      ],
      rows: result.byConnections.flatMap((c) =>
        c.results.map((r) => [
          c.connections,
          r.name,
          num(r.rps.median),
          spread(r.rpsRatioToBaseline, 4),
          num(r.p50Ms.median, 2),
          num(r.p99Ms.median, 2),
          num(r.p99RatioToBaseline.median, 1),
        ]),
      ),
    },
  ];
}
