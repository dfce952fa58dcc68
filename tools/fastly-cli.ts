/** Runs the official Fastly CLI (npm @fastly/cli-linux-x64) against the simulator. */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PROJECT_ROOT } from './runner.js'

export const FASTLY_CLI = join(PROJECT_ROOT, 'node_modules', '@fastly', 'cli-linux-x64', 'fastly')

/** The registry carries the CLI's binary for Linux x64 only. */
export function fastlyCliPlatform(): boolean {
  return process.platform === 'linux' && process.arch === 'x64'
}

export interface CliResult {
  exitCode: number
  stdout: string
  stderr: string
}

export async function runFastlyCli(apiUrl: string, token: string, args: string[]): Promise<CliResult> {
  // A throwaway HOME so the CLI neither reads nor writes anyone's profile.
  if (!existsSync(FASTLY_CLI)) throw new Error(`Fastly CLI not found at ${FASTLY_CLI}; run npm ci`)
  const home = mkdtempSync(join(tmpdir(), 'ftg-fastly-cli-'))
  try {
    return await new Promise((resolve) => {
      execFile(
        FASTLY_CLI,
        [...args, '--non-interactive'],
        {
          // Its OpenID metadata request goes to FASTLY_ACCOUNT_ENDPOINT, which the simulator also answers.
          env: {
            HOME: home,
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            FASTLY_API_ENDPOINT: apiUrl,
            FASTLY_ACCOUNT_ENDPOINT: apiUrl,
            FASTLY_API_TOKEN: token,
          },
          timeout: 30_000,
        },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1
          resolve({ exitCode: code, stdout, stderr })
        },
      )
    })
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}
