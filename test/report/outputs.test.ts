import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { normalizeToken } from '../../src/fastly/token.js'
import {
  cappedJsonArray,
  initialOutputs,
  OUTPUT_NAMES,
  revocationOutputs,
  verifyOutputs,
} from '../../src/report/outputs.js'
import { evaluateToken } from '../../src/verify/verdict.js'
import { PROJECT_ROOT } from '../../tools/runner.js'

const now = new Date('2026-01-01T00:00:00Z')

describe('the outputs', () => {
  it('are exactly the outputs action.yml declares', () => {
    const action = parseYaml(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as {
      outputs: Record<string, unknown>
    }
    expect([...OUTPUT_NAMES].sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it('all have a value before the step knows anything, and say it did not pass', () => {
    const outputs = initialOutputs()
    expect(Object.keys(outputs).sort()).toEqual([...OUTPUT_NAMES].sort())
    expect(outputs).toMatchObject({
      status: 'error',
      passed: 'false',
      revoked: 'false',
      'revoked-token-ids': '[]',
      tokens: '[]',
    })
  })

  it("give a readable token's facts, but not `passed`, which is the whole step's", () => {
    const token = normalizeToken({
      id: 'Tok1',
      name: 'deploy-ci',
      scope: 'global',
      services: ['S1'],
      user_id: 'U1',
      customer_id: 'C1',
      created_at: '2025-12-01T00:00:00Z',
      expires_at: '2026-01-07T00:00:00Z',
    })
    const policy = {
      failWithin: undefined,
      warnWithin: 86400,
      requireExpiry: false,
      requiredScopes: [],
      requiredServices: [],
    }
    const verdict = evaluateToken(token, policy, now)
    expect(verifyOutputs({ status: verdict.status, token, verdict })).toEqual({
      status: 'valid',
      'token-id': 'Tok1',
      'token-name': 'deploy-ci',
      'user-id': 'U1',
      'customer-id': 'C1',
      scope: 'global',
      services: '["S1"]',
      'created-at': '2025-12-01T00:00:00Z',
      'last-used-at': '',
      'expires-at': '2026-01-07T00:00:00Z',
      'expires-in-seconds': String(6 * 86400),
    })
  })

  it('give only the status when Fastly gave no verdict', () => {
    expect(
      verifyOutputs({ status: 'invalid', httpStatus: 401, failure: { key: 'token-rejected-401', message: 'x' } }),
    ).toEqual({ status: 'invalid' })
  })

  it('list only what was revoked', () => {
    const outputs = revocationOutputs([
      { id: 'A', name: null, current: false, outcome: 'revoked', detail: '' },
      { id: 'B', name: null, current: false, outcome: 'failed', detail: 'x' },
      { id: 'C', name: null, current: true, outcome: 'already-gone', detail: '' },
    ])
    expect(outputs).toEqual({ revoked: 'false', 'revoked-token-ids': '["A"]' })
  })
})

describe('cappedJsonArray', () => {
  it('keeps whole items in order under the cap and counts the rest', () => {
    const { json, cut } = cappedJsonArray(['aaaa', 'bbbb', 'cccc'], 16)
    expect(json).toBe('["aaaa","bbbb"]')
    expect(cut).toBe(1)
    expect(cappedJsonArray([], 2)).toEqual({ json: '[]', cut: 0 })
  })
})
