/**
 * Every error and warning the action can print, with what it means and what
 * to do: the one source of the README's troubleshooting table (`npm run docs`)
 * and of each annotation's title. A warning or failure is made as a `Notice`
 * that names its entry by key where the problem is found, and the toolkit
 * titles it by that key, never by its words: a reworded sentence, or a token
 * name or Fastly's own text inside one, cannot change which entry it is.
 */
interface CatalogueEntry {
  /** What a notice names the entry by; stable, never shown. */
  id: string
  /** The message as the README shows it, with the variable parts as `...`. */
  shown: string
  /** error: the step fails with it; warning: the step goes on; both: either, depending on an input. */
  level: 'error' | 'warning' | 'both'
  /** The annotation's title. */
  title: string
  /** What it means and what to do. */
  help: string
}

export const CATALOGUE = [
  // Inputs
  {
    id: 'no-token',
    shown: "No Fastly API token: the input 'api-token' is empty and FASTLY_API_TOKEN is not set",
    level: 'error',
    title: 'No Fastly API token',
    help: 'Pass the secret with `api-token: ${{ secrets.FASTLY_API_TOKEN }}`. GitHub does not pass secrets to workflows run from forks or by Dependabot; give Dependabot its own secret or skip the step there.',
  },
  {
    id: 'token-too-short',
    shown: 'The Fastly API token in ... is N characters long, shorter than any Fastly token (32)',
    level: 'error',
    title: 'Fastly API token is malformed',
    help: 'The secret is empty-ish or not a token: often an expression such as `${{ cond && secrets.X }}` handed over `false`. Pass the secret itself.',
  },
  {
    id: 'token-bad-characters',
    shown:
      'The Fastly API token in ... contains characters no Fastly token has (white space, control characters, quotes, backslashes or anything outside printable ASCII)',
    level: 'error',
    title: 'Fastly API token is malformed',
    help: 'The secret holds more than the token (a line break, a space, quotes). Copy the token again into the secret, on its own.',
  },
  {
    id: 'revoke-ids-include-current',
    shown: "Input 'revoke-token-ids' (or 'revoke-token-ids-file') includes ..., the token this step runs on",
    level: 'error',
    title: 'Fastly token revocation refused',
    help: 'A cleanup list contains its own credentials. Remove the ID, or use `revoke: now` to revoke the current token on purpose.',
  },
  {
    id: 'input-has-no-effect',
    shown: "Input '...' has no effect here: set '...' for it to count, or remove it",
    level: 'warning',
    title: 'Fastly Token Guard input has no effect',
    help: 'The input belongs to a mode that is off (an audit input without `audit`, a revocation input without `revoke`). Turn the mode on, or remove the input.',
  },
  {
    id: 'inputs-exclude-each-other',
    shown: "Inputs '...' and '...' are both set ...",
    level: 'error',
    title: 'Fastly Token Guard input is not valid',
    help: 'Two inputs that exclude each other: with `username` the step makes its own token, so `api-token` must be empty (one token per step). The message says which to remove.',
  },
  {
    id: 'github-issue-without-token',
    shown: "Input 'github-issue' is true but 'github-token' is empty",
    level: 'error',
    title: 'Fastly Token Guard input is not valid',
    help: "The audit issue is written with `github-token`, which defaults to the job's own `${{ github.token }}`; something set it to an empty value. Remove the override, and give the job `permissions: issues: write`.",
  },
  {
    id: 'ids-file-unreadable',
    shown: 'Input \'revoke-token-ids-file\' names "...", which cannot be read / is not a regular file / ...',
    level: 'error',
    title: 'Fastly Token Guard input is not valid',
    help: 'The file of token IDs is missing (an earlier step did not write it, or wrote it elsewhere), not a regular file, larger than 1 MiB, or not read within `timeout`. The message names the path and why; nothing was revoked. The file holds a JSON array of IDs or one ID a line.',
  },
  {
    id: 'input-not-valid',
    shown: "Input '...' has \"...\", which ... (and other messages that start with Input '...')",
    level: 'error',
    title: 'Fastly Token Guard input is not valid',
    help: 'The named input has a value the action cannot use; the message says what it accepts. Nothing was sent to Fastly.',
  },

  // The token's verdict
  {
    id: 'token-rejected-401',
    shown: 'Fastly rejected the token: it is missing, expired or revoked',
    level: 'error',
    title: 'Fastly rejected the token',
    help: 'Fastly answered 401; its own message follows (for an expired token: `Token ... expired at ...`). Create a new token and update the secret.',
  },
  {
    id: 'token-rejected-403',
    shown: 'Fastly rejected the token or does not permit it here',
    level: 'error',
    title: 'Fastly rejected the token',
    help: 'Fastly answered 403; its own message follows. Fastly answers 403 to some unknown or revoked tokens too; the token may also be limited by IP or belong to another account.',
  },
  {
    id: 'verify-wait-too-long',
    shown: 'Could not verify the token: ... Fastly asks to wait until ..., longer than this action waits (60 s)',
    level: 'error',
    title: 'Fastly token not verified',
    help: "Fastly's rate limit answered 429 with a reset further away than the action waits (60 s): the hourly budget of the token's user is spent. Nothing more was sent. Run the job again after the time the message names.",
  },
  {
    id: 'verify-html-page',
    shown: 'Could not verify the token: ... the answer is an HTML page ...',
    level: 'error',
    title: 'Fastly token not verified',
    help: "Something between the runner and Fastly answered instead of Fastly's API: a proxy, a captive portal or a load balancer (its page title is quoted). Check `api-url` and the runner's proxy settings (`HTTPS_PROXY`, `NO_PROXY`).",
  },
  {
    id: 'verify-not-json',
    shown: 'Could not verify the token: ... the answer is not JSON ...',
    level: 'error',
    title: 'Fastly token not verified',
    help: "The answer came with a status of success but is not Fastly's JSON (its media type and size are named): `api-url` points at something else, or a proxy rewrote it. Check `api-url`.",
  },
  {
    id: 'verify-connection-reset',
    shown: 'Could not verify the token: ... the connection to ... was reset',
    level: 'error',
    title: 'Fastly token not verified',
    help: 'The connection broke on every attempt (`max-retries` retries): a network problem, or a proxy or firewall that cuts connections to Fastly. Re-run the job; if it recurs, check the proxy and firewall.',
  },
  {
    id: 'verify-failed',
    shown: 'Could not verify the token: ...',
    level: 'error',
    title: 'Fastly token not verified',
    help: 'No verdict: Fastly or the network failed (the request, HTTP status and what came back follow), after `max-retries` retries. A timeout says `no complete answer ... within`; an HTML page comes from a proxy; a redirect means `api-url` points at the wrong place. Re-run the job, or check `api-url` and the proxy.',
  },
  {
    id: 'token-expired-but-accepted',
    shown: 'The token ... expired at ..., although Fastly still accepted it',
    level: 'both',
    title: 'Fastly token expired',
    help: 'Clocks differ, or Fastly has not caught up: the token is about to stop working. Rotate it. It fails the step when `fail-if-expires-within` is set.',
  },
  {
    id: 'expires-within-fail-window',
    shown: 'The token ... expires at ..., in ..., which is within fail-if-expires-within',
    level: 'error',
    title: 'Fastly token expires too soon',
    help: 'Rotate the token before it expires, or shorten the window.',
  },
  {
    id: 'expires-within-warn-window',
    shown: 'The token ... expires at ..., in ..., which is within warn-if-expires-within',
    level: 'warning',
    title: 'Fastly token expires soon',
    help: 'A reminder: rotate the token before it expires. Not raised for a token this job revokes.',
  },
  {
    id: 'mint-interrupted',
    shown: 'The job ended while the main step was making a token for it ...',
    level: 'warning',
    title: 'Fastly token may have been made',
    help: "Said by the post step when the job was cancelled (or the main step stopped) while `POST /tokens` was in flight. If Fastly made the token, its secret never reached the job, so nothing revokes it; it lives until the expiry the message names (`new-token-expires-in`). Find it by name in the user's tokens to revoke it sooner.",
  },
  {
    id: 'made-token-wider-than-asked',
    shown: 'Fastly made the token for this job wider than asked: ...',
    level: 'error',
    title: 'Fastly token made wider than asked',
    help: 'The token Fastly made has a scope, a service or an expiry beyond what `new-token-scope`, `new-token-services` and `new-token-expires-in` asked for (an expiry up to a minute late is tolerated). The step fails and leaves the `token` output empty, so that no later step deploys with more than was asked; the post step still revokes the token (`revoke: auto` or `post`; with `revoke: never`, revoke it by hand). A token whose scope Fastly does not state counts as wider. Check what Fastly allows this user.',
  },
  {
    id: 'token-never-expires',
    shown: 'The token ... never expires, and require-expiry is true',
    level: 'error',
    title: 'Fastly token never expires',
    help: 'Create a token with an expiry date and store it in the secret, or drop `require-expiry`.',
  },
  {
    id: 'token-lacks-scope',
    shown: 'The token ... lacks the scope ...',
    level: 'error',
    title: 'Fastly token lacks a scope',
    help: 'Create a token with that scope (or `global`).',
  },
  {
    id: 'token-lacks-service',
    shown: 'The token ... cannot act on the service ...',
    level: 'error',
    title: 'Fastly token cannot act on the service',
    help: 'The token is limited to other services; create one for this service or for all.',
  },

  // Making a token for the job
  {
    id: 'mint-refused',
    shown: 'Fastly refused to make a token for this job: ...',
    level: 'error',
    title: 'Fastly token not made',
    help: 'Fastly answered `POST /tokens` with an error (its status and message follow): a wrong `username` or `password`, a wrong or reused one-time code (check `otp-secret`; two jobs of one two-factor user within 30 seconds share a code), or a scope or service Fastly refuses. No token was made, and a create is never retried: repeated wrong passwords can lock the account.',
  },
  {
    id: 'mint-rate-limited',
    shown: "Fastly's rate limit refused to make a token for this job: ...",
    level: 'error',
    title: 'Fastly token not made',
    help: "Fastly's hourly write budget for the user is spent. No token was made; run again after the time the message names.",
  },
  {
    id: 'mint-outcome-unknown',
    shown: 'Could not tell whether Fastly made a token for this job: ...',
    level: 'error',
    title: 'Fastly token may have been made',
    help: "The create reached Fastly but its answer was lost or unreadable, so it was not sent again (a second one could make a second token). If a token was made, nobody holds its secret and it expires at the time the message names; list the user's tokens to revoke it now.",
  },
  {
    id: 'mint-unreachable',
    shown: 'Could not reach Fastly to make a token for this job: ...',
    level: 'error',
    title: 'Fastly token not made',
    help: 'The request never left the runner (DNS, connection refused, proxy); no token was made. Check `api-url` and the network, and run again.',
  },

  // Revocation
  {
    id: 'revoke-ids-need-global',
    shown: "Refusing to revoke the ... token ID(s) from 'revoke-token-ids': the token ... has the scope ...",
    level: 'error',
    title: 'Fastly token revocation refused',
    help: 'Only a `global` token may revoke other tokens: Fastly refuses writes by read-only tokens and token management by purge-only ones. Nothing was sent; run the step with a global token.',
  },
  {
    id: 'revoke-non-expiring-refused',
    shown: "Refusing 'revoke: ...': the token ... never expires",
    level: 'error',
    title: 'Fastly token revocation refused',
    help: 'The token looks like a long-lived shared secret, and revoking it would break every workflow that uses it. Revoke it only if you mean to, with `allow-revoke-non-expiring: true`.',
  },
  {
    id: 'revoke-read-only-token',
    shown: "'revoke: ...' with the read-only (global:read) token ...",
    level: 'warning',
    title: 'Fastly token revocation',
    help: 'Fastly refuses writes by read-only tokens, its own revocation included, so the token will stay valid until it expires. Use a `global` token for tokens a job revokes.',
  },
  {
    id: 'revoke-read-only-made-token',
    shown: 'The token made for this job has the read-only scope ...',
    level: 'warning',
    title: 'Fastly token revocation',
    help: 'Fastly refuses writes by read-only tokens, its own revocation included, so the post step cannot revoke it; it lives until `new-token-expires-in` runs out. Make it with `new-token-scope: global` if the job must revoke it.',
  },
  {
    id: 'revoke-unverified-refused',
    shown: 'Nothing was revoked: without an answer from Fastly ...',
    level: 'error',
    title: 'Fastly token revocation refused',
    help: 'The token could not be verified, so the step cannot tell which token it holds, its expiry, or whether the list includes it; nothing was revoked. Re-run the job.',
  },
  {
    id: 'revoke-failed',
    shown: 'Could not revoke the current token: ... / Could not revoke token ...: ...',
    level: 'both',
    title: 'Fastly token not revoked',
    help: "Fastly refused or failed the `DELETE`, or did not confirm it (the token still works, or is still listed); the request, the HTTP status and Fastly's message follow. `not sent: it needs N writes` means Fastly's hourly write budget ran out: run again after the time it names. A warning unless `fail-on-revoke-error: true`.",
  },
  {
    id: 'post-verify-failed',
    shown: 'The token was not revoked: the post step could not verify it either',
    level: 'both',
    title: 'Fastly token not revoked',
    help: 'Fastly could not be reached in the main step or in the post step; the token is still valid until it expires. Revoke it by hand if it matters. A warning unless `fail-on-revoke-error: true`.',
  },
  {
    id: 'revoke-ids-not-listable',
    shown: 'Not revoked: N token ID(s) are not among the tokens this token may list ...',
    level: 'warning',
    title: 'Fastly token revocation',
    help: "Fastly lists the customer's tokens (and its automation tokens) only to a superuser; to anyone else it refuses them, and the step can check and revoke only the user's own tokens. The IDs it could not see were never sent. Run the cleanup with a superuser's token; if the message says Fastly's answer names no customer, set `customer-id`.",
  },
  {
    id: 'post-no-record',
    shown: 'Not revoking: the main step saved no record for the post step ...',
    level: 'warning',
    title: 'Fastly token not revoked',
    help: '`revoke: post` was asked, but the main step stopped before it saved anything (the job was cancelled as it started, or the step never ran). The post step cannot tell which token to revoke: revoke it by hand if it matters.',
  },
  {
    id: 'post-record-unreadable',
    shown: 'Not revoking: the record the main step saved for the post step cannot be read ...',
    level: 'warning',
    title: 'Fastly token not revoked',
    help: "The post step's state was not what the main step writes: changed by something other than the runner, or cut. Nothing was sent. Revoke the token by hand if the job had one to revoke, and look for what altered the job's state.",
  },
  {
    id: 'post-token-changed',
    shown:
      'Not revoking: the token this post step was given is not the one the main step verified / was given no token',
    level: 'warning',
    title: 'Fastly token not revoked',
    help: '`FASTLY_API_TOKEN` or `api-token` changed or was emptied during the job, so the post step cannot be sure which token to revoke; it revoked nothing.',
  },

  // Audit
  {
    id: 'audit-customer-list-refused',
    shown: 'Fastly refused to list the tokens of customer ...',
    level: 'error',
    title: 'Fastly token audit failed',
    help: "`audit: customer` needs a superuser's token; use `audit: user` for your own tokens.",
  },
  {
    id: 'audit-automation-list-refused',
    shown: 'Fastly refused to list the automation tokens of customer ...',
    level: 'error',
    title: 'Fastly token audit failed',
    help: "`audit: automation` and `audit: customer` need a superuser's token or an automation token with the `superuser` role.",
  },
  {
    id: 'audit-automation-not-audited',
    shown: 'The automation tokens of customer ... were not audited: ...',
    level: 'warning',
    title: 'Fastly token audit',
    help: "`audit: customer` audited the customer's other tokens but not its automation tokens: either `customer-id` names another customer than the token's own, and Fastly lists automation tokens only for the token's own customer (audit them with a token of that customer), or Fastly refused or failed the automation list (its answer follows; listing it needs a superuser's token or an automation token with the `superuser` role).",
  },
  {
    id: 'audit-failed',
    shown: 'The token audit failed: ... / The token audit cannot run: ...',
    level: 'error',
    title: 'Fastly token audit failed',
    help: "Listing the tokens failed (the request, HTTP status and Fastly's message follow), or Fastly's answer for the token lacked the user or customer ID to list by (set `customer-id`). The audit file says so too.",
  },
  {
    id: 'audit-findings',
    shown: 'The token audit found N tokens whose most urgent flag is ...: ...',
    level: 'warning',
    title: 'Fastly token audit',
    help: 'A report-only audit (no `audit-fail-on`) found tokens that need a person, one warning per category: see the summary or the audit file. Revoke them with `revoke-token-ids`, rotate them, or set `audit-fail-on` to fail the step on them.',
  },
  {
    id: 'audit-fail-on',
    shown: 'The token audit found N tokens flagged in audit-fail-on',
    level: 'error',
    title: 'Fastly token audit',
    help: 'Tokens need a person: see the summary; revoke them with `revoke-token-ids` or rotate them.',
  },
  {
    id: 'audit-unreadable-entries',
    shown: "N entries of Fastly's token list were not token objects and were skipped",
    level: 'warning',
    title: 'Fastly token audit',
    help: 'Fastly sent list entries this action cannot read; the rest were audited. Report it if it persists.',
  },
  {
    id: 'audit-output-cut',
    shown: 'The ... output holds the first N of M entries',
    level: 'warning',
    title: 'Fastly token audit',
    help: 'The account has more tokens than fit in an output (100 KiB); read the file the `audit-file` output names, which has all of them.',
  },
  {
    id: 'audit-issue-failed',
    shown: 'Could not look for / open / update / close the audit issue: HTTP ...',
    level: 'error',
    title: 'Fastly token audit issue',
    help: 'GitHub refused or failed; its status and message follow. Give the job `permissions: issues: write` and keep `github-token` at its default.',
  },

  // The step itself
  {
    id: 'several-problems',
    shown: 'N problems: (1) ... (2) ...',
    level: 'error',
    title: 'Fastly Token Guard: several problems',
    help: 'Several of the messages in this table at once, numbered; each has its own entry.',
  },
  {
    id: 'summary-not-written',
    shown: 'Could not write the job summary: ...',
    level: 'warning',
    title: 'Fastly Token Guard job summary',
    help: 'The runner did not let the step write its summary; the step itself went on. The log has the same facts.',
  },
  {
    id: 'unexpected-failure',
    shown: 'Fastly Token Guard failed unexpectedly: ...',
    level: 'error',
    title: 'Fastly Token Guard failed unexpectedly',
    help: 'A bug: please report it with the log (the token is masked in it).',
  },
] as const satisfies readonly CatalogueEntry[]

/** Names one entry of the catalogue. */
export type CatalogueKey = (typeof CATALOGUE)[number]['id']

/** A warning or a failure: the catalogue entry it is, chosen where the problem is found, and what it says. */
export interface Notice {
  key: CatalogueKey
  message: string
}

/** The annotation title of an entry. */
export function catalogueTitle(key: CatalogueKey): string {
  // Every key names an entry; a cast that lied still gets a title, one the end-to-end tests refuse.
  return CATALOGUE.find((entry) => entry.id === key)?.title ?? 'Fastly Token Guard'
}
