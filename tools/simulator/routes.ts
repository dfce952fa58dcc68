/**
 * The token endpoints, answered as strictly as Fastly answers them: every
 * write spends its user's hourly budget and carries the rate-limit headers,
 * read-only tokens may not write, purge-only tokens may not list or revoke
 * others, and only superusers see the customer's or the automation tokens.
 */
import { authFailure, NOT_AUTHORIZED, NOT_FOUND, READ_ONLY } from './answers.js'
import { createToken } from './create-token.js'
import { ANONYMOUS_BUDGET, RATE_LIMITED } from './rate-limit.js'
import type { SimulatorState } from './state.js'
import {
  automationListItem,
  budgetKey,
  isPurgeOnly,
  isReadOnly,
  mayListCustomer,
  mayManage,
  tokenView,
} from './tokens.js'
import type { ApiAnswer, ApiRequest, SimulatedToken } from './types.js'

/**
 * `GET /automation-tokens` paging. Fastly's default and largest `per_page` are
 * not recorded (clients send per_page=100): the simulator assumes a default of
 * 20, so a client that sends none and ignores `total_pages` misses tokens, and
 * clamps larger values to 100.
 */
export const AUTOMATION_DEFAULT_PER_PAGE = 20
export const AUTOMATION_MAX_PER_PAGE = 100

type Route =
  | { name: 'self' }
  | { name: 'tokens' }
  | { name: 'token'; id: string }
  | { name: 'customer'; customerId: string }
  | { name: 'automation' }

function decode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    // A malformed escape names no token: look it up as written, which finds nothing.
    return part
  }
}

function matchRoute(path: string): Route | undefined {
  if (path === '/tokens/self') return { name: 'self' }
  if (path === '/tokens') return { name: 'tokens' }
  if (path === '/automation-tokens') return { name: 'automation' }
  const byId = /^\/tokens\/([^/]+)$/.exec(path)
  if (byId !== null) return { name: 'token', id: decode(byId[1]!) }
  const customer = /^\/customer\/([^/]+)\/tokens$/.exec(path)
  if (customer !== null) return { name: 'customer', customerId: decode(customer[1]!) }
  return undefined
}

function isWrite(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD'
}

/** Answers one request to the API (everything but the simulator's own metadata path). */
export function answerApi(state: SimulatorState, request: ApiRequest): ApiAnswer {
  const { method, path } = request
  const route = matchRoute(path)
  if (route === undefined) return { status: 404, body: { msg: 'Record not found', detail: `Cannot ${method} ${path}` } }
  if (route.name === 'tokens' && method === 'POST') return createToken(state, request)

  const auth = state.authenticate(request.headers['fastly-key'])
  let limits: Record<string, string> = {}
  if (isWrite(method)) {
    // Every write spends the budget, refused or not, before anything else is judged: never kinder than Fastly.
    const spent = state.budgets.spend('token' in auth ? budgetKey(auth.token) : ANONYMOUS_BUDGET)
    limits = spent.headers
    if (!spent.allowed) return { status: 429, body: RATE_LIMITED, headers: limits }
  }
  const reply = (status: number, body?: unknown): ApiAnswer => ({ status, body, headers: limits })
  if (auth.kind !== 'valid') return { ...authFailure(state, auth), headers: limits }
  const caller = auth.token
  if (isWrite(method) && isReadOnly(caller)) return reply(403, READ_ONLY)
  const shape = state.settings.automationSelfShape
  const live = (token: SimulatedToken) => !token.revoked

  switch (route.name) {
    case 'self':
      if (method === 'GET' || method === 'HEAD') return reply(200, tokenView(caller, shape))
      if (method === 'DELETE') {
        caller.revoked = true
        return reply(204)
      }
      break
    case 'tokens':
      if (method === 'GET' || method === 'HEAD') {
        if (isPurgeOnly(caller)) return reply(403, NOT_AUTHORIZED)
        if (caller.kind === 'automation')
          return state.settings.automationUserList === 'empty' ? reply(200, []) : reply(403, NOT_AUTHORIZED)
        const own = state.tokens.filter(
          (token) => live(token) && token.kind === 'user' && token.record.user_id === caller.record.user_id,
        )
        return reply(
          200,
          own.map((token) => tokenView(token, shape)),
        )
      }
      if (method === 'DELETE') return bulkRevoke(state, request, caller, reply)
      break
    case 'customer':
      if (method === 'GET' || method === 'HEAD') {
        if (isPurgeOnly(caller) || !mayListCustomer(caller, route.customerId)) return reply(403, NOT_AUTHORIZED)
        const listed = state.tokens.filter(
          (token) =>
            live(token) &&
            token.record.customer_id === route.customerId &&
            (token.kind === 'user' || state.settings.customerListIncludesAutomation),
        )
        return reply(
          200,
          listed.map((token) => tokenView(token, shape)),
        )
      }
      break
    case 'token': {
      if (method !== 'GET' && method !== 'HEAD' && method !== 'DELETE') break
      const own = route.id === caller.record.id
      // A purge-only token may act on itself but not look at or revoke others (the project's assumption, see tokens.ts).
      if (!own && isPurgeOnly(caller)) return reply(403, NOT_AUTHORIZED)
      const target = state.token(route.id)
      if (target === undefined || target.revoked) return reply(404, NOT_FOUND)
      if (!mayManage(caller, target)) return reply(403, NOT_AUTHORIZED)
      if (method === 'DELETE') {
        target.revoked = true
        return reply(204)
      }
      return reply(200, tokenView(target, shape))
    }
    case 'automation':
      if (method === 'GET' || method === 'HEAD') return listAutomation(state, request, caller, reply)
      break
  }
  return reply(405, { msg: 'Method Not Allowed' })
}

type Reply = (status: number, body?: unknown) => ApiAnswer

/** `DELETE /tokens` with a JSON:API bulk body: all or nothing, as one request. */
function bulkRevoke(state: SimulatorState, request: ApiRequest, caller: SimulatedToken, reply: Reply): ApiAnswer {
  if (isPurgeOnly(caller)) return reply(403, NOT_AUTHORIZED)
  const type = request.headers['content-type'] ?? ''
  if (!type.includes('application/vnd.api+json') || !type.includes('ext=bulk')) {
    return reply(415, { msg: 'Unsupported Media Type', detail: 'expected application/vnd.api+json; ext=bulk' })
  }
  let ids: string[]
  try {
    const parsed = JSON.parse(request.body) as { data?: Array<{ type?: string; id?: string }> }
    // An empty list is refused rather than quietly done (unknown for Fastly; the stricter answer).
    if (!Array.isArray(parsed.data) || parsed.data.length === 0) throw new Error('no data')
    ids = parsed.data.map((item) => {
      if (item.type !== 'token' || typeof item.id !== 'string') throw new Error('bad item')
      return item.id
    })
  } catch {
    return reply(400, { msg: 'Bad Request', detail: 'body must be {"data":[{"type":"token","id":"..."}]}' })
  }
  const targets = ids.map((id) => state.token(id))
  if (targets.some((token) => token === undefined || token.revoked)) return reply(404, NOT_FOUND)
  if (targets.some((token) => !mayManage(caller, token!))) return reply(403, NOT_AUTHORIZED)
  for (const token of targets) token!.revoked = true
  return reply(204)
}

/** A positive whole number from the query, the default when absent, or undefined when malformed. */
function pageParam(query: URLSearchParams, name: string, fallback: number): number | undefined {
  const raw = query.get(name)
  if (raw === null) return fallback
  return /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : undefined
}

/** `GET /automation-tokens?page=N&per_page=M`: the customer's automation tokens, one page in a JSON:API-style envelope. */
function listAutomation(state: SimulatorState, request: ApiRequest, caller: SimulatedToken, reply: Reply): ApiAnswer {
  if (isPurgeOnly(caller) || !mayListCustomer(caller, caller.record.customer_id)) return reply(403, NOT_AUTHORIZED)
  const page = pageParam(request.query, 'page', 1)
  const asked = pageParam(request.query, 'per_page', AUTOMATION_DEFAULT_PER_PAGE)
  // Malformed paging is refused (unrecorded for Fastly; the stricter answer).
  if (page === undefined || asked === undefined)
    return reply(400, { msg: 'Bad Request', detail: 'page and per_page must be positive integers' })
  const perPage = Math.min(asked, AUTOMATION_MAX_PER_PAGE)
  const all = state.tokens.filter(
    (token) => !token.revoked && token.kind === 'automation' && token.record.customer_id === caller.record.customer_id,
  )
  const data = all.slice((page - 1) * perPage, page * perPage).map(automationListItem)
  return reply(200, {
    data,
    meta: {
      per_page: perPage,
      current_page: page,
      record_count: all.length,
      total_pages: Math.ceil(all.length / perPage),
    },
  })
}
