import type { VerifyReport } from './verify-report.js'
import { evaluateToken, type GatePolicy } from './verdict.js'
import { FastlyApiError, type FastlyErrorSymptom } from '../fastly/errors.js'
import type { FastlyClient } from '../fastly/client.js'
import type { CatalogueKey } from '../report/catalogue.js'

/** The entry of a failure with no verdict, by what the error showed: each has its own advice. */
const NO_VERDICT: Record<FastlyErrorSymptom, CatalogueKey> = {
  'wait-too-long': 'verify-wait-too-long',
  'html-page': 'verify-html-page',
  'not-json': 'verify-not-json',
  'connection-reset': 'verify-connection-reset',
}

/** Turns a failed `GET /tokens/self` into a report: 401/403 are a verdict, anything else is not. */
function reportFromError(error: FastlyApiError, madeForJob: boolean): VerifyReport {
  if (error.kind === 'http' && error.status === 401) {
    // "Update the secret" is no advice for a token this step made a moment ago.
    const advice = madeForJob
      ? 'This step made it a moment ago, so Fastly refused what it had just made; run the job again, and if it recurs check new-token-expires-in and the user in username.'
      : 'Create a new token and update the secret.'
    return {
      status: 'invalid',
      httpStatus: 401,
      failure: {
        key: 'token-rejected-401',
        message: `Fastly rejected the token: it is missing, expired or revoked (${error.message}). ${advice}`,
      },
    }
  }
  if (error.kind === 'http' && error.status === 403) {
    return {
      status: 'invalid',
      httpStatus: 403,
      failure: {
        key: 'token-rejected-403',
        message: `Fastly rejected the token or does not permit it here: ${error.detail} (${error.method} ${error.path} answered HTTP 403). Check that the secret holds a current token of the right account.`,
      },
    }
  }
  return {
    status: 'error',
    failure: {
      key: error.symptom !== undefined ? NO_VERDICT[error.symptom] : 'verify-failed',
      message: `Could not verify the token: ${error.message}.`,
    },
  }
}

/** Asks Fastly about the token and applies the gate's policy to the answer. */
export async function verifyToken(client: FastlyClient, policy: GatePolicy, now: () => Date): Promise<VerifyReport> {
  try {
    const token = await client.getSelf()
    const verdict = evaluateToken(token, policy, now())
    return { status: verdict.status, token, verdict }
  } catch (error) {
    if (error instanceof FastlyApiError) return reportFromError(error, policy.asked !== undefined)
    throw error
  }
}
