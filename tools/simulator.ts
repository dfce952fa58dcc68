/**
 * A Fastly API simulator: a real HTTP server on loopback that answers the
 * token endpoints the way Fastly does (status codes, bodies, rate-limit
 * headers, scope and role rules), with knobs for tests to inject faults and
 * to choose between answers where Fastly's behaviour is not known. Used by
 * the tests, the demo, the bench and `npm run simulator`.
 *
 * Rule: the simulator is never kinder than Fastly. Where a Fastly fact is
 * unknown, an option answers either way (see SimulatorOptions). The modules:
 * - simulator/server.ts: the HTTP server, setup methods and fault injection
 * - simulator/routes.ts, create-token.ts: the endpoints
 * - simulator/tokens.ts: answer shapes and who may do what
 * - simulator/rate-limit.ts: the hourly write budget
 * - simulator/totp.ts: one-time codes for two-factor token creation
 */
export { FastlySimulator } from './simulator/server.js'
export { isoSeconds, fastlyId, tokenSecret } from './simulator/tokens.js'
export { AUTOMATION_DEFAULT_PER_PAGE, AUTOMATION_MAX_PER_PAGE } from './simulator/routes.js'
export { REMAINING_HEADER, RESET_HEADER } from './simulator/rate-limit.js'
export { base32Decode, base32Encode, hotp, totp } from './simulator/totp.js'
export type {
  AutomationFields,
  AutomationRole,
  Fault,
  FaultKind,
  RecordedRequest,
  SimulatedToken,
  SimulatedUser,
  SimulatorOptions,
  TokenRecord,
} from './simulator/types.js'
