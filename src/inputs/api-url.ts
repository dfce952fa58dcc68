import { InputError, quoteValue } from './input-error.js'

export const DEFAULT_API_URL = 'https://api.fastly.com'
const MAX_API_URL_LENGTH = 2048

/**
 * Checks `api-url` before the token is sent anywhere. Plain http would put the
 * token on the wire in clear text, so it is allowed only to this machine, which
 * is what local testing against the simulator needs.
 */
export function parseApiUrl(input: string, raw: string): string {
  const value = raw.trim() === '' ? DEFAULT_API_URL : raw.trim()
  // Echoed only once it reads as a URL without a user name or password: a value that is no URL may still hold
  // one (a full-width ＠, a %40), and a user name and password are credentials.
  let shown = 'a value (not shown: it may hold a password)'
  const refuse = (why: string): never => {
    throw new InputError(
      'input-not-valid',
      input,
      `Input '${input}' has ${shown}, which ${why}. Use ${DEFAULT_API_URL} (the default) or another https:// URL.`,
    )
  }

  let url: URL
  try {
    url = new URL(value)
  } catch {
    return refuse('is not a URL')
  }
  if (url.username !== '' || url.password !== '') refuse('carries a user name or password')
  shown = quoteValue(raw)
  if (url.search !== '' || url.hash !== '') refuse('has a query or fragment')
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      refuse(
        'uses plain http:// to a host other than this machine, which would send the token unencrypted; http:// is allowed only to 127.0.0.0/8, localhost or [::1]',
      )
    }
  } else if (url.protocol !== 'https:') {
    refuse(`uses the scheme ${url.protocol.replace(/:$/, '')}, not https`)
  }
  const normalised = `${url.origin}${url.pathname.replace(/\/+$/, '')}`
  // The URL travels in the post step's record, which must fit an environment variable with room to spare.
  if (normalised.length > MAX_API_URL_LENGTH) refuse(`is longer than ${MAX_API_URL_LENGTH} characters`)
  return normalised
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase()
  if (host === 'localhost' || host === '[::1]') return true
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host)
  return octets !== null && octets.slice(1).every((octet) => Number(octet) <= 255)
}
