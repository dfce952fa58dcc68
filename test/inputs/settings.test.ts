import { describe, expect, it } from 'vitest'
import { readSettings, workflowRunUrl } from '../../src/inputs/settings.js'

describe('workflowRunUrl', () => {
  it('builds the run URL only from a complete runner environment', () => {
    expect(
      workflowRunUrl({ GITHUB_SERVER_URL: 'https://ghe.example/', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '9' }),
    ).toBe('https://ghe.example/o/r/actions/runs/9')
    expect(workflowRunUrl({ GITHUB_REPOSITORY: 'o/r' })).toBeUndefined()
  })

  it('is what the settings carry for the summary', () => {
    const inputs: Record<string, string> = { 'api-token': 'a'.repeat(32) }
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/site', GITHUB_RUN_ID: '42' }
    expect(readSettings((name) => inputs[name] ?? '', env).runUrl).toBe('https://github.com/acme/site/actions/runs/42')
    expect(readSettings((name) => inputs[name] ?? '', {}).runUrl).toBeUndefined()
  })
})
