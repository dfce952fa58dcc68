/**
 * action.yml, every workflow in .github/workflows and examples/, and every
 * YAML snippet in the README, checked by tools/workflow-check.ts: action.yml
 * against a schema of action metadata that knows node24; each workflow for
 * YAML that parses, the keys of workflows, jobs and steps, third-party actions
 * pinned by SHA; and each use of this action for inputs and outputs that
 * action.yml declares and the issues: write that github-issue needs.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../tools/runner.js'
import {
  checkAction,
  checkProject,
  checkWorkflow,
  formatProblem,
  type Problem,
  yamlSnippets,
} from '../tools/workflow-check.js'

const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), 'utf8')
const { action } = checkAction(read('action.yml'))
const messages = (problems: Problem[]) => problems.map(formatProblem)

const WELL_FORMED = new Set(['yaml', 'workflow-schema', 'unpinned-action'])

interface Workflow {
  name: string
  file: string
  text: string
  lineOffset: number
}

const workflows: Workflow[] = [
  ...['.github/workflows', 'examples'].flatMap((dir) =>
    readdirSync(join(PROJECT_ROOT, dir))
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name): Workflow => ({
        name: `${dir}/${name}`,
        file: `${dir}/${name}`,
        text: read(`${dir}/${name}`),
        lineOffset: 0,
      })),
  ),
  ...yamlSnippets(read('README.md')).map((snippet): Workflow => ({ ...snippet, file: 'README.md' })),
]
const check = (workflow: Workflow, text = workflow.text) =>
  checkWorkflow(workflow.file, text, action, { lineOffset: workflow.lineOffset })

/** The first `with:` key of each step that uses this action, with its offset in the text. */
function firstInputKeys(text: string): Array<{ key: string; offset: number }> {
  const keys: Array<{ key: string; offset: number }> = []
  for (const uses of text.matchAll(/uses:\s*(\.\/|\S*fastly-token-guard@\S+)\s*$/gm)) {
    const after = uses.index + uses[0].length
    const nextStep = text.slice(after).search(/^\s*- /m)
    const step = text.slice(after, nextStep === -1 ? undefined : after + nextStep)
    const found = /^[ \t]*with:[^\n]*\n(?:[ \t]*#[^\n]*\n)*[ \t]+([\w-]+):/m.exec(step)
    if (found) keys.push({ key: found[1]!, offset: after + found.index + found[0].length - found[1]!.length - 1 })
  }
  return keys
}

describe('action.yml', () => {
  it('is valid by the action metadata schema, node24 included', () => {
    expect(messages(checkAction(read('action.yml')).problems)).toEqual([])
  })

  it('declares the inputs and outputs the checks below compare with', () => {
    expect(action.inputs).toContain('github-issue')
    expect(action.outputs).toContain('expires-at')
    expect(action.inputs.size).toBeGreaterThan(20)
  })
})

describe.each(workflows)('$name', (workflow) => {
  it('parses, has only known workflow, job and step keys, and pins third-party actions by commit SHA', () => {
    expect(messages(check(workflow).filter((problem) => WELL_FORMED.has(problem.rule)))).toEqual([])
  })

  it('uses the action as action.yml declares it: inputs, outputs, and issues: write for github-issue', () => {
    expect(messages(check(workflow).filter((problem) => !WELL_FORMED.has(problem.rule)))).toEqual([])
  })

  // Only where the action is used: check-dist.yml and codeql.yml do not use it.
  if (firstInputKeys(workflow.text).length > 0)
    it('is checked for real: renaming an input of each use of the action is caught', () => {
      for (const { key, offset } of firstInputKeys(workflow.text)) {
        const mutated = `${workflow.text.slice(0, offset)}${key}-renamed${workflow.text.slice(offset + key.length)}`
        const line = workflow.lineOffset + workflow.text.slice(0, offset).split('\n').length
        expect(messages(check(workflow, mutated))).toContain(
          `${workflow.file}:${line}: with: ${key}-renamed is not an input of action.yml (unknown-input)`,
        )
      }
    })
})

describe('the whole project', () => {
  it('has no problem, by the same entry point as `npx tsx tools/workflow-check.ts`', () => {
    expect(messages(checkProject(PROJECT_ROOT))).toEqual([])
  })

  it('finds the action in every example, in the README snippets and in CI', () => {
    for (const workflow of workflows.filter(
      (w) => w.file === 'README.md' || w.file.startsWith('examples/') || w.file.endsWith('/ci.yml'),
    ))
      expect(firstInputKeys(workflow.text).length, workflow.name).toBeGreaterThan(0)
    expect(workflows.filter((w) => w.file === 'README.md').length).toBeGreaterThanOrEqual(7)
  })
})
