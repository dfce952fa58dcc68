/** Answers that go wrong the ways networks, proxies and an overloaded Fastly do, for `injectFault`. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Fault, RecordedRequest } from './types.js'

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Provided credentials are missing or invalid',
  403: 'Not authorized to perform this action',
  404: 'Record not found',
  429: 'Rate limit exceeded',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/**
 * Answers `req` with `fault` instead of the real answer. `realBody` is the
 * body a GET would get without the fault, so truncated and dripping answers
 * are cut from the real thing; `later` runs a callback on a timer the
 * simulator clears when it closes.
 */
export function applyFault(
  fault: Fault,
  req: IncomingMessage,
  res: ServerResponse,
  recorded: RecordedRequest,
  realBody: string,
  later: (ms: number, fn: () => void) => void,
): void {
  const status = fault.status ?? 200
  recorded.status = status
  switch (fault.kind) {
    case 'status': {
      const body = fault.body ?? JSON.stringify({ msg: REASONS[status] ?? 'Error' })
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(body)),
        ...fault.headers,
      })
      res.end(body)
      return
    }
    case 'drop':
      recorded.status = 0
      req.socket.destroy()
      return
    case 'hang':
      recorded.status = 0
      return
    case 'truncate': {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(realBody)) })
      res.write(realBody.slice(0, Math.floor(realBody.length / 2)))
      later(20, () => req.socket.destroy())
      return
    }
    case 'drip': {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(realBody)) })
      let sent = 0
      const drip = () => {
        if (res.destroyed || sent >= realBody.length) return
        res.write(realBody[sent]!)
        sent += 1
        later(1000, drip)
      }
      drip()
      return
    }
    case 'html': {
      const code = fault.status ?? 502
      recorded.status = code
      const page = `<!DOCTYPE html><html><head><title>${code} ${REASONS[code] ?? 'Error'}</title></head><body><h1>${REASONS[code] ?? 'Error'}</h1><p>upstream proxy</p></body></html>`
      res.writeHead(code, { 'Content-Type': 'text/html', 'Content-Length': String(Buffer.byteLength(page)) })
      res.end(page)
      return
    }
    case 'malformed': {
      const body = realBody.slice(0, Math.floor(realBody.length / 2))
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) })
      res.end(body)
      return
    }
    case 'empty':
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '0' })
      res.end()
      return
    case 'wrong-type': {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '2' })
      res.end('OK')
      return
    }
    case 'huge': {
      const total = fault.bytes ?? 2 * 1024 * 1024
      res.writeHead(200, { 'Content-Type': 'application/json' })
      const block = Buffer.alloc(64 * 1024, 0x20)
      let sent = 0
      const pump = () => {
        while (sent < total && !res.destroyed) {
          sent += block.length
          if (!res.write(block)) {
            res.once('drain', pump)
            return
          }
        }
        if (!res.destroyed) res.end()
      }
      pump()
      return
    }
    case 'redirect': {
      const code = fault.status ?? 302
      recorded.status = code
      res.writeHead(code, {
        Location: fault.location ?? 'https://elsewhere.example/tokens/self',
        'Content-Length': '0',
      })
      res.end()
      return
    }
  }
}
