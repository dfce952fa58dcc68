import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MIN_SECRET_FRAGMENT, REDACTED, SecretRedactor } from '../../src/shared/redact.js'

const SECRET = 'Xy7Qk2Lm9Pv4Rt8Wz1Bn6Cd3Fg5Hj0Ks'

function redactor(...secrets: string[]): SecretRedactor {
  const redact = new SecretRedactor()
  for (const secret of secrets) redact.add(secret)
  return redact
}

/** Whether any piece of MIN_SECRET_FRAGMENT characters of the secret is in the text. */
function holdsPiece(text: string, secret: string): boolean {
  for (let i = 0; i + MIN_SECRET_FRAGMENT <= secret.length; i++)
    if (text.includes(secret.slice(i, i + MIN_SECRET_FRAGMENT))) return true
  return false
}

describe('SecretRedactor', () => {
  it('replaces the whole secret, wherever and however often it appears', () => {
    expect(redactor(SECRET).redact(`a ${SECRET} b ${SECRET}${SECRET}`)).toBe(`a ${REDACTED} b ${REDACTED}`)
  })

  it('replaces a piece left at a cut, at either end, and a piece in the middle', () => {
    const redact = redactor(SECRET)
    expect(redact.redact(`Token ${SECRET.slice(0, 12)}...`)).toBe(`Token ${REDACTED}...`)
    expect(redact.redact(`...${SECRET.slice(-9)} is invalid`)).toBe(`...${REDACTED} is invalid`)
    expect(redact.redact(`<${SECRET.slice(5, 5 + MIN_SECRET_FRAGMENT)}>`)).toBe(`<${REDACTED}>`)
  })

  it('leaves pieces shorter than the minimum, and text that shares no piece', () => {
    const redact = redactor(SECRET)
    const short = SECRET.slice(0, MIN_SECRET_FRAGMENT - 1)
    expect(redact.redact(`x${short}x`)).toBe(`x${short}x`)
    expect(redact.redact('Provided credentials are missing or invalid')).toBe(
      'Provided credentials are missing or invalid',
    )
    expect(new SecretRedactor().redact(SECRET)).toBe(SECRET)
  })

  it('replaces the other forms it is given', () => {
    const redact = new SecretRedactor()
    redact.add('a&b<c>d|efgh', 'a&amp;b&lt;c&gt;d&#124;efgh')
    expect(redact.redact('<td>a&amp;b&lt;c&gt;d&#124;efgh</td>')).toBe(`<td>${REDACTED}</td>`)
  })

  it('leaves alone a secret too short to be told from ordinary words, as given or as a password', () => {
    const redact = new SecretRedactor()
    redact.add('false')
    redact.add('e')
    redact.addWhole('true', 'pass')
    const outputs = '{"passed":"false","status":"expiring","revoked":"true","note":"password"}'
    expect(redact.redact(outputs)).toBe(outputs)
    // Eight characters and more are redacted, whole or in pieces.
    redact.addWhole('hunter22')
    expect(redact.redact('password hunter22')).toBe(`password ${REDACTED}`)
  })

  it('leaves no piece that its own *** completes, when a secret holds *', () => {
    const redact = redactor('#(!!]](]', '(!*#(]!(]]')
    expect(holdsPiece(redact.redact('#(!!]](]#(]!(]]#(!!]]'), '(!*#(]!(]]')).toBe(false)
  })

  it('never leaves a piece of 8 or more characters of any secret (property)', () => {
    const secret = fc.stringMatching(/^[!#-&(-[\]-~]{8,64}$/)
    fc.assert(
      fc.property(secret, secret, fc.array(fc.oneof(fc.string(), fc.constant('')), { maxLength: 5 }), (a, b, noise) => {
        const redact = redactor(a, b)
        const text = [noise[0] ?? '', a, noise[1] ?? '', b.slice(3), noise[2] ?? '', a.slice(0, -2)].join('')
        const out = redact.redact(text)
        expect(holdsPiece(out, a)).toBe(false)
        expect(holdsPiece(out, b)).toBe(false)
      }),
      { numRuns: 500 },
    )
  })

  it('is linear: 8 MB of text in well under a second', () => {
    const redact = redactor(SECRET, 'ghs_0123456789abcdefghijklmnopqrstuvwxyzAB')
    const text = `${'{"id":"SU1Z0isxPaozGVKXdv0eY","name":"deploy-ci","scope":"global"},\n'.repeat(120_000)}${SECRET}`
    const started = performance.now()
    const out = redact.redact(text)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(out.endsWith(REDACTED)).toBe(true)
    expect(out.length).toBe(text.length - SECRET.length + REDACTED.length)
  })
})
