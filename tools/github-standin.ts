/**
 * A stand-in for the part of GitHub's REST API the audit issue uses, on
 * loopback: list a repository's issues by label and state, create, update,
 * comment. Point the action at it with GITHUB_API_URL.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface StandinIssue {
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  state_reason: string | null
  labels: string[]
  comments: string[]
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
  private server: Server | undefined
  url = ''

  constructor(
    readonly repository: string,
    readonly token: string,
  ) {}

  static async start(repository: string, token: string): Promise<GitHubStandin> {
    const standin = new GitHubStandin(repository, token)
    standin.server = createServer((req, res) => standin.handle(req, res))
    await new Promise<void>((resolve) => standin.server!.listen(0, '127.0.0.1', () => resolve()))
    standin.url = `http://127.0.0.1:${(standin.server.address() as AddressInfo).port}`
    return standin
  }

  async close(): Promise<void> {
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
      html_url: `https://github.com/${this.repository}/issues/${issue.number}`,
    }
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
      const send = (status: number, payload: unknown) => {
        const text = JSON.stringify(payload)
        res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) })
        res.end(text)
      }
      if (req.headers.authorization !== `token ${this.token}` && req.headers.authorization !== `Bearer ${this.token}`) {
        return send(401, { message: 'Bad credentials' })
      }
      if (this.failWith !== undefined) return send(this.failWith, { message: 'Resource not accessible by integration' })
      const base = `/repos/${this.repository}/issues`
      const input = body === '' ? {} : (JSON.parse(body) as Record<string, unknown>)
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
