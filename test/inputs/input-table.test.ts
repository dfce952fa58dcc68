import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { InputError } from '../../src/inputs/input-error.js'
import { INPUTS, readInputs } from '../../src/inputs/input-table.js'
import { PROJECT_ROOT } from '../../tools/runner.js'

const action = parseYaml(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>
}

describe('the input table', () => {
  it('has exactly the inputs of action.yml, with the same defaults', () => {
    expect(Object.keys(INPUTS).sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, spec] of Object.entries(INPUTS))
      expect(spec.default, name).toBe(String(action.inputs[name]!.default ?? ''))
  })

  it('reads every default without error: a workflow that sets nothing gets what action.yml promises', () => {
    const values = readInputs(() => '')
    expect(values).toMatchObject({
      'api-url': 'https://api.fastly.com',
      timeout: 30_000,
      'max-retries': 3,
      revoke: 'auto',
      audit: 'none',
      username: '',
      'otp-secret': undefined,
      'new-token-name': '',
      'new-token-scope': ['global'],
      'new-token-services': [],
      'new-token-expires-in': 3600,
    })
    expect(values['warn-if-expires-within']).toBe(7 * 86400)
    expect(values['github-token']).toBe('')
  })

  it('stops at a bad input with an error that names it', () => {
    for (const name of [
      'timeout',
      'max-retries',
      'revoke',
      'audit',
      'dry-run',
      'stale-after',
      'api-url',
      'otp-secret',
      'new-token-scope',
      'new-token-expires-in',
    ] as const) {
      const read = () => readInputs((input) => (input === name ? 'bogus value' : ''))
      expect(read, name).toThrow(InputError)
      try {
        read()
      } catch (error) {
        expect((error as InputError).input).toBe(name)
        expect((error as InputError).message).toContain(`'${name}'`)
      }
    }
  })
})
