import { describe, expect, it } from 'vitest'
import { readInputs } from '../../src/inputs/input-table.js'
import { unusedInputWarnings } from '../../src/inputs/unused-inputs.js'

const noticesFor = (inputs: Record<string, string>) => {
  const getInput = (name: string) => inputs[name] ?? ''
  return unusedInputWarnings(getInput, readInputs(getInput))
}
const warningsFor = (inputs: Record<string, string>) => noticesFor(inputs).map((notice) => notice.message)

describe('inputs for a mode that is off', () => {
  it('get a warning that names the input and what would make it count', () => {
    expect(noticesFor({ 'audit-fail-on': 'expired', 'dry-run': 'true' })).toEqual([
      {
        key: 'input-has-no-effect',
        message:
          "Input 'audit-fail-on' has no effect here: set 'audit' to user, automation or customer for it to count, or remove it.",
      },
      { key: 'input-has-no-effect', message: expect.stringMatching(/^Input 'dry-run' has no effect here/) },
    ])
    expect(warningsFor({ 'github-issue': 'true' })).toEqual([
      expect.stringMatching(/^Input 'github-issue' has no effect/),
    ])
    expect(warningsFor({ audit: 'user', 'customer-id': 'C1' })).toEqual([
      "Input 'customer-id' has no effect here: set 'audit' to customer, or give token IDs to revoke for it to count, or remove it.",
    ])
    expect(warningsFor({ 'stale-after': '30d' })).toEqual([expect.stringMatching(/^Input 'stale-after'/)])
    expect(warningsFor({ 'dry-run': 'true' })).toEqual([expect.stringMatching(/^Input 'dry-run'/)])
  })

  it('stay quiet for defaults and for inputs that count', () => {
    expect(warningsFor({})).toEqual([])
    expect(warningsFor({ 'stale-after': '90d', 'dry-run': 'false' })).toEqual([])
    expect(
      warningsFor({ audit: 'customer', 'customer-id': 'C1', 'audit-fail-on': 'expired', 'github-issue': 'true' }),
    ).toEqual([])
    expect(warningsFor({ revoke: 'post', 'dry-run': 'true', 'allow-revoke-non-expiring': 'true' })).toEqual([])
    expect(warningsFor({ 'revoke-token-ids': 'A1', 'fail-on-revoke-error': 'true' })).toEqual([])
    // A cleanup judges each token it revokes by ID, stale-after included.
    expect(warningsFor({ 'revoke-token-ids': 'A1', 'stale-after': '30d' })).toEqual([])
  })
})
