import { describe, expect, it } from 'vitest'
import { flattenLineBreaks, neutraliseLogLine } from '../../src/shared/log-line.js'
import { parseWorkflowCommandLines } from '../../tools/runner.js'

const ATTACKS = [
  'x\n::error file=deploy.yml,line=1::forged',
  'x\r::add-mask::Token',
  'x\r\n::stop-commands::abc',
  'x\u2028::warning::forged',
  'x\u2029::notice::forged',
  'x\u0085::debug::forged',
  'x\v::group::forged',
  'x\f::endgroup::',
  '::error::at the start',
  '   ::error::after spaces',
  '\t::add-mask::after a tab',
  'anywhere ##[error]the older form',
  'anywhere ##[add-mask]Token',
  'nested ###[stop-commands]x',
  '\u001b[8mhidden by a terminal escape\u001b[0m',
]

describe('neutraliseLogLine', () => {
  it.each(ATTACKS)('leaves the runner nothing to obey in %j', (attack) => {
    const line = neutraliseLogLine(`Token: ${attack}`)
    // eslint-disable-next-line no-control-regex
    expect(line).not.toMatch(/[\r\n\v\f\u0085\u2028\u2029\u001b]/)
    expect(parseWorkflowCommandLines(line)).toEqual([])
    expect(parseWorkflowCommandLines(neutraliseLogLine(attack))).toEqual([])
  })

  it('changes ordinary text not at all', () => {
    const text = "✔ Expiry: expires 2026-01-02 00:00 UTC, in 1 day (token 'deploy-ci' (T1), scope global:read)"
    expect(neutraliseLogLine(text)).toBe(text)
  })

  it('shows where a line break was', () => {
    expect(flattenLineBreaks('a\r\nb\nc\u2028d')).toBe('a b c d')
    expect(neutraliseLogLine('::x')).toBe(': :x')
  })
})
