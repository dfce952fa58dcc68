/**
 * action.yml, every workflow in .github/workflows and examples/, and every
 * workflow snippet in the README, validated against GitHub's own schemas:
 * @actions/workflow-parser (the parser behind GitHub's Actions language
 * service, which knows node24) and @action-validator/cli for workflows.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/index'
import { describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../tools/runner.js'

const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), 'utf8')

function actionErrors(content: string): string[] {
  const result = parseAction({ name: 'action.yml', content }, new NoOperationTraceWriter())
  return result.context.errors.getErrors().map((error) => error.message)
}

function workflowErrors(name: string, content: string): string[] {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter())
  return result.context.errors.getErrors().map((error) => error.message)
}

function actionValidator(name: string, content: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ftg-schema-'))
  const file = join(dir, name)
  writeFileSync(file, content)
  try {
    execFileSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', '@action-validator', 'cli', 'cli.mjs'), file], {
      stdio: 'pipe',
    })
    return { ok: true, output: '' }
  } catch (error) {
    const failure = error as { stdout?: Buffer; stderr?: Buffer }
    return { ok: false, output: `${failure.stdout?.toString() ?? ''}${failure.stderr?.toString() ?? ''}` }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The README's YAML blocks, as workflows: step lists are wrapped in a job, as a reader would paste them. */
function readmeWorkflows(): Array<[string, string]> {
  const blocks = [...read('README.md').matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!)
  return blocks.map((block, i) => {
    if (/^on:/m.test(block)) return [`README block ${i + 1}`, block]
    if (/^jobs:/m.test(block)) return [`README block ${i + 1}`, `on: push\n${block}`]
    const steps = block.replace(/^/gm, '      ')
    return [`README block ${i + 1}`, `on: push\njobs:\n  job:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`]
  })
}

const workflowFiles: Array<[string, string]> = [
  ...readdirSync(join(PROJECT_ROOT, '.github', 'workflows')).map((file): [string, string] => [
    `.github/workflows/${file}`,
    read(`.github/workflows/${file}`),
  ]),
  ...readdirSync(join(PROJECT_ROOT, 'examples')).map((file): [string, string] => [
    `examples/${file}`,
    read(`examples/${file}`),
  ]),
]

describe('action.yml', () => {
  it('is valid by the Actions schema, node24 included', () => {
    expect(actionErrors(read('action.yml'))).toEqual([])
  })

  it('is checked for real: a wrong runtime or key is caught', () => {
    expect(actionErrors(read('action.yml').replace('using: node24', 'using: node99')).length).toBeGreaterThan(0)
    expect(actionErrors(read('action.yml').replace('runs:', 'runz:')).length).toBeGreaterThan(0)
  })
})

describe.each([...workflowFiles, ...readmeWorkflows()])('%s', (name, content) => {
  it('is a valid workflow by both schemas', () => {
    expect(workflowErrors(name, content)).toEqual([])
    const validated = actionValidator(`${name.replace(/[^a-z0-9.]+/gi, '-')}.yml`, content)
    expect(validated.output).toBe('')
    expect(validated.ok).toBe(true)
  })

  it('pins third-party actions by commit SHA', () => {
    for (const [, ref] of content.matchAll(/uses:\s*([^\s#]+)/g)) {
      if (ref!.startsWith('./') || ref!.startsWith('fastly-token-guard/')) continue
      expect(ref).toMatch(/@[0-9a-f]{40}$/)
    }
  })
})

describe('the schema check itself', () => {
  it('catches a broken workflow', () => {
    const broken =
      'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n        wiht:\n          x: 1\n'
    expect(
      workflowErrors('broken.yml', broken).length + (actionValidator('broken.yml', broken).ok ? 0 : 1),
    ).toBeGreaterThan(0)
    expect(actionValidator('broken2.yml', 'on: push\njobs:\n  x:\n    steps: 3\n').ok).toBe(false)
  })
})
