import * as core from '@actions/core'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { inputsFromEnvironment } from '../../src/inputs/environment.js'
import { INPUTS } from '../../src/inputs/input-table.js'

const saved = { ...process.env }
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
})

describe('inputsFromEnvironment', () => {
  it('reads INPUT_<NAME> with spaces as underscores, upper-cased and trimmed; an unset input is empty', () => {
    const read = inputsFromEnvironment({ 'INPUT_API-TOKEN': '  t0ken \n', INPUT_MY_INPUT: 'x' })
    expect(read('api-token')).toBe('t0ken')
    expect(read('my input')).toBe('x')
    expect(read('timeout')).toBe('')
  })

  it("reads what @actions/core's getInput reads, for every input of the action and any value", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(INPUTS), 'with space', 'MiXeD Case'),
        fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
        (name, value) => {
          const variable = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
          if (value === undefined) delete process.env[variable]
          else process.env[variable] = value.replace(/\0/g, '')
          expect(inputsFromEnvironment(process.env)(name)).toBe(core.getInput(name))
        },
      ),
    )
  })
})
