import { describe, expect, it } from 'vitest'
import { parseRequiredScopes, parseRequiredServices } from '../../src/inputs/parsers.js'
import { missingScopes, missingServices } from '../../src/verify/permissions.js'

describe('scopes', () => {
  it('reads known scopes in any case and separator', () => {
    expect(parseRequiredScopes('required-scopes', 'purge_all, GLOBAL:READ\npurge_select')).toEqual([
      'purge_all',
      'global:read',
      'purge_select',
    ])
  })

  it('refuses a scope Fastly does not have, listing the real ones', () => {
    expect(() => parseRequiredScopes('required-scopes', 'purge_all purge')).toThrow(
      'Input \'required-scopes\' has the scope "purge", which Fastly does not have. Use any of: global, purge_select, purge_all, global:read.',
    )
  })

  it('lets global satisfy every scope, and nothing else satisfy another', () => {
    expect(missingScopes(['global'], ['purge_all', 'global:read'])).toEqual([])
    expect(missingScopes(['purge_all'], ['purge_select'])).toEqual(['purge_select'])
    expect(missingScopes(['global:read'], ['global'])).toEqual(['global'])
    expect(missingScopes(['purge_select', 'purge_all'], ['purge_all'])).toEqual([])
    expect(missingScopes([], ['global:read'])).toEqual(['global:read'])
  })
})

describe('services', () => {
  it('treats a token limited to no service as allowed on all', () => {
    expect(missingServices([], ['SvcA', 'SvcB'])).toEqual([])
  })
  it('reports the services a limited token cannot act on', () => {
    expect(missingServices(['SvcA'], ['SvcA', 'SvcB'])).toEqual(['SvcB'])
  })
  it('validates service IDs before they reach any request', () => {
    expect(parseRequiredServices('required-services', 'SvcA,SvcB')).toEqual(['SvcA', 'SvcB'])
    expect(() => parseRequiredServices('required-services', '../tokens')).toThrow(
      /Input 'required-services' has "..\/tokens", which is not a Fastly service ID/,
    )
  })
})
