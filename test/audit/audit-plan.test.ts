import { describe, expect, it } from 'vitest'
import { planAudit } from '../../src/audit/audit-plan.js'
import { normalizeToken } from '../../src/fastly/token.js'

const person = normalizeToken({ id: 'T1', user_id: 'U1', customer_id: 'C1' })
const robot = normalizeToken({ id: 'R1', creator_id: 'U1', customer_id: 'C1', role: 'superuser' })
const orphan = normalizeToken({ id: 'T2', user_id: 'U1' })

describe('planAudit', () => {
  it("audits the user's tokens, the customer's automation tokens, or both kinds of the customer", () => {
    expect(planAudit('user', person, '')).toEqual({
      scope: { mode: 'user', subjectId: 'U1' },
      withAutomation: false,
      warnings: [],
    })
    expect(planAudit('automation', robot, '')).toEqual({
      scope: { mode: 'automation', subjectId: 'C1' },
      withAutomation: true,
      warnings: [],
    })
    expect(planAudit('automation', robot, 'C1')).toMatchObject({ scope: { subjectId: 'C1' } })
    expect(planAudit('customer', person, '')).toMatchObject({ scope: { subjectId: 'C1' }, withAutomation: true })
  })

  it("lists another customer's user tokens only, saying so, and takes customer-id when the token names no customer", () => {
    const other = planAudit('customer', person, 'C2')
    expect(other).toMatchObject({ scope: { subjectId: 'C2' }, withAutomation: false })
    expect('warnings' in other && other.warnings).toEqual([
      {
        key: 'audit-automation-not-audited',
        message: expect.stringMatching(/^The automation tokens of customer C2 were not audited/),
      },
    ])
    expect(planAudit('customer', orphan, 'C2')).toMatchObject({ withAutomation: true, warnings: [] })
    expect(planAudit('automation', orphan, 'C2')).toMatchObject({ scope: { mode: 'automation', subjectId: 'C2' } })
  })

  it('says in one sentence why it cannot run', () => {
    const problem = (plan: ReturnType<typeof planAudit>) => ('problem' in plan ? plan.problem : undefined)
    expect(problem(planAudit('user', robot, ''))).toEqual({
      key: 'audit-failed',
      message: expect.stringMatching(/this is an automation token, which belongs to the account/),
    })
    expect(problem(planAudit('user', normalizeToken({ id: 'X' }), ''))).toEqual({
      key: 'audit-failed',
      message: "The token audit cannot run: Fastly's answer for the token has no user_id.",
    })
    // An input the audit cannot use: titled as the input it names.
    expect(problem(planAudit('automation', robot, 'C2'))).toEqual({
      key: 'input-not-valid',
      message: expect.stringMatching(/^Input 'customer-id' names C2, but/),
    })
    for (const mode of ['automation', 'customer'] as const)
      expect(problem(planAudit(mode, orphan, ''))).toEqual({
        key: 'audit-failed',
        message: expect.stringMatching(/has no customer_id; set the input 'customer-id'\.$/),
      })
  })
})
