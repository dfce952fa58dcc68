import { VERSION } from '../version.js'
import type { BodySink, HttpRequest } from './exchange.js'

export const USER_AGENT = `fastly-token-guard/${VERSION}`
/** Single objects and error bodies are small; anything near this is not Fastly talking. */
const MAX_OBJECT_BYTES = 1024 * 1024
/** Token lists are unpaged; 100,000 tokens are about 50 MB. */
export const MAX_LIST_BYTES = 256 * 1024 * 1024

interface FastlyRequestSpec {
  method: string
  path: string
  /** False for the one request that authenticates otherwise (creating a token with a password): no Fastly-Key. */
  authenticate?: boolean
  /** Further headers, such as Fastly-OTP. */
  headers?: Record<string, string>
  accept?: string
  contentType?: string
  body?: string
  maxBodyBytes?: number
  sink?: () => BodySink
}

/** Every request to Fastly, built in one place: authentication, media types and the size cap of its answer. */
export function fastlyRequest(apiUrl: string, token: string, spec: FastlyRequestSpec): HttpRequest {
  const headers: Record<string, string> = {
    ...(spec.authenticate === false ? {} : { 'Fastly-Key': token }),
    Accept: spec.accept ?? 'application/json',
    'User-Agent': USER_AGENT,
    ...spec.headers,
  }
  if (spec.contentType !== undefined) headers['Content-Type'] = spec.contentType
  return {
    method: spec.method,
    url: new URL(`${apiUrl}${spec.path}`),
    headers,
    maxBodyBytes: spec.maxBodyBytes ?? MAX_OBJECT_BYTES,
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    ...(spec.sink !== undefined ? { sink: spec.sink } : {}),
  }
}
