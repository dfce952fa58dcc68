/**
 * Runs the bundled action the way the GitHub runner does: Node 24, inputs as
 * INPUT_* (with action.yml's defaults filled in), the file commands
 * (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY), saved state handed to
 * the post step as STATE_*, and workflow commands read back from stdout.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import { CATALOGUE } from '../src/report/catalogue.js'

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export type Step = 'main' | 'post'

/** The file the runner starts for a step: action.yml's `runs.main` or `runs.post`, as GitHub reads it. */
export function actionEntry(step: Step): string {
  const action = parseYaml(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as { runs: Record<string, string> }
  const file = action.runs[step]
  if (file === undefined) throw new Error(`action.yml has no runs.${step}`)
  return join(PROJECT_ROOT, file)
}

/** The Node 24 binary from the `node` npm package (the runtime action.yml declares). */
export function node24Path(): string {
  const path = join(PROJECT_ROOT, 'node_modules', 'node', 'bin', 'node')
  if (!existsSync(path)) throw new Error(`Node 24 not found at ${path}; run npm ci`)
  return path
}

interface ActionInputSpec {
  default?: string
}

/** action.yml's inputs and their defaults, as the runner reads them. */
function actionInputDefaults(): Record<string, string> {
  const action = parseYaml(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, ActionInputSpec>
  }
  const defaults: Record<string, string> = {}
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    const value = spec.default ?? ''
    // Expressions are evaluated by the runner; here the ones we use resolve to a stand-in.
    defaults[name] = value.includes('${{') ? '' : String(value)
  }
  return defaults
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  title: string | undefined
  message: string
}

export interface RunResult {
  exitCode: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
  annotations: Annotation[]
  /** Values the action asked the runner to mask. */
  masks: string[]
  /** Every workflow command the runner would obey, in order. */
  commands: WorkflowCommand[]
  durationMs: number
  /** Every file the runner would keep: outputs, state, summary. */
  files: string
  /** The same files one by one, as the action wrote them (every value saved, not only the last). */
  fileTexts: { output: string; state: string; summary: string; env: string }
}

export interface RunOptions {
  /** Which of the action's steps to run (default main); runJob runs both. */
  step?: Step
  inputs?: Record<string, string>
  /** Extra environment (FASTLY_API_TOKEN, https_proxy, ...). */
  env?: Record<string, string>
  /** For the post step: state saved by the main step. */
  state?: Record<string, string>
  /** Kill the process after this long (a hung action is a test failure, not a hung suite). */
  killAfterMs?: number
  /** Send this signal after `afterMs`, as the runner does when a job is cancelled. */
  signal?: { name: NodeJS.Signals; afterMs: number }
}

/** Reads the `name<<delimiter` blocks the toolkit appends to GITHUB_OUTPUT and GITHUB_STATE. */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {}
  // As the runner on Linux reads them: lines end at \n (a \r stays in the value), and a block must be closed.
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^<=]+)<<(.+)$/.exec(lines[i]!)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!)
      if (i >= lines.length) throw new Error(`The runner would refuse this file: ${name}<<${delimiter} is never closed`)
      result[name!] = value.join('\n')
    } else if (lines[i]!.includes('=')) {
      const at = lines[i]!.indexOf('=')
      result[lines[i]!.slice(0, at)] = lines[i]!.slice(at + 1)
    }
  }
  return result
}

/** The runner's unescaping of a command's data (`%0D`, `%0A`, `%25`). */
function unescapeData(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

/** The runner's unescaping of a property value (`%0D`, `%0A`, `%3A`, `%2C`, `%25`). */
function unescapeProperty(value: string): string {
  return value
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%')
}

/** The commands the runner knows (its command extensions and stop-commands); other names are plain text. */
const REGISTERED_COMMANDS = new Set([
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
  'stop-commands',
])

export interface WorkflowCommand {
  command: string
  properties: Record<string, string>
  data: string
  /** 'v2' for `::command::`, 'v1' for the older `##[command]` form. */
  form: 'v1' | 'v2'
  /** The line of stdout it came from. */
  line: string
}

/**
 * Every workflow command in a step's output, read by the runner's own rules
 * (actions/runner ActionCommand.TryParseV2 and TryParse): a line is split at
 * CR, LF or CRLF; `::name props::data` counts when the line starts with `::`
 * after leading white space; otherwise `##[name props]data` counts anywhere
 * in the line. Only registered command names count.
 */
export function parseWorkflowCommandLines(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = []
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const trimmed = line.trimStart()
    if (trimmed.startsWith('::')) {
      const end = trimmed.indexOf('::', 2)
      if (end >= 0) {
        const info = trimmed.slice(2, end)
        const space = info.indexOf(' ')
        const command = space < 0 ? info : info.slice(0, space)
        if (REGISTERED_COMMANDS.has(command)) {
          const properties: Record<string, string> = {}
          if (space > 0) {
            for (const pair of info
              .slice(space + 1)
              .trim()
              .split(',')
              .filter((part) => part !== '')) {
              const at = pair.indexOf('=')
              if (at > 0 && at < pair.length - 1) properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1))
            }
          }
          commands.push({ command, properties, data: unescapeData(trimmed.slice(end + 2)), form: 'v2', line })
          continue
        }
      }
    }
    const prefix = line.indexOf('##[')
    if (prefix < 0) continue
    const close = line.indexOf(']', prefix)
    if (close < 0) continue
    const info = line.slice(prefix + 3, close)
    const space = info.indexOf(' ')
    const command = space < 0 ? info : info.slice(0, space)
    if (!REGISTERED_COMMANDS.has(command)) continue
    commands.push({ command, properties: {}, data: line.slice(close + 1), form: 'v1', line })
  }
  return commands
}

function parseWorkflowCommands(stdout: string): {
  annotations: Annotation[]
  masks: string[]
  commands: WorkflowCommand[]
} {
  const commands = parseWorkflowCommandLines(stdout)
  const annotations: Annotation[] = []
  const masks: string[] = []
  for (const { command, properties, data } of commands) {
    if (command === 'add-mask') masks.push(data)
    if (command === 'error' || command === 'warning' || command === 'notice')
      annotations.push({ level: command, title: properties.title, message: data })
  }
  return { annotations, masks, commands }
}

export interface RunnerEnvironment {
  /** RUNNER_TEMP and HOME; the caller removes it. */
  dir: string
  files: { output: string; state: string; summary: string; env: string; path: string }
  env: Record<string, string>
}

/**
 * What the runner gives a step: empty file-command files, action.yml's input
 * defaults with the given inputs on top as INPUT_*, saved state as STATE_*,
 * and the run's variables. Shared by the tests, the demo and the benchmark.
 */
export function prepareRunnerEnvironment(
  options: Pick<RunOptions, 'inputs' | 'state' | 'env'> = {},
  parentDir: string = tmpdir(),
): RunnerEnvironment {
  const dir = mkdtempSync(join(parentDir, 'ftg-run-'))
  const files = {
    output: join(dir, 'output'),
    state: join(dir, 'state'),
    summary: join(dir, 'summary'),
    env: join(dir, 'env'),
    path: join(dir, 'path'),
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const inputs = { ...actionInputDefaults(), ...options.inputs }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: dir,
    RUNNER_OS: 'Linux',
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'example-org/example-app',
    GITHUB_RUN_ID: '1234567890',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_JOB: 'deploy',
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value]),
    ),
    ...options.env,
    // Last, as the runner applies an action's saved state: an earlier step's GITHUB_ENV cannot override it.
    ...Object.fromEntries(Object.entries(options.state ?? {}).map(([name, value]) => [`STATE_${name}`, value])),
  }
  return { dir, files, env }
}

/** Runs one step of the action once (its bundled entry, as action.yml names it), as the runner does. */
export async function runAction(options: RunOptions = {}): Promise<RunResult> {
  const { dir, files, env } = prepareRunnerEnvironment(options)
  const started = Date.now()
  const child = spawn(node24Path(), [actionEntry(options.step ?? 'main')], {
    env,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 60_000)
  const signaller =
    options.signal !== undefined
      ? setTimeout(() => child.kill(options.signal!.name), options.signal.afterMs)
      : undefined
  const exitCode = await new Promise<number | null>((resolveExit) =>
    child.on('close', (code, signal) => resolveExit(code ?? (signal !== null ? 128 : null))),
  )
  clearTimeout(killer)
  clearTimeout(signaller)
  const durationMs = Date.now() - started

  const read = (path: string) => readFileSync(path, 'utf8')
  const fileTexts = {
    output: read(files.output),
    state: read(files.state),
    summary: read(files.summary),
    env: read(files.env),
  }
  const result: RunResult = {
    exitCode,
    stdout,
    stderr,
    outputs: parseFileCommands(read(files.output)),
    state: parseFileCommands(read(files.state)),
    summary: read(files.summary),
    ...parseWorkflowCommands(stdout),
    durationMs,
    files: [fileTexts.output, fileTexts.state, fileTexts.summary, fileTexts.env].join('\n'),
    fileTexts,
  }
  rmSync(dir, { recursive: true, force: true })
  assertCatalogued(result.annotations)
  return result
}

/**
 * Every error and warning the action prints must be titled by an entry of its catalogue of messages
 * (src/report/catalogue.ts), which writes the README's troubleshooting table, at a level that entry
 * documents: any end-to-end run that prints one that is not fails. The title is all the runner shows of the
 * key the annotation was made with; its words may hold anything (a token name, Fastly's text).
 */
export function assertCatalogued(annotations: readonly Annotation[]): void {
  const unknown = annotations.filter(
    (annotation) =>
      annotation.level !== 'notice' &&
      !CATALOGUE.some(
        (entry) => entry.title === annotation.title && (entry.level === 'both' || entry.level === annotation.level),
      ),
  )
  if (unknown.length > 0) {
    throw new Error(
      `The action printed ${unknown.length} annotation(s) that no entry of the message catalogue (src/report/catalogue.ts) titles:\n${unknown.map((a) => `  ${a.level} titled ${JSON.stringify(a.title)}: ${a.message}`).join('\n')}`,
    )
  }
}

/**
 * Places where a secret the action made may rightly be, besides the mask
 * command: the `token` output (how later steps get it) and the post step's
 * record (how the post step revokes it), as its `madeToken` field only.
 */
export type LeakAllowance = 'token-output' | 'post-record'

const occurrences = (text: string, secret: string): number => text.split(secret).length - 1

/**
 * Where a secret (a token, a password, an OTP seed) may legitimately appear:
 * only as the argument of the `::add-mask::` command, and in the places
 * `allowed` names. Returns every other place it leaked to.
 */
export function tokenLeaks(result: RunResult, token: string, allowed: readonly LeakAllowance[] = []): string[] {
  const leaks: string[] = []
  const stdoutWithoutMask = result.stdout
    .split(/\r?\n/)
    .filter((line) => line !== `::add-mask::${token}`)
    .join('\n')
  if (stdoutWithoutMask.includes(token)) leaks.push('stdout')
  if (result.stderr.includes(token)) leaks.push('stderr')
  const outputs = { ...result.outputs }
  const tokenOutput = allowed.includes('token-output') && outputs.token === token
  if (tokenOutput) delete outputs.token
  if (JSON.stringify(outputs).includes(token)) leaks.push('outputs')
  // Every record the step saved (it saves one before and one after verifying), each with the secret in madeToken alone.
  const madeTokenField = `"madeToken":${JSON.stringify(token)}`
  const stateFile = allowed.includes('post-record')
    ? result.fileTexts.state.split(madeTokenField).join('"madeToken":"(allowed)"')
    : result.fileTexts.state
  const state = { ...result.state }
  if (allowed.includes('post-record') && state['post-revoke'] !== undefined)
    state['post-revoke'] = state['post-revoke'].split(madeTokenField).join('')
  if (JSON.stringify(state).includes(token)) leaks.push('state')
  if (result.summary.includes(token)) leaks.push('summary')
  const { output, summary, env } = result.fileTexts
  if (
    occurrences(output, token) > (tokenOutput ? 1 : 0) ||
    [stateFile, summary, env].some((text) => text.includes(token))
  )
    leaks.push('runner files')
  return leaks
}

/** Every window of 8 characters of the secret: a piece the runner's masking cannot recognise. */
function secretWindows(secret: string): string[] {
  return Array.from({ length: Math.max(0, secret.length - 7) }, (_, i) => secret.slice(i, i + 8))
}

/**
 * Stricter than tokenLeaks: every place where any piece of 8 or more
 * characters of the secret appears, but the `::add-mask::` command itself.
 * `more` names other text the run wrote (an audit file, an issue).
 */
export function secretPieceLeaks(result: RunResult, secret: string, more: Record<string, string> = {}): string[] {
  const windows = secretWindows(secret)
  const places: Record<string, string> = {
    stdout: result.stdout
      .split(/\r?\n/)
      .filter((line) => line !== `::add-mask::${secret}`)
      .join('\n'),
    stderr: result.stderr,
    outputs: JSON.stringify(result.outputs),
    state: JSON.stringify(result.state),
    summary: result.summary,
    'runner files': result.files,
    ...more,
  }
  return Object.entries(places)
    .filter(([, text]) => windows.some((window) => text.includes(window)))
    .map(([place]) => place)
}

export interface JobResult {
  main: RunResult
  post: RunResult
}

/**
 * Runs the main step and then the post step, handing the main step's saved
 * state to the post step as STATE_* variables, as the runner does. Inputs
 * are given to both (the runner evaluates them again for the post step);
 * `postEnv` replaces environment for the post step only.
 */
export async function runJob(
  options: RunOptions & { postEnv?: Record<string, string>; postInputs?: Record<string, string> },
): Promise<JobResult> {
  const main = await runAction(options)
  const post = await runAction({
    ...options,
    step: 'post',
    inputs: { ...options.inputs, ...options.postInputs },
    env: { ...options.env, ...options.postEnv },
    state: main.state,
  })
  return { main, post }
}
