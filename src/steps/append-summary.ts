import type { Toolkit } from '../runner/toolkit.js'
import { describeUnknownError } from '../shared/describe-error.js'

/** Appends to the summary; a failure to write it is a warning, never a failed step (the summary is for people). */
export async function appendSummarySafely(toolkit: Toolkit, html: string): Promise<void> {
  try {
    await toolkit.appendSummary(html)
  } catch (error) {
    toolkit.warning({
      key: 'summary-not-written',
      message: `Could not write the job summary: ${describeUnknownError(error)}`,
    })
  }
}
