/** Small helpers for the benchmark: run a command, time it, summarise. */
import { spawn } from 'node:child_process'

export interface Timed {
  ms: number
  exitCode: number | null
  stdout: string
  stderr: string
}

export function timeCommand(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): Promise<Timed> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint()
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('close', (exitCode) =>
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, exitCode, stdout, stderr }),
    )
  })
}

export interface Stats {
  median: number
  min: number
  max: number
  runs: number
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length }
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits
