/**
 * A stand-in for the part of GitHub's REST API the audit issue uses, on
 * loopback: list a repository's issues by label and state, create, update,
 * comment, and GraphQL's `viewer { login }` (whom a token acts as). Like
 * GitHub, it records who opened each issue (`user.login`): the login of the
 * token that created it. Point the action at it with GITHUB_API_URL.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** The login GitHub shows for issues opened with a workflow's GITHUB_TOKEN. */
const ACTIONS_BOT = 'github-actions[bot]'

export interface StandinIssue {
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  state_reason: string | null
  labels: string[]
  comments: string[]
  /** The login that opened it. */
  author: string
}

export interface StandinRequest {
  method: string
  path: string
  authorization: string | undefined
  body: string
}

export class GitHubStandin {
  readonly issues: StandinIssue[] = []
  readonly requests: StandinRequest[] = []
  /** Answer every request with this status (e.g. 403), to test failures. */
  failWith: number | undefined
  /** Answer the next this-many requests with `failWith`-like statuses (then normally): transient trouble. */
  private transient: Array<{ status: number; headers: Record<string, string> }> = []
  /** Accept every request and never answer it: a GitHub that hangs. */
  hang = false
  /** Token -> the login it acts as. */
  private readonly logins = new Map<string, string>()
  private readonly sockets = new Set<Socket>()
  private server: Server | undefined
  url = ''

  constructor(
    readonly repository: string,
    readonly token: string,
    login: string = ACTIONS_BOT,
  ) {
    this.logins.set(token, login)
  }

  static async start(repository: string, token: string, login: string = ACTIONS_BOT): Promise<GitHubStandin> {
    const standin = new GitHubStandin(repository, token, login)
    standin.server = createServer((req, res) => standin.handle(req, res))
    standin.server.on('connection', (socket) => {
      standin.sockets.add(socket)
      socket.on('close', () => standin.sockets.delete(socket))
    })
    await new Promise<void>((resolve) => standin.server!.listen(0, '127.0.0.1', () => resolve()))
    standin.url = `http://127.0.0.1:${(standin.server.address() as AddressInfo).port}`
    return standin
  }

  /** Another token this GitHub accepts, acting as `login` (a person's token, another app's). */
  allowToken(token: string, login: string): void {
    this.logins.set(token, login)
  }

  /** The next `times` requests answer `status` (with `headers`), as a GitHub in trouble would. */
  failNext(status: number, times = 1, headers: Record<string, string> = {}): void {
    for (let i = 0; i < times; i++) this.transient.push({ status, headers })
  }

  /** An issue opened by someone else (a person, another app), as it would be found. */
  addIssue(issue: Partial<StandinIssue> & { author: string }): StandinIssue {
    const full: StandinIssue = {
      number: this.issues.length + 1,
      title: 'An issue',
      body: '',
      state: 'open',
      state_reason: null,
      labels: [],
      comments: [],
      ...issue,
    }
    this.issues.push(full)
    return full
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server?.close(() => resolve()))
  }

  private json(issue: StandinIssue): Record<string, unknown> {
    return {
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      state_reason: issue.state_reason,
      labels: issue.labels.map((name) => ({ name })),
      user: { login: issue.author, type: issue.author.endsWith('[bot]') ? 'Bot' : 'User' },
      html_url: `https://github.com/${this.repository}/issues/${issue.number}`,
    }
  }

  private loginOf(authorization: string | undefined): string | undefined {
    const token = /^(?:token|Bearer) (.+)$/.exec(authorization ?? '')?.[1]
    return token !== undefined ? this.logins.get(token) : undefined
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const url = new URL(req.url ?? '/', this.url)
      this.requests.push({
        method: req.method ?? 'GET',
        path: `${url.pathname}${url.search}`,
        authorization: req.headers.authorization,
        body,
      })
      if (this.hang) return
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        const text = JSON.stringify(payload)
        res.writeHead(status, {
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(text)),
          ...headers,
        })
        res.end(text)
      }
      const login = this.loginOf(req.headers.authorization)
      if (login === undefined) return send(401, { message: 'Bad credentials' })
      const trouble = this.transient.shift()
      if (trouble !== undefined) return send(trouble.status, { message: 'Server Error' }, trouble.headers)
      if (this.failWith !== undefined) return send(this.failWith, { message: 'Resource not accessible by integration' })
      const input = body === '' ? {} : (JSON.parse(body) as Record<string, unknown>)
      if (req.method === 'POST' && url.pathname === '/graphql') {
        if (typeof input.query === 'string' && /\bviewer\s*\{\s*login\s*\}/.test(input.query))
          return send(200, { data: { viewer: { login } } })
        return send(200, { errors: [{ message: 'This stand-in answers only viewer { login }' }] })
      }
      const base = `/repos/${this.repository}/issues`
      if (req.method === 'GET' && url.pathname === base) {
        const state = url.searchParams.get('state') ?? 'open'
        const labels = (url.searchParams.get('labels') ?? '').split(',').filter((label) => label !== '')
        const found = this.issues.filter(
          (issue) =>
            (state === 'all' || issue.state === state) && labels.every((label) => issue.labels.includes(label)),
        )
        return send(
          200,
          found.map((issue) => this.json(issue)),
        )
      }
      if (req.method === 'POST' && url.pathname === base) {
        const issue: StandinIssue = {
          number: this.issues.length + 1,
          title: String(input.title),
          body: String(input.body ?? ''),
          state: 'open',
          state_reason: null,
          labels: (input.labels as string[] | undefined) ?? [],
          comments: [],
          author: login,
        }
        this.issues.push(issue)
        return send(201, this.json(issue))
      }
      const one = new RegExp(`^${base}/(\\d+)(/comments)?$`).exec(url.pathname)
      const issue = one ? this.issues.find((candidate) => candidate.number === Number(one[1])) : undefined
      if (one && issue === undefined) return send(404, { message: 'Not Found' })
      if (issue !== undefined && req.method === 'PATCH' && one![2] === undefined) {
        if (typeof input.title === 'string') issue.title = input.title
        if (typeof input.body === 'string') issue.body = input.body
        if (input.state === 'open' || input.state === 'closed') issue.state = input.state
        if (typeof input.state_reason === 'string') issue.state_reason = input.state_reason
        return send(200, this.json(issue))
      }
      if (issue !== undefined && req.method === 'POST' && one![2] === '/comments') {
        issue.comments.push(String(input.body))
        return send(201, { id: issue.comments.length, body: input.body })
      }
      send(404, { message: 'Not Found' })
    })
  }
}
