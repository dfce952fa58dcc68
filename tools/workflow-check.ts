/**
 * Checks that this action's metadata and the workflows that use it agree:
 *
 * - action.yml against a JSON schema of an action's metadata that knows
 *   node24 (tools/schemas/action.schema.json);
 * - every workflow (and README snippet) for YAML that parses, for the keys a
 *   workflow, a job and a step may have (tools/schemas/workflow.schema.json),
 *   and for third-party actions pinned by commit SHA;
 * - every step that uses this action (`uses: ./`, or `…/fastly-token-guard@ref`):
 *   each `with:` key is an input of action.yml, each `steps.<id>.outputs.<name>`
 *   in the job (comments included) that names such a step names an output of
 *   action.yml, and `github-issue` set to anything but false comes with
 *   `issues: write` in the job's permissions (or the workflow's, when the job
 *   sets none).
 *
 * `npx tsx tools/workflow-check.ts` checks this repository and prints each
 * problem as file:line; the tests call checkProject and the functions below.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml'

export type Rule =
  | 'yaml'
  | 'action-schema'
  | 'workflow-schema'
  | 'unknown-input'
  | 'unknown-output'
  | 'issues-permission'
  | 'unpinned-action'
  | 'unguarded-variable'

export interface Problem {
  file: string
  line: number
  rule: Rule
  message: string
}

/** What a workflow may pass to the action and read from it. */
export interface ActionInterface {
  inputs: ReadonlySet<string>
  outputs: ReadonlySet<string>
}

export interface CheckOptions {
  /** Added to every line number: a README snippet's problems point at the README's lines. */
  lineOffset?: number
}

const SCHEMAS = join(dirname(fileURLToPath(import.meta.url)), 'schemas')
const readSchema = (name: string): object => JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8')) as object

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true })
ajv.addSchema(readSchema('action.schema.json'), 'action')
ajv.addSchema(readSchema('workflow.schema.json'), 'workflow')
const compiled = (ref: string): ValidateFunction => ajv.compile({ $ref: ref })
const validators = {
  action: compiled('action'),
  workflow: compiled('workflow'),
  jobs: compiled('workflow#/definitions/jobs'),
  steps: compiled('workflow#/definitions/steps'),
}

/** A `uses:` that names this action: the repository itself (`./`) or a published reference. */
export function isThisAction(uses: string): boolean {
  return uses === './' || uses === '.' || /(^|\/)fastly-token-guard@\S+$/.test(uses)
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
const isRecord = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

interface Parsed {
  doc: Document.Parsed
  lines: LineCounter
  problems: Problem[]
}

function parseYaml(file: string, text: string, lineOffset: number): Parsed {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const problems = [...doc.errors, ...doc.warnings].map((error): Problem => ({
    file,
    line: lineOffset + lines.linePos(error.pos[0]).line,
    rule: 'yaml',
    message: error.message.split('\n')[0]!,
  }))
  return { doc, lines, problems }
}

/** The line of the node at a path (a base, then an ajv instance path, a JSON pointer): its key's line in a mapping, else its own; or its nearest existing parent's. */
function lineAt(parsed: Parsed, pointer: string, base: (string | number)[] = []): number {
  const path = [
    ...base,
    ...pointer
      .split('/')
      .slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')),
  ].map((part) => (typeof part === 'string' && /^\d+$/.test(part) ? Number(part) : part))
  const line = (offset: number | undefined) => parsed.lines.linePos(offset ?? 0).line
  for (let length = path.length; length > 0; length--) {
    const parent = parsed.doc.getIn(path.slice(0, length - 1), true) ?? (length === 1 ? parsed.doc.contents : undefined)
    const last = path[length - 1]
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(last))
      if (pair && isScalar(pair.key)) return line(pair.key.range?.[0])
    } else if (isSeq(parent) && typeof last === 'number') {
      const item = parent.items[last]
      if (isScalar(item) || isMap(item) || isSeq(item)) return line(item.range?.[0])
    }
  }
  const root = parsed.doc.contents
  return isScalar(root) || isMap(root) || isSeq(root) ? line(root.range?.[0]) : 1
}

function schemaMessage(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'top level' : error.instancePath.slice(1).replace(/\//g, '.')
  if (error.keyword === 'additionalProperties')
    return `${where}: unknown key "${String(error.params.additionalProperty)}"`
  if (error.keyword === 'false schema') return `${where}: not allowed together with the keys beside it`
  if (error.keyword === 'enum')
    return `${where}: must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`
  return `${where}: ${error.message ?? error.keyword}`
}

function schemaProblems(
  file: string,
  parsed: Parsed,
  validate: ValidateFunction,
  value: unknown,
  rule: Rule,
  lineOffset: number,
  base: (string | number)[] = [],
): Problem[] {
  if (validate(value)) return []
  const errors = validate.errors ?? []
  // oneOf/anyOf failures repeat what their branches said; keep them only when nothing else explains the failure.
  const specific = errors.filter((error) => !['oneOf', 'anyOf', 'if'].includes(error.keyword))
  const seen = new Set<string>()
  const problems: Problem[] = []
  for (const error of specific.length > 0 ? specific : errors) {
    const message = schemaMessage(error)
    if (seen.has(message)) continue
    seen.add(message)
    problems.push({ file, line: lineOffset + lineAt(parsed, error.instancePath, base), rule, message })
  }
  return problems
}

/** action.yml against the schema; its inputs and outputs, when it parses. */
export function checkAction(text: string, file = 'action.yml'): { problems: Problem[]; action: ActionInterface } {
  const parsed = parseYaml(file, text, 0)
  const value: unknown = parsed.doc.toJS()
  const problems = [...parsed.problems, ...schemaProblems(file, parsed, validators.action, value, 'action-schema', 0)]
  const keys = (section: unknown) => new Set(isRecord(section) ? Object.keys(section) : [])
  return {
    problems,
    action: {
      inputs: keys(isRecord(value) ? value.inputs : undefined),
      outputs: keys(isRecord(value) ? value.outputs : undefined),
    },
  }
}

/** Whether permissions grant the job's token `issues: write`. */
function grantsIssuesWrite(permissions: unknown): boolean {
  return permissions === 'write-all' || (isRecord(permissions) && permissions.issues === 'write')
}

/** `github-issue` as the action reads it: false, 'false' (any case) and empty leave it off; true or an expression turn it on. */
function asksForIssue(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false
  return !/^(false|)$/i.test(String(value).trim())
}

const OUTPUT_REFERENCE =
  /\bsteps(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])\.outputs(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/g

interface JobView {
  name: string
  /** The path of the job's steps in the document (empty for a bare list of steps). */
  stepsPath: (string | number)[]
  value: Record<string, Json>
  /** The job's source text, comments included, and where it starts. */
  text: string
  start: number
}

function jobViews(parsed: Parsed, text: string, value: unknown): JobView[] {
  if (Array.isArray(value)) return [{ name: '(steps)', stepsPath: [], value: { steps: value }, text, start: 0 }]
  if (!isRecord(value) || !isRecord(value.jobs)) return []
  const jobsNode = parsed.doc.get('jobs', true)
  if (!isMap(jobsNode)) return []
  const views: JobView[] = []
  jobsNode.items.forEach((pair, i) => {
    const name = isScalar(pair.key) ? String(pair.key.value) : ''
    const job = (value.jobs as Record<string, Json>)[name]
    if (!isRecord(job) || !isScalar(pair.key)) return
    const start = pair.key.range?.[0] ?? 0
    const next = jobsNode.items[i + 1]?.key
    const end = isScalar(next) ? (next.range?.[0] ?? text.length) : (jobsNode.range?.[2] ?? text.length)
    views.push({ name, stepsPath: ['jobs', name, 'steps'], value: job, text: text.slice(start, end), start })
  })
  return views
}

/**
 * One workflow: a whole file, or a README snippet that is a workflow, a `jobs:`
 * mapping or a list of steps (checked as the job a reader would paste it into).
 */
export function checkWorkflow(
  file: string,
  text: string,
  action: ActionInterface,
  options: CheckOptions = {},
): Problem[] {
  const lineOffset = options.lineOffset ?? 0
  const parsed = parseYaml(file, text, lineOffset)
  if (parsed.problems.length > 0) return parsed.problems
  const value: unknown = parsed.doc.toJS()
  const problems: Problem[] = []
  const at = (offset: number) => lineOffset + parsed.lines.linePos(offset).line

  if (Array.isArray(value))
    problems.push(...schemaProblems(file, parsed, validators.steps, value, 'workflow-schema', lineOffset))
  else if (isRecord(value) && !('on' in value) && 'jobs' in value)
    problems.push(...schemaProblems(file, parsed, validators.jobs, value.jobs, 'workflow-schema', lineOffset, ['jobs']))
  else problems.push(...schemaProblems(file, parsed, validators.workflow, value, 'workflow-schema', lineOffset))

  const workflowPermissions = isRecord(value) ? value.permissions : undefined
  for (const job of jobViews(parsed, text, value)) {
    const steps = Array.isArray(job.value.steps) ? job.value.steps : []
    const ours = new Set<string>()
    steps.forEach((step, index) => {
      if (!isRecord(step) || typeof step.uses !== 'string') return
      const stepPath = [...job.stepsPath, index]
      const usesLine = lineAt(parsed, '', [...stepPath, 'uses']) + lineOffset
      if (!isThisAction(step.uses)) {
        if (!step.uses.startsWith('./') && !step.uses.startsWith('docker://') && !/@[0-9a-f]{40}$/.test(step.uses))
          problems.push({
            file,
            line: usesLine,
            rule: 'unpinned-action',
            message: `${step.uses} is not pinned to a commit SHA`,
          })
        return
      }
      if (typeof step.id === 'string') ours.add(step.id.toLowerCase())
      const inputs = isRecord(step.with) ? step.with : {}
      for (const key of Object.keys(inputs)) {
        if (!action.inputs.has(key))
          problems.push({
            file,
            line: lineAt(parsed, '', [...stepPath, 'with', key]) + lineOffset,
            rule: 'unknown-input',
            message: `with: ${key} is not an input of action.yml`,
          })
      }
      // Empty, these inputs widen rather than fail: no service checked, or a token for every service.
      for (const key of WIDENED_WHEN_EMPTY) {
        const raw = inputs[key]
        if (typeof raw !== 'string') continue
        for (const variable of raw.matchAll(/\$\{\{\s*vars\.([\w-]+)\s*\}\}/g)) {
          if (isGuarded(steps.slice(0, index), variable[1]!)) continue
          problems.push({
            file,
            line: lineAt(parsed, '', [...stepPath, 'with', key]) + lineOffset,
            rule: 'unguarded-variable',
            message: `with: ${key} takes vars.${variable[1]}, and an unset variable makes it empty, which ${key === 'required-services' ? 'checks no service' : 'makes a token for every service'}; fail an earlier step when it is empty`,
          })
        }
      }
      if (asksForIssue(inputs['github-issue'])) {
        const own = 'permissions' in job.value
        const permissions = own ? job.value.permissions : workflowPermissions
        if (!grantsIssuesWrite(permissions)) {
          const reason = own
            ? `job ${job.name} sets permissions without it`
            : workflowPermissions === undefined
              ? 'neither the job nor the workflow sets permissions'
              : "the workflow's permissions lack it (the job sets none)"
          problems.push({
            file,
            line: lineAt(parsed, '', [...stepPath, 'with', 'github-issue']) + lineOffset,
            rule: 'issues-permission',
            message: `github-issue: ${String(inputs['github-issue'])} needs permissions issues: write; ${reason}`,
          })
        }
      }
    })
    if (ours.size === 0) continue
    for (const match of job.text.matchAll(OUTPUT_REFERENCE)) {
      const id = (match[1] ?? match[2])!
      const output = (match[3] ?? match[4])!
      // Expressions compare property names without regard to case.
      if (
        !ours.has(id.toLowerCase()) ||
        [...action.outputs].some((name) => name.toLowerCase() === output.toLowerCase())
      )
        continue
      problems.push({
        file,
        line: at(job.start + match.index),
        rule: 'unknown-output',
        message: `steps.${id}.outputs.${output}: ${output} is not an output of action.yml`,
      })
    }
  }
  return problems
}

/** Inputs that, left empty by an unset variable, quietly widen what the step allows. */
const WIDENED_WHEN_EMPTY = ['required-services', 'new-token-services'] as const

/** An earlier `run:` step reads the variable and exits non-zero when it is empty. */
function isGuarded(earlier: unknown[], variable: string): boolean {
  return earlier.some(
    (step) =>
      isRecord(step) &&
      typeof step.run === 'string' &&
      /\bexit [1-9]/.test(step.run) &&
      /-z /.test(step.run) &&
      (step.run.includes(variable) || JSON.stringify(step.env ?? {}).includes(`vars.${variable}`)),
  )
}

export interface Snippet {
  name: string
  /** The line of the README where the snippet's text starts, less one. */
  lineOffset: number
  text: string
}

/** The ```yaml (or ```yml) blocks of a Markdown file. */
export function yamlSnippets(markdown: string, file = 'README.md'): Snippet[] {
  return [...markdown.matchAll(/^```ya?ml[^\S\n]*\n([\s\S]*?)^```/gm)].map((match, i) => ({
    name: `${file} block ${i + 1}`,
    lineOffset: markdown.slice(0, match.index).split('\n').length,
    text: match[1]!,
  }))
}

const yamlFiles = (root: string, dir: string): string[] =>
  existsSync(join(root, dir))
    ? readdirSync(join(root, dir))
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => `${dir}/${name}`)
    : []

/** Every check over a checkout: action.yml, .github/workflows/, examples/ and the README's YAML. */
export function checkProject(root: string): Problem[] {
  const read = (path: string) => readFileSync(join(root, path), 'utf8')
  const { problems, action } = checkAction(read('action.yml'))
  for (const file of [...yamlFiles(root, '.github/workflows'), ...yamlFiles(root, 'examples')])
    problems.push(...checkWorkflow(file, read(file), action))
  for (const snippet of yamlSnippets(read('README.md')))
    problems.push(...checkWorkflow('README.md', snippet.text, action, { lineOffset: snippet.lineOffset }))
  return problems
}

export const formatProblem = (problem: Problem): string =>
  `${problem.file}:${problem.line}: ${problem.message} (${problem.rule})`

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const problems = checkProject(resolve(dirname(fileURLToPath(import.meta.url)), '..'))
  for (const problem of problems) console.log(formatProblem(problem))
  console.log(
    problems.length === 0
      ? 'action.yml, workflows, examples and README snippets: no problem'
      : `${problems.length} problem(s)`,
  )
  process.exitCode = problems.length === 0 ? 0 : 1
}
