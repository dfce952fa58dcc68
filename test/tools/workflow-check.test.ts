/**
 * tools/workflow-check.ts catches what it is for: each check is shown a copy of
 * a real file (action.yml, an example, a README snippet) with one mistake put
 * in, in memory, and must name it; the unchanged file passes.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../../tools/runner.js'
import {
  checkAction,
  checkWorkflow,
  formatProblem,
  isThisAction,
  type Problem,
  yamlSnippets,
} from '../../tools/workflow-check.js'

const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), 'utf8')
const actionYml = read('action.yml')
const { action } = checkAction(actionYml)
const messages = (problems: Problem[]) => problems.map(formatProblem)

/** `text` with `from` replaced by `to`, failing when `from` is not there (the fixture moved on). */
function edit(text: string, from: string | RegExp, to: string): string {
  const changed = text.replace(from, to)
  expect(changed, `the text to change (${String(from)}) is gone`).not.toBe(text)
  return changed
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length

describe('action.yml against the schema', () => {
  const problems = (text: string) => messages(checkAction(text).problems)

  it('accepts node20 and node24, and no other runtime', () => {
    expect(problems(edit(actionYml, 'using: node24', 'using: node20'))).toEqual([])
    expect(problems(edit(actionYml, 'using: node24', 'using: node16'))).toEqual([
      `action.yml:${lineOf(actionYml, 'using: node24')}: runs.using: must be one of node20, node24 (action-schema)`,
    ])
  })

  it('catches a misspelt or missing key, at its line', () => {
    expect(problems(edit(actionYml, 'runs:', 'runz:'))).toEqual([
      "action.yml:1: top level: must have required property 'runs' (action-schema)",
      'action.yml:1: top level: unknown key "runz" (action-schema)',
    ])
    expect(problems(edit(actionYml, /(\n {2}dry-run:\n) {4}description: .*\n/, '$1'))).toEqual([
      `action.yml:${lineOf(actionYml, '  dry-run:')}: inputs.dry-run: must have required property 'description' (action-schema)`,
    ])
    expect(problems(edit(actionYml, /(\n {2}timeout:\n(?: {4}.*\n)*? {4})required:/, '$1requird:'))).toContain(
      `action.yml:${lineOf(actionYml, '  timeout:')}: inputs.timeout: unknown key "requird" (action-schema)`,
    )
    expect(problems(edit(actionYml, 'description: Write a job summary.', 'description: ""'))).toEqual([
      `action.yml:${lineOf(actionYml, 'description: Write a job summary.')}: inputs.job-summary.description: must NOT have fewer than 1 characters (action-schema)`,
    ])
  })

  it("catches what a JavaScript action's metadata cannot have", () => {
    expect(
      problems(edit(actionYml, '\n  passed:\n', '\n  passed:\n    value: ${{ steps.x.outputs.passed }}\n')),
    ).toEqual([
      `action.yml:${lineOf(actionYml, '\n  passed:\n') + 1}: outputs.passed: unknown key "value" (action-schema)`,
    ])
    expect(problems(edit(actionYml, '  post: dist/post/index.js\n', ''))).toEqual([
      `action.yml:${lineOf(actionYml, '\nruns:') + 1}: runs: must have property post when property post-if is present (action-schema)`,
    ])
    expect(problems(edit(actionYml, 'color: red', 'color: pink'))[0]).toMatch(
      /branding\.color: must be one of white, black, .*gray-dark/,
    )
    expect(problems(edit(actionYml, '  main: dist/main/index.js\n', ''))).toEqual([
      `action.yml:${lineOf(actionYml, '\nruns:') + 1}: runs: must have required property 'main' (action-schema)`,
    ])
  })
})

describe('a workflow that uses the action', () => {
  const dailyAudit = read('examples/daily-audit.yml')
  const warnEarly = read('examples/warn-early.yml')
  const cleanup = read('examples/cleanup-expired.yml')
  const problems = (text: string, file = 'example.yml') => messages(checkWorkflow(file, text, action))

  it('passes unchanged', () => {
    expect(problems(dailyAudit)).toEqual([])
    expect(problems(warnEarly)).toEqual([])
    expect(problems(cleanup)).toEqual([])
  })

  it('fails when a service input takes a variable that no earlier step requires', () => {
    const gate = read('examples/gate-deploy.yml')
    const mint = read('examples/auto-revoke.yml')
    expect(problems(gate)).toEqual([])
    expect(problems(mint)).toEqual([])
    // Without the guard step, an unset variable widens the step: no service checked, or a token for all of them.
    const unguard = (text: string) =>
      edit(text, /\n {6}- name: Require the service ID\n(?: {8}.*\n|\n)*?(?= {6}- )/, '\n')
    expect(problems(unguard(gate))).toEqual([
      expect.stringMatching(
        /: with: required-services takes vars\.FASTLY_SERVICE_ID, and an unset variable makes it empty, which checks no service; .*\(unguarded-variable\)$/,
      ),
    ])
    expect(problems(unguard(mint))).toEqual([
      expect.stringMatching(
        /: with: new-token-services takes vars\.FASTLY_SERVICE_ID, .*every service; .*\(unguarded-variable\)$/,
      ),
    ])
  })

  it('fails when a with: key is renamed', () => {
    expect(problems(edit(dailyAudit, 'stale-after: 90d', 'stale_after: 90d'))).toEqual([
      `example.yml:${lineOf(dailyAudit, 'stale-after')}: with: stale_after is not an input of action.yml (unknown-input)`,
    ])
    expect(problems(edit(warnEarly, 'require-expiry: true', 'require-expiration: true'))).toEqual([
      `example.yml:${lineOf(warnEarly, 'require-expiry')}: with: require-expiration is not an input of action.yml (unknown-input)`,
    ])
  })

  it('fails when an output reference is renamed, in any of its forms', () => {
    expect(problems(edit(warnEarly, 'steps.token.outputs.expires-at', 'steps.token.outputs.expires'))).toEqual([
      `example.yml:${lineOf(warnEarly, 'steps.token.outputs.expires-at')}: steps.token.outputs.expires: expires is not an output of action.yml (unknown-output)`,
    ])
    expect(problems(edit(warnEarly, 'steps.token.outputs.token-name', "steps['token'].outputs['name']"))).toEqual([
      `example.yml:${lineOf(warnEarly, 'steps.token.outputs.token-name')}: steps.token.outputs.name: name is not an output of action.yml (unknown-output)`,
    ])
    expect(problems(edit(cleanup, 'steps.audit.outputs.audit-file', 'steps.audit.outputs.audit-path'))).toHaveLength(1)
  })

  it('compares names as expressions do, without regard to case, and leaves other steps alone', () => {
    expect(problems(edit(warnEarly, 'steps.token.outputs.expires-at', 'steps.Token.outputs.Expires-At'))).toEqual([])
    const otherStep = edit(warnEarly, 'exit 1', 'echo "${{ steps.other.outputs.anything }}"')
    expect(problems(otherStep)).toEqual([])
  })

  it('reads output references in comments too, and in job outputs', () => {
    const commented = edit(
      warnEarly,
      'require-expiry: true',
      'require-expiry: true # or read steps.token.outputs.expiry-date',
    )
    expect(problems(commented)).toEqual([
      `example.yml:${lineOf(warnEarly, 'require-expiry')}: steps.token.outputs.expiry-date: expiry-date is not an output of action.yml (unknown-output)`,
    ])
    const jobOutputs = edit(
      warnEarly,
      '    runs-on: ubuntu-latest\n',
      '    runs-on: ubuntu-latest\n    outputs:\n      expiry: ${{ steps.token.outputs.expiry }}\n',
    )
    expect(problems(jobOutputs)).toEqual([
      `example.yml:${lineOf(warnEarly, '    runs-on: ubuntu-latest\n') + 2}: steps.token.outputs.expiry: expiry is not an output of action.yml (unknown-output)`,
    ])
  })

  it('scopes step ids to their job', () => {
    const twoJobs = `${warnEarly}\n  other:\n    runs-on: ubuntu-latest\n    steps:\n      - id: token\n        run: echo "out=1" >> "$GITHUB_OUTPUT"\n      - run: echo \${{ steps.token.outputs.out }}\n`
    expect(problems(twoJobs)).toEqual([])
  })

  it('fails when github-issue is set without issues: write', () => {
    const issueLine = lineOf(dailyAudit, 'github-issue: true')
    expect(problems(edit(dailyAudit, '  issues: write\n', ''))).toEqual([
      `example.yml:${issueLine - 1}: github-issue: true needs permissions issues: write; the workflow's permissions lack it (the job sets none) (issues-permission)`,
    ])
    expect(problems(edit(dailyAudit, '  issues: write\n', '  issues: read\n'))).toHaveLength(1)
    expect(problems(edit(dailyAudit, /permissions:\n(?: {2}.*\n)+/, ''))).toEqual([
      `example.yml:${issueLine - 3}: github-issue: true needs permissions issues: write; neither the job nor the workflow sets permissions (issues-permission)`,
    ])
    // A job's permissions replace the workflow's: issues: write at the top no longer counts.
    const jobPermissions = edit(
      dailyAudit,
      '    runs-on: ubuntu-latest\n',
      '    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n',
    )
    expect(problems(jobPermissions)).toEqual([
      `example.yml:${issueLine + 2}: github-issue: true needs permissions issues: write; job audit sets permissions without it (issues-permission)`,
    ])
    expect(problems(edit(jobPermissions, '      contents: read\n', '      issues: write\n'))).toEqual([])
    expect(problems(edit(dailyAudit, /permissions:\n(?: {2}.*\n)+/, 'permissions: write-all\n'))).toEqual([])
  })

  it('counts an expression as setting github-issue, and false as not', () => {
    const noPermission = edit(dailyAudit, '  issues: write\n', '')
    expect(
      problems(edit(noPermission, 'github-issue: true', "github-issue: ${{ github.event_name == 'schedule' }}")),
    ).toHaveLength(1)
    expect(problems(edit(noPermission, 'github-issue: true', "github-issue: 'True'"))).toHaveLength(1)
    expect(problems(edit(noPermission, 'github-issue: true', 'github-issue: false'))).toEqual([])
    expect(problems(edit(noPermission, 'github-issue: true', "github-issue: 'False'"))).toEqual([])
  })

  it('knows the action by ./ or by a reference ending in fastly-token-guard@ref, and nothing else', () => {
    expect(isThisAction('./')).toBe(true)
    expect(isThisAction('fastly-token-guard/fastly-token-guard@v1')).toBe(true)
    expect(isThisAction('acme/fastly-token-guard@0123456789abcdef0123456789abcdef01234567')).toBe(true)
    expect(isThisAction('acme/not-fastly-token-guard@v1')).toBe(false)
    expect(isThisAction('./other-action')).toBe(false)
    expect(problems(edit(warnEarly, 'fastly-token-guard/fastly-token-guard@v1', './'))).toEqual([])
    expect(
      problems(
        edit(edit(warnEarly, 'fastly-token-guard/fastly-token-guard@v1', './'), 'require-expiry:', 'require-expiri:'),
      ),
    ).toHaveLength(1)
  })
})

describe('a README snippet', () => {
  const readme = read('README.md')
  const snippets = yamlSnippets(readme)

  it('is found with the README line it starts after', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(7)
    for (const snippet of snippets) expect(readme.split('\n')[snippet.lineOffset - 1]).toMatch(/^```ya?ml/)
  })

  it('that is a list of steps is checked as a job, with README line numbers', () => {
    const snippet = snippets.find((s) => s.text.startsWith('- id: token'))!
    const mutated = edit(snippet.text, 'steps.token.outputs.token-name', 'steps.token.outputs.name')
    expect(messages(checkWorkflow('README.md', mutated, action, { lineOffset: snippet.lineOffset }))).toEqual([
      `README.md:${lineOf(readme, 'steps.token.outputs.token-name')}: steps.token.outputs.name: name is not an output of action.yml (unknown-output)`,
    ])
  })

  it('reads the output reference in a comment', () => {
    const snippet = snippets.find((s) =>
      s.text.includes('# or: revoke-token-ids: ${{ steps.audit.outputs.stale-token-ids }}'),
    )!
    const mutated = edit(snippet.text, 'steps.audit.outputs.stale-token-ids', 'steps.audit.outputs.stale-ids')
    expect(messages(checkWorkflow('README.md', mutated, action, { lineOffset: snippet.lineOffset }))).toEqual([
      `README.md:${lineOf(readme, 'steps.audit.outputs.stale-token-ids')}: steps.audit.outputs.stale-ids: stale-ids is not an output of action.yml (unknown-output)`,
    ])
  })
})

describe('the structure of any workflow', () => {
  const problems = (text: string) => messages(checkWorkflow('w.yml', text, action))
  const workflow = (steps: string) => `on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`

  it('catches a misspelt step key, a step with both uses and run, and a job without runs-on', () => {
    expect(
      problems(
        workflow(
          '      - uses: actions/checkout@0123456789abcdef0123456789abcdef01234567\n        wiht:\n          x: 1\n',
        ),
      ),
    ).toEqual(['w.yml:6: jobs.x.steps.0: unknown key "wiht" (workflow-schema)'])
    expect(problems(workflow('      - uses: ./\n        run: echo\n'))).toEqual([
      'w.yml:7: jobs.x.steps.0.run: not allowed together with the keys beside it (workflow-schema)',
    ])
    expect(problems('on: push\njobs:\n  x:\n    steps: 3\n')).toEqual([
      "w.yml:3: jobs.x: must have required property 'runs-on' (workflow-schema)",
      'w.yml:4: jobs.x.steps: must be array (workflow-schema)',
    ])
    expect(problems(`${workflow('      - run: echo\n')}permissions:\n  isues: write\n`)).toEqual([
      'w.yml:7: permissions: unknown key "isues" (workflow-schema)',
    ])
  })

  it('catches YAML that does not parse', () => {
    expect(problems('on: push\njobs:\n  x: [\n')[0]).toMatch(/^w\.yml:\d+: .* \(yaml\)$/)
    expect(problems(workflow('      - run: a\n        run: b\n'))[0]).toMatch(
      /^w\.yml:7: Map keys must be unique \(yaml\)$/,
    )
  })

  it('catches a third-party action not pinned by commit SHA, and leaves local actions and this one alone', () => {
    expect(problems(workflow('      - uses: actions/checkout@v5\n'))).toEqual([
      'w.yml:6: actions/checkout@v5 is not pinned to a commit SHA (unpinned-action)',
    ])
    expect(
      problems(
        workflow('      - uses: ./.github/actions/setup\n      - uses: fastly-token-guard/fastly-token-guard@v1\n'),
      ),
    ).toEqual([])
  })
})
