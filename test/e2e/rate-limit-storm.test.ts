/**
 * A rate-limit storm: 50 jobs start at once against a Fastly that admits 10
 * requests a second and answers 429 with Retry-After: 1 beyond that. Every
 * job must get through, within a bounded number of requests, and the jitter
 * on top of the server's wait must spread the retries instead of sending
 * them back in lockstep. Bounded, on loopback, and it stops by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAction } from '../../tools/runner.js'
import { FastlySimulator } from '../../tools/simulator.js'

const RUNS = 50
const MAX_RETRIES = 6
const PER_SECOND = 10

let simulator: FastlySimulator
beforeAll(async () => {
  simulator = await FastlySimulator.start({ requestsPerSecond: PER_SECOND })
})
afterAll(async () => simulator.close())

describe('a rate-limit storm', () => {
  it(
    `lets ${RUNS} concurrent runs through ${PER_SECOND} requests a second, with spread-out retries`,
    { timeout: 120_000 },
    async () => {
      const tokens = Array.from({ length: RUNS }, (_, i) => simulator.addToken({ name: `storm-${i}` }))
      const results = await Promise.all(
        tokens.map((token) =>
          runAction({
            inputs: {
              'api-token': token.secret,
              'api-url': simulator.url,
              'max-retries': String(MAX_RETRIES),
              'job-summary': 'false',
            },
            killAfterMs: 110_000,
          }),
        ),
      )
      expect(results.map((result) => result.exitCode)).toEqual(Array(RUNS).fill(0))

      const requests = simulator.apiRequests()
      const limited = requests.filter((request) => request.status === 429)
      // Bound: each run sends at most 1 + max-retries requests; exactly one of them succeeds.
      expect(requests.length).toBeLessThanOrEqual(RUNS * (1 + MAX_RETRIES))
      expect(requests.filter((request) => request.status === 200)).toHaveLength(RUNS)
      expect(limited.length).toBeGreaterThan(0)

      // Spread: the retries that followed a 429 do not arrive together. In any 100 ms the runs
      // would all hit at once if they slept exactly Retry-After; jitter keeps each slice small.
      const retried = requests.filter(
        (request) =>
          request.tokenId !== undefined &&
          requests.some((earlier) => earlier.tokenId === request.tokenId && earlier.at < request.at),
      )
      const slices = new Map<number, number>()
      for (const request of retried)
        slices.set(Math.floor(request.at / 100), (slices.get(Math.floor(request.at / 100)) ?? 0) + 1)
      expect(retried.length).toBeGreaterThan(0)
      expect(Math.max(...slices.values())).toBeLessThan(Math.max(10, retried.length / 3))
    },
  )
})
