import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { InputError } from '../../src/inputs/input-error.js'
import { workflowRunUrl } from '../../src/inputs/environment.js'
import { readSettings } from '../../src/inputs/settings.js'

describe('workflowRunUrl', () => {
  it('builds the run URL only from a complete runner environment', () => {
    expect(
      workflowRunUrl({ GITHUB_SERVER_URL: 'https://ghe.example/', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '9' }),
    ).toBe('https://ghe.example/o/r/actions/runs/9')
    expect(workflowRunUrl({ GITHUB_REPOSITORY: 'o/r' })).toBeUndefined()
  })

  it('is what the settings carry for the summary', async () => {
    const inputs: Record<string, string> = { 'api-token': 'a'.repeat(32) }
    const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/site', GITHUB_RUN_ID: '42' }
    expect((await readSettings((name) => inputs[name] ?? '', env)).runUrl).toBe(
      'https://github.com/acme/site/actions/runs/42',
    )
    expect((await readSettings((name) => inputs[name] ?? '', {})).runUrl).toBeUndefined()
  })
})

describe('readSettings: making a token for the job', () => {
  const RUN = { GITHUB_REPOSITORY: 'acme/site', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'deploy' }
  const read = (inputs: Record<string, string>, env: Record<string, string> = RUN) =>
    readSettings((name) => inputs[name] ?? '', env)
  const refusal = async (inputs: Record<string, string>, env?: Record<string, string>): Promise<InputError> => {
    try {
      await read(inputs, env)
    } catch (error) {
      if (error instanceof InputError) return error
      throw error
    }
    throw new Error('expected an InputError')
  }
  const minting = { username: 'deployer@example.test', password: 'pa55-w0rd-for-the-deploy-user' }

  it('mints when username is set, with the defaults: global, all services, one hour, a name for the run', async () => {
    const settings = await read(minting)
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

  it('takes what the workflow asks for', async () => {
    const settings = await read({
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

  it('resolves revoke: auto to post for a made token and to never for a given one, so old workflows keep their meaning', async () => {
    expect((await read(minting)).revocation).toMatchObject({ mode: 'post', madeForJob: true })
    expect((await read({ 'api-token': 'a'.repeat(32) })).revocation).toMatchObject({ mode: 'never', madeForJob: false })
    expect((await read({ ...minting, revoke: 'never' })).revocation.mode).toBe('never')
    expect((await read({ 'api-token': 'a'.repeat(32), revoke: 'post' })).revocation.mode).toBe('post')
  })

  it('ignores FASTLY_API_TOKEN: the step works with the token it makes', async () => {
    expect((await read(minting, { ...RUN, FASTLY_API_TOKEN: 'b'.repeat(32) })).token).toBe('')
  })

  it('needs the password', async () => {
    const error = await refusal({ username: 'deployer@example.test' })
    expect(error.input).toBe('password')
    expect(error.message).toMatch(
      /^Input 'username' is set, .* but 'password' is empty\. Pass the user's password from a secret/,
    )
  })

  it('refuses api-token beside username: one token per step', async () => {
    const error = await refusal({ ...minting, 'api-token': 'a'.repeat(32) })
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
  ])('refuses %s without username, naming it, and never shows its value', async (name, value) => {
    const error = await refusal({ 'api-token': 'a'.repeat(32), [name]: value })
    expect(error.input).toBe(name)
    expect(error.message).toMatch(new RegExp(`^Input '${name}' is set, but 'username' is empty`))
    expect(error.message).not.toContain(value)
  })

  it("accepts the mint inputs' defaults without username, as the runner passes them", async () => {
    await expect(
      read({ 'api-token': 'a'.repeat(32), 'new-token-scope': 'global', 'new-token-expires-in': '1h' }),
    ).resolves.toBeDefined()
  })
})

describe('revoke-token-ids-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ftg-ids-file-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('says where the IDs came from, for the messages about them', async () => {
    const file = join(dir, 'from.txt')
    writeFileSync(file, 'B2\n')
    const from = async (inputs: Record<string, string>) =>
      (await readSettings((name) => ({ 'api-token': 'a'.repeat(32), ...inputs })[name] ?? '', {})).revocation.idsFrom
    expect(await from({ 'revoke-token-ids': 'A1' })).toEqual(['revoke-token-ids'])
    expect(await from({ 'revoke-token-ids-file': file })).toEqual(['revoke-token-ids-file'])
    expect(await from({ 'revoke-token-ids': 'A1', 'revoke-token-ids-file': file })).toEqual([
      'revoke-token-ids',
      'revoke-token-ids-file',
    ])
  })
  const read = (path: string, timeout = '5s') =>
    readSettings((name) => ({ 'api-token': 'a'.repeat(32), 'revoke-token-ids-file': path, timeout })[name] ?? '', {})
  const refusal = async (path: string, timeout?: string): Promise<string> => {
    try {
      await read(path, timeout)
    } catch (error) {
      expect(error).toBeInstanceOf(InputError)
      expect((error as InputError).input).toBe('revoke-token-ids-file')
      return (error as InputError).message
    }
    throw new Error('expected a refusal')
  }

  it('reads a regular file of IDs', async () => {
    writeFileSync(join(dir, 'ids.txt'), 'TkOld1\nTkOld2, TkOld3\n')
    expect((await read(join(dir, 'ids.txt'))).revocation.ids).toEqual(['TkOld1', 'TkOld2', 'TkOld3'])
  })

  it('refuses a named pipe at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    const started = Date.now()
    expect(await refusal(fifo)).toMatch(/is a named pipe \(FIFO\), not a regular file\. .*Nothing was revoked\.$/)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it.each([
    ['/dev/zero', 'is a device, not a regular file'],
    ['/tmp', 'is a directory, not a regular file'],
    ['/nonexistent/ids.json', 'cannot be read (ENOENT)'],
    // A regular file by its type that fails when read: the same refusal, not "failed unexpectedly".
    ['/proc/self/mem', 'cannot be read (EIO)'],
  ])('refuses %s with the reason', async (path, why) => {
    expect(await refusal(path)).toContain(`names ${JSON.stringify(path)}, which ${why}.`)
  })

  it('refuses a file over 1 MiB without reading it into memory', async () => {
    const big = join(dir, 'big.txt')
    writeFileSync(big, 'A'.repeat(1024 * 1024 + 1))
    expect(await refusal(big)).toContain('is larger than 1 MiB (1048577 bytes)')
  })

  it('names the line and the problem, never the content', async () => {
    const secrets = join(dir, 'secrets.txt')
    writeFileSync(secrets, 'TkOld1\nhttps://deploy:hunter2@example.com/x\n')
    const message = await refusal(secrets)
    expect(message).toBe(
      "Input 'revoke-token-ids-file': in the file, line 2 is not a Fastly token ID (letters and digits only). Nothing was revoked.",
    )
    if (existsSync('/etc/passwd')) {
      const passwd = await refusal('/etc/passwd')
      expect(passwd).toMatch(/in the file, line 1(, item \d+)? is not a Fastly token ID/)
      expect(passwd).not.toMatch(/root|bin\/|nologin/)
    }
  })
})

describe('the token', () => {
  const settingsFor = (token: string) => readSettings((name) => (name === 'api-token' ? token : ''), {})

  it.each(['Xq7Lm2Vz9Rt4Wp8Kd1Bn6Cd3Fg5Hj0K', 'abc-_.~+/=:;!#$%&()*,<>?@[]^{|}'])('accepts %j', async (token) => {
    expect((await settingsFor(token)).token).toBe(token)
  })

  it.each(['a"b', "a'b", 'a\\b', 'a`b', 'aéb', 'a\u00a0b', 'a b', 'a\tb', 'a\u0000b', 'a🚀b'])(
    'refuses %j without echoing it',
    async (odd) => {
      // As long as a real token, so that only the odd character can be the reason.
      const token = `Xq7Lm2Vz9Rt4${odd}Wp8Kd1Bn6Cd3Fg5`
      await expect(settingsFor(token)).rejects.toThrow(
        /^The Fastly API token in input 'api-token' contains characters no Fastly token has/,
      )
      await expect(settingsFor(token)).rejects.not.toThrow(token)
    },
  )

  it.each(['false', 'true', 'valid', 'abc123'])(
    'refuses %j, shorter than any Fastly token, without echoing it',
    async (token) => {
      await expect(settingsFor(token)).rejects.toThrow(
        /^The Fastly API token in input 'api-token' is \d+ characters long/,
      )
      await expect(settingsFor(token)).rejects.not.toThrow(`"${token}"`)
    },
  )
})
