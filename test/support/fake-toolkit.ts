/** A Toolkit that records every call in order, for unit tests of the entries. */
import { CATALOGUE, type Notice } from '../../src/report/catalogue.js'
import type { Toolkit } from '../../src/runner/toolkit.js'
import { SecretRedactor } from '../../src/shared/redact.js'

/** A warning or failure is recorded as [method, message, key]. */
export type ToolkitCall = [method: string, ...args: string[]]

/** The notice as recorded; a key the catalogue lacks (a cast that lied) fails the test that made it. */
function recorded(method: 'warning' | 'setFailed', { key, message }: Notice): ToolkitCall {
  if (!CATALOGUE.some((entry) => entry.id === key)) throw new Error(`${method}: no catalogue entry has the key ${key}`)
  return [method, message, key]
}

export interface FakeToolkit extends Toolkit {
  calls: ToolkitCall[]
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
  failSummaryWith?: unknown
}

export function createFakeToolkit(
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {},
  state: Record<string, string> = {},
): FakeToolkit {
  // What the real toolkit redacts from what it writes; the fake records calls as made.
  const secrets = new SecretRedactor()
  const fake: FakeToolkit = {
    calls: [],
    outputs: {},
    state: { ...state },
    summary: '',
    env,
    getInput: (name) => inputs[name] ?? '',
    setSecret: (value) => {
      fake.calls.push(['setSecret', value])
      secrets.add(value)
    },
    // One recorded call per output, so tests can tell which was set when.
    setOutputs: (outputs) => {
      for (const [name, value] of Object.entries(outputs)) {
        fake.calls.push(['setOutput', name, value])
        fake.outputs[name] = value
      }
    },
    saveState: (name, value) => {
      fake.calls.push(['saveState', name, value])
      fake.state[name] = value
    },
    getState: (name) => fake.state[name],
    debug: (message) => void fake.calls.push(['debug', message]),
    info: (message) => void fake.calls.push(['info', message]),
    warning: (notice) => void fake.calls.push(recorded('warning', notice)),
    group: async (name, body) => {
      fake.calls.push(['group', name])
      return body()
    },
    setFailed: (notice) => void fake.calls.push(recorded('setFailed', notice)),
    appendSummary: async (html) => {
      if (fake.failSummaryWith !== undefined) throw fake.failSummaryWith
      fake.calls.push(['appendSummary'])
      fake.summary += html
    },
    redact: (text) => secrets.redact(text),
  }
  return fake
}
