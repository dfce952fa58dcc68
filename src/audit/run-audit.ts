import type { FastlyClient, TokenList } from '../fastly/client.js'
import { DEFAULT_RETRY_POLICY } from '../fastly/retry-policy.js'
import { FastlyApiError } from '../fastly/errors.js'
import { createGitHubIssues, GitHubIssueError } from '../github/issues.js'
import type { Settings } from '../inputs/settings.js'
import { type AuditOutputs, auditOutputs } from '../report/outputs.js'
import { cutText } from '../report/summary-html.js'
import type { Notice } from '../report/catalogue.js'
import type { SummarySection } from '../report/summary-model.js'
import type { Toolkit } from '../runner/toolkit.js'
import type { VerifyReport } from '../verify/verify-report.js'
import { auditFileContent, auditFilePath, writeAuditFile } from './audit-file.js'
import { planAudit } from './audit-plan.js'
import { auditSections, MAX_SUMMARY_NAME_CHARS } from './audit-summary.js'
import { AUDIT_FLAGS, type AuditResult, type AuditScope, auditTokens, countTokensOf } from './classify.js'
import { buildAuditIssue, defaultIssueKey } from './issue-content.js'
import { issueMarker } from './issue-marker.js'
import { syncAuditIssue } from './issue-sync.js'
import { mergeTokenLists } from './merge-tokens.js'

/** What the audit phase hands back to the main step. */
export interface AuditPhase {
  result: AuditResult | undefined
  /** Summary sections, in order. */
  sections: SummarySection[]
  warnings: Notice[]
  failures: Notice[]
  outputs: AuditOutputs['outputs']
}

function describeListError(error: FastlyApiError, scope: AuditScope): Notice {
  if (error.kind === 'http' && error.status === 403 && error.path.startsWith('/customer/')) {
    return {
      key: 'audit-customer-list-refused',
      message: `Fastly refused to list the tokens of customer ${scope.subjectId}: ${error.detail} (${error.method} ${error.path} answered HTTP 403). Listing a customer's tokens needs a superuser's token; 'audit: user' lists the tokens of the token's own user.`,
    }
  }
  if (error.kind === 'http' && error.status === 403 && error.path.startsWith('/automation-tokens')) {
    return {
      key: 'audit-automation-list-refused',
      message: `Fastly refused to list the automation tokens of customer ${scope.subjectId}: ${error.detail} (${error.method} ${error.path} answered HTTP 403). Listing automation tokens needs a superuser: a superuser's token, or an automation token with the superuser role.`,
    }
  }
  return { key: 'audit-failed', message: `The token audit failed: ${error.message}.` }
}

/** Reads the lists the audit needs: the user's, the automation tokens, or the customer's and the automation tokens merged. */
async function listTokens(
  client: FastlyClient,
  scope: AuditScope,
  withAutomation: boolean,
): Promise<TokenList & { inBoth: number; automationError?: FastlyApiError }> {
  if (scope.mode === 'user') return { ...(await client.listUserTokens()), inBoth: 0 }
  if (scope.mode === 'automation') return { ...(await client.listAutomationTokens()), inBoth: 0 }
  const people = await client.listCustomerTokens(scope.subjectId)
  if (!withAutomation) return { ...people, inBoth: 0 }
  let robots: TokenList
  try {
    robots = await client.listAutomationTokens()
  } catch (error) {
    // The people's tokens are read: audit them, and say the automation tokens could not be.
    if (!(error instanceof FastlyApiError)) throw error
    return { ...people, inBoth: 0, automationError: error }
  }
  const { tokens, inBoth } = mergeTokenLists(people.tokens, robots.tokens)
  return {
    tokens,
    inBoth,
    unreadable: people.unreadable + robots.unreadable,
    unreadableIds: [...people.unreadableIds, ...robots.unreadableIds],
    bytes: people.bytes + robots.bytes,
    responses: people.responses + robots.responses,
    busyMs: people.busyMs + robots.busyMs,
    finishedAt: robots.finishedAt,
  }
}

/**
 * A report-only audit (no audit-fail-on) still tells someone: one warning per
 * category of the tokens that need a person, so a scheduled run's annotations
 * show them without opening the summary.
 */
function findingWarnings(result: AuditResult): Notice[] {
  return AUDIT_FLAGS.flatMap((flag): Notice[] => {
    const found = result.needsAttention.filter((entry) => entry.category === flag)
    if (found.length === 0) return []
    const examples = found
      .slice(0, 3)
      .map((entry) => `${cutText(entry.token.name ?? '(no name)', MAX_SUMMARY_NAME_CHARS)} (${entry.token.id})`)
      .join(', ')
    const more = found.length > 3 ? ` and ${found.length - 3} more` : ''
    return [
      {
        key: 'audit-findings',
        message: `The token audit found ${found.length} token${found.length === 1 ? '' : 's'} whose most urgent flag is ${flag}: ${examples}${more}. See the job summary or the audit-file output; audit-fail-on makes such tokens fail the step.`,
      },
    ]
  })
}

function failingNotice(result: AuditResult, failOn: readonly string[]): Notice {
  const counts = AUDIT_FLAGS.filter((flag) => failOn.includes(flag))
    .map((flag) => `${flag}: ${result.failing.filter((entry) => entry.flags.includes(flag)).length}`)
    .join(', ')
  const examples = result.failing
    .slice(0, 3)
    .map((entry) => `${cutText(entry.token.name ?? '(no name)', MAX_SUMMARY_NAME_CHARS)} (${entry.token.id})`)
    .join(', ')
  const more = result.failing.length > 3 ? ` and ${result.failing.length - 3} more` : ''
  return {
    key: 'audit-fail-on',
    message: `The token audit found ${result.failing.length} token${result.failing.length === 1 ? '' : 's'} flagged in audit-fail-on (${counts}): ${examples}${more}. See the job summary or the audit-file output.`,
  }
}

/** An audit that could not run still leaves its file, saying why, so a later step reading audit-file never finds nothing. */
function writeFailedAudit(
  toolkit: Toolkit,
  file: string,
  mode: string,
  message: string,
  now: Date,
): AuditPhase['outputs'] {
  writeAuditFile(
    file,
    [`${JSON.stringify({ generatedAt: now.toISOString(), mode, error: message, tokens: [] }, null, 1)}\n`],
    toolkit.redact,
  )
  toolkit.info(`Wrote the audit file (the audit did not run) to ${file}.`)
  return { 'audit-file': file }
}

/**
 * Lists the user's or the customer's tokens, classifies them, and reports:
 * outputs, the audit file, the summary, and the GitHub issue when asked.
 */
export async function runAuditPhase(
  toolkit: Toolkit,
  client: FastlyClient,
  settings: Settings,
  report: VerifyReport,
  now: Date,
): Promise<AuditPhase> {
  const { audit } = settings
  const mode = audit.mode === 'none' ? 'user' : audit.mode
  return toolkit.group(`Fastly token audit (${mode})`, async () => {
    if (report.status !== 'valid' && report.status !== 'expiring') {
      const message = 'The token audit did not run: the token could not be verified.'
      const outputs = writeFailedAudit(toolkit, auditFilePath(toolkit.env, audit.issueKey || mode), mode, message, now)
      return { result: undefined, sections: [{ kind: 'note', text: message }], warnings: [], failures: [], outputs }
    }
    const { token } = report
    const plan = planAudit(mode, token, audit.customerId)
    if ('problem' in plan) {
      const outputs = writeFailedAudit(
        toolkit,
        auditFilePath(toolkit.env, audit.issueKey || mode),
        mode,
        plan.problem.message,
        now,
      )
      return { result: undefined, sections: [], warnings: [], failures: [plan.problem], outputs }
    }
    const { scope } = plan
    const key = audit.issueKey || defaultIssueKey(scope)
    const file = auditFilePath(toolkit.env, key)

    let list
    try {
      list = await listTokens(client, scope, plan.withAutomation)
    } catch (error) {
      if (!(error instanceof FastlyApiError)) throw error
      const failure = describeListError(error, scope)
      const outputs = writeFailedAudit(toolkit, file, mode, failure.message, now)
      // The failure heads the summary; no second copy here.
      return { result: undefined, sections: [], warnings: [], failures: [failure], outputs }
    }

    const result = auditTokens(list.tokens, token.id, audit.policy, now)
    toolkit.info(
      `Listed ${countTokensOf(scope, list.tokens.length + list.unreadable)} (${list.bytes} bytes in ${list.responses} answer${list.responses === 1 ? '' : 's'}).`,
    )
    if (list.inBoth > 0)
      toolkit.info(
        `${list.inBoth} automation tokens were in the customer's list and in the automation list; each is audited once.`,
      )
    toolkit.info(
      `Audited ${result.entries.length}: ${Object.entries(result.counts)
        .map(([category, count]) => `${count} ${category}`)
        .join(', ')}.`,
    )
    if (result.sessionTokensLeftOut > 0)
      toolkit.info(`Left out ${result.sessionTokensLeftOut} browser-session tokens (include-session-tokens: false).`)

    const warnings: Notice[] = [...plan.warnings]
    if (list.automationError !== undefined) {
      warnings.push({
        key: 'audit-automation-not-audited',
        message: `The automation tokens of customer ${scope.subjectId} were not audited: ${list.automationError.message}. Listing them needs a superuser's token or an automation token with the superuser role; the customer's other tokens were audited.`,
      })
    }
    if (list.unreadable > 0)
      warnings.push({
        key: 'audit-unreadable-entries',
        message: `${list.unreadable} entries of Fastly's token list were not token objects and were skipped.`,
      })
    writeAuditFile(file, auditFileContent(result, scope, audit.policy, now), toolkit.redact)
    toolkit.info(`Wrote the complete audit to ${file}.`)
    const { outputs, cutWarnings } = auditOutputs(result, file)
    warnings.push(...cutWarnings)
    if (audit.policy.failOn.length === 0) warnings.push(...findingWarnings(result))

    const sections = auditSections(result, scope, now)
    for (const warning of plan.warnings) sections.push({ kind: 'note', text: warning.message })
    const failures = result.failing.length > 0 ? [failingNotice(result, audit.policy.failOn)] : []

    // The benchmark reads this line: the action's own time on the lists, from each answer's headers on, waits for Fastly left out.
    toolkit.debug(
      `audit timing: ${Math.round(list.busyMs + performance.now() - list.finishedAt)} ms from the response headers to the audit's outputs and summary, ${list.bytes} bytes, ${result.entries.length} tokens, ${list.responses} answers`,
    )

    if (audit.githubIssue) {
      try {
        const content =
          result.needsAttention.length > 0
            ? buildAuditIssue(
                result,
                scope,
                { marker: issueMarker(key), issueKey: audit.issueKey },
                settings.runUrl,
                now,
              )
            : undefined
        const issues = await createGitHubIssues(audit.githubToken, {
          timeoutMs: settings.timeoutMs,
          retry: { ...DEFAULT_RETRY_POLICY, maxRetries: settings.maxRetries },
          redact: toolkit.redact,
          log: (message) => toolkit.info(message),
        })
        const sync = await syncAuditIssue(issues, { key, content, runUrl: settings.runUrl })
        const text =
          sync.action === 'none'
            ? 'No token needs attention and no audit issue is open.'
            : `The audit issue #${sync.number} was ${sync.action}: ${sync.url}`
        toolkit.info(text)
        sections.push({ kind: 'note', text })
      } catch (error) {
        if (!(error instanceof GitHubIssueError)) throw error
        failures.push({ key: 'audit-issue-failed', message: error.message })
      }
    }
    return { result, sections, warnings, failures, outputs }
  })
}
