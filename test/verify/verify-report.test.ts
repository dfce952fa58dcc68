import { describe, expect, it } from 'vitest'
import type { Notice } from '../../src/report/catalogue.js'
import { combineFailures } from '../../src/verify/verify-report.js'

const scope: Notice = { key: 'token-lacks-scope', message: 'The token T1 lacks the scope purge_all.' }
const audit: Notice = { key: 'audit-fail-on', message: 'The token audit found 2 tokens flagged in audit-fail-on.' }

describe('combineFailures', () => {
  it('passes with nothing, and keeps one failure as it is, key and all', () => {
    expect(combineFailures([])).toBeUndefined()
    expect(combineFailures([audit])).toEqual(audit)
  })

  it('numbers several in one message under the entry for several, not under any one of them', () => {
    expect(combineFailures([scope, audit])).toEqual({
      key: 'several-problems',
      message:
        '2 problems: (1) The token T1 lacks the scope purge_all. (2) The token audit found 2 tokens flagged in audit-fail-on.',
    })
  })
})
