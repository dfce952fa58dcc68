import { describe, expect, it } from 'vitest'
import { DEFAULT_RETRY_POLICY } from '../../src/fastly/retry-policy.js'
import { fetchWithPolicy, NoAnswerError } from '../../src/github/request-policy.js'

const API = 'https://api.github.test'

function policy(maxRetries: number, sleeps: number[] = [], log: string[] = []) {
  return {
    timeoutMs: 50,
    retry: { ...DEFAULT_RETRY_POLICY, maxRetries },
    log: (line: string) => void log.push(line),
    sleep: async (ms: number) => void sleeps.push(ms),
    random: () => 0.5,
  }
}

/** A fetch that never answers until its signal aborts, as a hung GitHub. */
function hangs(calls: string[]): typeof fetch {
  return (input, init) => {
    calls.push(`${init?.method ?? 'GET'} ${String(input)}`)
    return new Promise<never>((_, reject) =>
      init?.signal?.addEventListener('abort', () =>
        reject(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })),
      ),
    )
  }
}

/** A fetch whose answers come from a list, one per call. */
function answers(
  list: Array<{ status: number; headers?: Record<string, string>; body?: string }>,
  calls: string[] = [],
) {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push(`${init?.method ?? 'GET'} ${String(input)}`)
    const next = list.shift()!
    return new Response(next.status === 204 ? null : (next.body ?? '{}'), {
      status: next.status,
      headers: next.headers,
    })
  }) as typeof fetch
}

describe('fetchWithPolicy', () => {
  it('gives every attempt the timeout as a deadline, and repeats what may be repeated', async () => {
    const calls: string[] = []
    const started = Date.now()
    const request = fetchWithPolicy(hangs(calls), policy(2))(`${API}/repos/o/r/issues`, { method: 'GET' })
    await expect(request).rejects.toThrow(NoAnswerError)
    await expect(request).rejects.toThrow(
      /^no complete answer from api\.github\.test within 0\.05 s \(the timeout input\) \(gave up after 3 attempts\)$/,
    )
    expect(calls).toHaveLength(3)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('holds the deadline over the body too: a GitHub that drips is no answer', async () => {
    const drips: typeof fetch = async (_, init) =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('['))
            init?.signal?.addEventListener('abort', () => controller.error(new Error('aborted')))
          },
        }),
        { status: 200 },
      )
    await expect(fetchWithPolicy(drips, policy(0))(`${API}/repos/o/r/issues`)).rejects.toThrow(
      /^no complete answer from api\.github\.test within 0\.05 s/,
    )
  })

  it('never repeats a create or a comment that may have reached GitHub', async () => {
    const calls: string[] = []
    await expect(
      fetchWithPolicy(hangs(calls), policy(3))(`${API}/repos/o/r/issues`, { method: 'POST' }),
    ).rejects.toThrow(/no complete answer/)
    expect(calls).toHaveLength(1)
    const failing = answers([{ status: 502 }, { status: 201 }], calls)
    expect((await fetchWithPolicy(failing, policy(3))(`${API}/repos/o/r/issues`, { method: 'POST' })).status).toBe(502)
  })

  it('repeats a rate-limited request, a POST too, after the wait GitHub asks for, and a 5xx GET with backoff', async () => {
    const sleeps: number[] = []
    const log: string[] = []
    const limited = answers([
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 201, body: '{"number":1}' },
    ])
    const created = await fetchWithPolicy(limited, policy(3, sleeps, log))(`${API}/repos/o/r/issues`, {
      method: 'POST',
    })
    expect(created.status).toBe(201)
    expect(await created.json()).toEqual({ number: 1 })
    expect(sleeps).toEqual([2500])
    expect(log).toEqual(['GitHub POST /repos/o/r/issues: HTTP 429; retry 1 of 3 in 2.5 s'])

    const flaky = answers([{ status: 503 }, { status: 204 }])
    expect((await fetchWithPolicy(flaky, policy(1))(`${API}/repos/o/r/issues/1`, { method: 'PATCH' })).status).toBe(204)
  })

  it('reads the viewer query as a read, and hands back at once what another try cannot fix', async () => {
    const calls: string[] = []
    await expect(fetchWithPolicy(hangs(calls), policy(1))(`${API}/graphql`, { method: 'POST' })).rejects.toThrow(
      /gave up after 2 attempts/,
    )
    expect(calls).toHaveLength(2)
    const forbidden = answers([{ status: 403, body: '{"message":"Resource not accessible by integration"}' }], calls)
    const answer = await fetchWithPolicy(forbidden, policy(3))(`${API}/repos/o/r/issues`)
    expect(answer.status).toBe(403)
    expect(await answer.json()).toEqual({ message: 'Resource not accessible by integration' })
  })

  it('hands back at once, and says so, when GitHub asks for a wait longer than the policy allows', async () => {
    const log: string[] = []
    const limited = answers([{ status: 429, headers: { 'retry-after': '99999999999999999999' } }])
    expect((await fetchWithPolicy(limited, policy(3, [], log))(`${API}/repos/o/r/issues`)).status).toBe(429)
    expect(log).toEqual([
      'GitHub GET /repos/o/r/issues: HTTP 429; GitHub asks to wait more than a day, longer than this action waits (60 s)',
    ])
  })
})
