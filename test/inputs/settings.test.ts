import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/inputs/input-error.js'
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

describe('readSettings: making a token for the job', () => {
  const RUN = { GITHUB_REPOSITORY: 'acme/site', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'deploy' }
  const read = (inputs: Record<string, string>, env: Record<string, string> = RUN) =>
    readSettings((name) => inputs[name] ?? '', env)
  const refusal = (inputs: Record<string, string>, env?: Record<string, string>): InputError => {
    try {
      read(inputs, env)
    } catch (error) {
      if (error instanceof InputError) return error
      throw error
    }
    throw new Error('expected an InputError')
  }
  const minting = { username: 'deployer@example.test', password: 'pa55-w0rd-for-the-deploy-user' }

  it('mints when username is set, with the defaults: global, all services, one hour, a name for the run', () => {
    const settings = read(minting)
    expect(settings.token).toBe('')
    expect(settings.mint).toEqual({
      username: 'deployer@example.test',
      password: 'pa55-w0rd-for-the-deploy-user',
      otpSecret: undefined,
      name: 'acme/site run 42 attempt 1 job deploy',
      scopes: ['global'],
      services: [],
      lifetimeSeconds: 3600,
    })
  })

  it('takes what the workflow asks for', () => {
    const settings = read({
      ...minting,
      'otp-secret': 'jbsw y3dp ehpk 3pxp',
      'new-token-name': 'deploy eu',
      'new-token-scope': 'purge_all',
      'new-token-services': 'SvcA1 SvcB2',
      'new-token-expires-in': '2h',
    })
    expect(settings.mint).toMatchObject({
      otpSecret: 'JBSWY3DPEHPK3PXP',
      name: 'deploy eu',
      scopes: ['purge_all'],
      services: ['SvcA1', 'SvcB2'],
      lifetimeSeconds: 7200,
    })
  })

  it('resolves revoke: auto to post for a made token and to never for a given one, so old workflows keep their meaning', () => {
    expect(read(minting).revocation).toMatchObject({ mode: 'post', madeForJob: true })
    expect(read({ 'api-token': 'a'.repeat(32) }).revocation).toMatchObject({ mode: 'never', madeForJob: false })
    expect(read({ ...minting, revoke: 'never' }).revocation.mode).toBe('never')
    expect(read({ 'api-token': 'a'.repeat(32), revoke: 'post' }).revocation.mode).toBe('post')
  })

  it('ignores FASTLY_API_TOKEN: the step works with the token it makes', () => {
    expect(read(minting, { ...RUN, FASTLY_API_TOKEN: 'b'.repeat(32) }).token).toBe('')
  })

  it('needs the password', () => {
    const error = refusal({ username: 'deployer@example.test' })
    expect(error.input).toBe('password')
    expect(error.message).toMatch(
      /^Input 'username' is set, .* but 'password' is empty\. Pass the user's password from a secret/,
    )
  })

  it('refuses api-token beside username: one token per step', () => {
    const error = refusal({ ...minting, 'api-token': 'a'.repeat(32) })
    expect(error.input).toBe('api-token')
    expect(error.message).toMatch(/^Inputs 'username' and 'api-token' are both set/)
    expect(error.message).not.toContain('a'.repeat(32))
  })

  it.each([
    ['password', 'pa55-w0rd'],
    ['otp-secret', 'JBSWY3DPEHPK3PXP'],
    ['new-token-name', 'deploy'],
    ['new-token-scope', 'purge_all'],
    ['new-token-services', 'SvcA1'],
    ['new-token-expires-in', '2h'],
  ])('refuses %s without username, naming it, and never shows its value', (name, value) => {
    const error = refusal({ 'api-token': 'a'.repeat(32), [name]: value })
    expect(error.input).toBe(name)
    expect(error.message).toMatch(new RegExp(`^Input '${name}' is set, but 'username' is empty`))
    expect(error.message).not.toContain(value)
  })

  it("accepts the mint inputs' defaults without username, as the runner passes them", () => {
    expect(() =>
      read({ 'api-token': 'a'.repeat(32), 'new-token-scope': 'global', 'new-token-expires-in': '1h' }),
    ).not.toThrow()
  })
})
