export const id = 779;
export const ids = [779];
export const modules = {

/***/ 6779:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runAuditPhase: () => (/* binding */ runAuditPhase)
});

// EXTERNAL MODULE: ./src/fastly/retry-policy.ts
var retry_policy = __webpack_require__(9214);
// EXTERNAL MODULE: ./src/fastly/errors.ts
var errors = __webpack_require__(1862);
// EXTERNAL MODULE: ./src/shared/describe-error.ts
var describe_error = __webpack_require__(4459);
// EXTERNAL MODULE: ./src/shared/time.ts
var time = __webpack_require__(168);
;// CONCATENATED MODULE: ./src/github/request-policy.ts
/**
 * The `timeout` and retry policy of the Fastly client, for GitHub's API.
 * Octokit has no deadline of its own (a GitHub that accepts the connection
 * and never answers would hold the step until the job's timeout), and
 * @actions/github adds no retries. This wraps the fetch Octokit uses (the
 * proxy-aware one of @actions/github), so every call, REST page or GraphQL
 * query, gets both.
 */


/** GitHub gave no complete answer (a deadline, a broken connection). Octokit keeps it as the `cause` of its error. */
class NoAnswerError extends Error {
    constructor(message) {
        super(message);
        this.name = 'NoAnswerError';
    }
}
/** Statuses whose answer has no body (a Response with one cannot be built). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/**
 * Whether sending the request twice does no more than sending it once. A
 * create or a comment (POST) that got no answer may have reached GitHub, so it
 * is repeated only after a 429, which GitHub sends before doing anything.
 * POST /graphql carries only the viewer query here, a read.
 */
function isRepeatable(method, url) {
    return method !== 'POST' || url.pathname.endsWith('/graphql');
}
function fetchWithPolicy(inner, policy) {
    const sleep = policy.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const now = policy.now ?? (() => new Date());
    const random = policy.random ?? Math.random;
    return async (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
        const repeatable = isRepeatable(method, url);
        const what = `${method} ${url.pathname}`;
        for (let retriesDone = 0;; retriesDone++) {
            const deadline = new AbortController();
            const timer = setTimeout(() => deadline.abort(), policy.timeoutMs);
            const signal = init?.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal;
            let failure;
            let answer;
            let error;
            try {
                const response = await inner(input, { ...init, signal });
                // The whole body within the same deadline: a GitHub that drips bytes is no answer either.
                const body = await response.arrayBuffer();
                answer = new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
                    status: response.status,
                    statusText: response.statusText,
                    headers: response.headers,
                });
                if (response.ok)
                    return answer;
                const status = response.status;
                failure = {
                    status,
                    headers: Object.fromEntries(response.headers),
                    retryable: (0,retry_policy/* isRetryableStatus */.PS)(status) && (repeatable || status === 429),
                };
            }
            catch (thrown) {
                if (init?.signal?.aborted)
                    throw thrown;
                error = deadline.signal.aborted
                    ? new NoAnswerError(`no complete answer from ${url.host} within ${policy.timeoutMs / 1000} s (the timeout input)`)
                    : new NoAnswerError(`no answer from ${url.host}: ${thrown instanceof Error ? (thrown.cause?.message ?? thrown.message) : String(thrown)}`);
                failure = { retryable: repeatable };
            }
            finally {
                clearTimeout(timer);
            }
            const decision = (0,retry_policy/* decideRetry */.tE)(failure, retriesDone, policy.retry, now(), random);
            if (decision.retry) {
                const reason = failure.status !== undefined ? `HTTP ${failure.status}` : error.message;
                policy.log(`GitHub ${what}: ${reason}; retry ${retriesDone + 1} of ${policy.retry.maxRetries} in ${(decision.delayMs / 1000).toFixed(1)} s`);
                await sleep(decision.delayMs);
                continue;
            }
            if (decision.why === 'wait-too-long')
                policy.log(`GitHub ${what}: HTTP ${failure.status}; GitHub asks to wait ${decision.retryAt !== undefined ? `until ${(0,time/* formatUtc */.ay)(decision.retryAt)}` : 'more than a day'}, longer than this action waits (${policy.retry.maxServerWaitMs / 1000} s)`);
            // GitHub's own answer goes to Octokit, which turns it into an error with GitHub's message.
            if (answer !== undefined)
                return answer;
            if (retriesDone > 0)
                error.message = `${error.message} (gave up after ${retriesDone + 1} attempts)`;
            throw error;
        }
    };
}

;// CONCATENATED MODULE: ./src/github/issues.ts


/** A failure talking to GitHub, with the status and GitHub's message. */
class GitHubIssueError extends Error {
    constructor(message) {
        super(message);
        this.name = 'GitHubIssueError';
    }
}
/** Turns an Octokit failure into one sentence: what failed, the status, GitHub's words, and what to do. */
function describeGitHubError(what, error) {
    // No answer at all (a deadline, a broken connection): Octokit reports it as HTTP 500, which GitHub never said.
    const cause = error?.cause;
    if (cause instanceof NoAnswerError)
        return new GitHubIssueError(`Could not ${what} the audit issue: ${cause.message}.`);
    const status = error?.status;
    const hint = status === 403 || status === 404
        ? " Give the job 'permissions: issues: write' and keep github-token at its default."
        : '';
    return new GitHubIssueError(`Could not ${what} the audit issue: ${typeof status === 'number' ? `HTTP ${status}: ` : ''}${(0,describe_error/* describeUnknownError */.S)(error)}.${hint}`);
}
/** Pages of open issues read to find the audit issue (100 a page). */
const MAX_ISSUE_PAGES = 20;
/**
 * The repository's issues through Octokit, as the runner's GITHUB_REPOSITORY
 * and GITHUB_API_URL name them. Every request has the `timeout` deadline and
 * the retry policy of the Fastly client; every title, body and comment is
 * redacted on its way out.
 */
async function createGitHubIssues(githubToken, options) {
    const github = await Promise.all(/* import() */[__webpack_require__.e(809), __webpack_require__.e(351)]).then(__webpack_require__.bind(__webpack_require__, 1351));
    const { defaults } = await __webpack_require__.e(/* import() */ 809).then(__webpack_require__.bind(__webpack_require__, 6809));
    // getOctokit's options replace its defaults' `request` whole: keep its proxy agent and wrap its proxy-aware fetch.
    const quiet = () => undefined;
    const octokit = github.getOctokit(githubToken, {
        // Octokit's own logger writes to stderr, which the runner reads for workflow commands too, and its
        // warnings quote GitHub's headers (a Sunset date, a Link): never a channel for a server's words.
        log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
        request: {
            ...defaults.request,
            fetch: fetchWithPolicy(defaults.request?.fetch ?? fetch, {
                timeoutMs: options.timeoutMs,
                retry: options.retry,
                log: options.log,
            }),
        },
    });
    const { redact } = options;
    const { owner, repo } = github.context.repo;
    const record = (issue) => ({
        number: issue.number,
        url: issue.html_url,
        body: issue.body ?? '',
        author: issue.user?.login ?? null,
    });
    return {
        async identity() {
            const answer = await octokit.graphql('query { viewer { login } }');
            const login = answer.viewer?.login;
            if (typeof login !== 'string' || login === '')
                throw new Error('GitHub did not say whom the token acts as');
            return login;
        },
        async listOpen(label) {
            // Bounded: a hostile API that always promises a next page cannot hold the job. 2,000 open issues are
            // more than the audit issue is ever hidden among; past them, a new issue is opened rather than none.
            let pages = 0;
            const open = await octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, state: 'open', per_page: 100, ...(label !== undefined ? { labels: label } : {}) }, (response, done) => {
                if ((pages += 1) >= MAX_ISSUE_PAGES)
                    done();
                return response.data;
            });
            return open
                .filter((issue) => issue.pull_request === undefined)
                .map(record)
                .sort((a, b) => a.number - b.number);
        },
        async create(title, body, labels) {
            return record((await octokit.rest.issues.create({ owner, repo, title: redact(title), body: redact(body), labels })).data);
        },
        async update(issue, change) {
            await octokit.rest.issues.update({
                owner,
                repo,
                issue_number: issue,
                ...(change.title !== undefined ? { title: redact(change.title) } : {}),
                ...(change.body !== undefined ? { body: redact(change.body) } : {}),
                ...(change.state !== undefined ? { state: change.state } : {}),
                ...(change.stateReason !== undefined ? { state_reason: change.stateReason } : {}),
            });
        },
        async comment(issue, body) {
            await octokit.rest.issues.createComment({ owner, repo, issue_number: issue, body: redact(body) });
        },
    };
}

// EXTERNAL MODULE: ./src/report/outputs.ts
var report_outputs = __webpack_require__(5468);
// EXTERNAL MODULE: ./src/report/summary-html.ts
var summary_html = __webpack_require__(8558);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/audit/audit-entry.ts
var audit_entry = __webpack_require__(6345);
;// CONCATENATED MODULE: ./src/audit/audit-file.ts





/**
 * The complete audit, for the audit file: everything, uncut, one token a line
 * (compact, yet readable with grep). Yielded in pieces so 100,000 tokens are
 * written without first building one 40 MB string.
 */
function* auditFileContent(result, scope, policy, now) {
    const head = {
        generatedAt: (0,time/* formatTimestamp */.Ey)(now),
        mode: scope.mode,
        [scope.mode === 'user' ? 'userId' : 'customerId']: scope.subjectId,
        policy: {
            warnIfExpiresWithin: (0,time/* formatDuration */.a3)(policy.warnWithin ?? 0),
            staleAfter: (0,time/* formatDuration */.a3)(policy.staleAfter),
        },
        tokenCount: result.entries.length,
        tokenCountByKind: result.countsByKind,
        sessionTokensLeftOut: result.sessionTokensLeftOut,
        counts: result.counts,
        expiredTokenIds: result.idsByFlag.expired,
        unreadableExpiryTokenIds: result.idsByFlag['unreadable-expiry'],
        expiringTokenIds: result.idsByFlag.expiring,
        staleTokenIds: result.idsByFlag.stale,
        noExpiryTokenIds: result.idsByFlag['no-expiry'],
    };
    yield `${JSON.stringify(head).slice(0, -1)},\n"tokens":[\n`;
    const BATCH = 100;
    for (let start = 0; start < result.entries.length; start += BATCH) {
        const lines = result.entries.slice(start, start + BATCH).map((entry) => JSON.stringify((0,audit_entry/* auditEntryJson */.y)(entry)));
        yield `${start > 0 ? ',\n' : ''}${lines.join(',\n')}`;
    }
    yield '\n]}\n';
}
/**
 * Where the audit file goes: RUNNER_TEMP, named by the issue key so a matrix
 * of audits never collide. Absolute, so a later step finds it from any folder
 * (a local run may give a relative RUNNER_TEMP).
 */
function auditFilePath(env, key) {
    const safe = key.replace(/[^A-Za-z0-9._-]+/g, '-');
    return (0,external_node_path_.resolve)(env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), `fastly-token-audit-${safe}.json`);
}
/**
 * Writes the file piece by piece, readable by the job's user only. No runner
 * masks a file, so every piece passes through `redact` (the toolkit's): a
 * token name or an error message that echoes the secret leaves no piece of it.
 */
function writeAuditFile(path, content, redact) {
    // On a runner RUNNER_TEMP exists; a local run's may not yet.
    (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(path), { recursive: true });
    const fd = (0,external_node_fs_.openSync)(path, 'w', 0o600);
    try {
        for (const piece of content)
            (0,external_node_fs_.writeSync)(fd, redact(piece));
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}

;// CONCATENATED MODULE: ./src/audit/audit-plan.ts
/**
 * Whose tokens the audit lists, from the mode, the verified token and the
 * customer-id input; or one sentence saying why it cannot. Nothing is asked of
 * Fastly before this is decided.
 */
function planAudit(mode, token, customerIdInput) {
    if (mode === 'user') {
        if (token.userId !== null)
            return { scope: { mode, subjectId: token.userId }, withAutomation: false, warnings: [] };
        if (token.kind === 'automation')
            return {
                problem: "The token audit cannot run: 'audit: user' lists the tokens of the token's own user, and this is an automation token, which belongs to the account, not to a user. Use 'audit: automation' for the customer's automation tokens or 'audit: customer' for all of its tokens.",
            };
        return { problem: "The token audit cannot run: Fastly's answer for the token has no user_id." };
    }
    const own = token.customerId;
    if (mode === 'automation' && customerIdInput !== '' && own !== null && customerIdInput !== own) {
        return {
            problem: `Input 'customer-id' names ${customerIdInput}, but 'audit: automation' lists the automation tokens of the token's own customer (${own}): Fastly's GET /automation-tokens takes no customer. Leave customer-id empty, or audit with a token of customer ${customerIdInput}.`,
        };
    }
    const subjectId = customerIdInput || own;
    if (subjectId === null)
        return {
            problem: "The token audit cannot run: Fastly's answer for the token has no customer_id; set the input 'customer-id'.",
        };
    if (mode === 'automation')
        return { scope: { mode, subjectId }, withAutomation: true, warnings: [] };
    const withAutomation = own === null || own === subjectId;
    const warnings = withAutomation
        ? []
        : [
            `The automation tokens of customer ${subjectId} were not audited: Fastly's GET /automation-tokens lists only those of the token's own customer (${own}). Audit them with a token of customer ${subjectId}.`,
        ];
    return { scope: { mode, subjectId }, withAutomation, warnings };
}

// EXTERNAL MODULE: ./src/audit/classify.ts
var classify = __webpack_require__(985);
;// CONCATENATED MODULE: ./src/audit/audit-summary.ts



/** Rows of the summary's token table; the runner drops a step summary over 1 MiB. */
const MAX_SUMMARY_ROWS = 100;
/** Characters of a token name in the table: 100 rows of 12 KB names would be over GitHub's limit alone. */
const MAX_SUMMARY_NAME_CHARS = 100;
/** The Kind column: an automation token with its role, which says what it may do. */
function kindCell(token) {
    if (token.kind === 'automation')
        return token.role !== null ? `automation (${token.role})` : 'automation';
    return token.kind === 'browser-session' ? 'browser session' : 'user';
}
/** "(4 user, 250 automation)" when the audit holds more than one kind of token. */
function kindBreakdown(result) {
    const parts = Object.entries(result.countsByKind)
        .filter(([, count]) => count > 0)
        .map(([kind, count]) => `${count} ${kind === 'browser-session' ? 'browser session' : kind}`);
    return parts.length > 1 ? ` (${parts.join(', ')})` : '';
}
/** The audit's part of the job summary: counts, then the most urgent tokens. */
function auditSections(result, scope, now) {
    const sections = [
        {
            kind: 'table',
            heading: `Token audit: ${(0,classify/* countTokensOf */.nu)(scope, result.entries.length)}${kindBreakdown(result)}`,
            columns: ['Category', 'Tokens'],
            rows: classify/* AUDIT_CATEGORIES */.dU.map((category) => [classify.CATEGORY_LABEL[category], String(result.counts[category])]),
        },
    ];
    const shown = result.entries.slice(0, MAX_SUMMARY_ROWS);
    if (shown.length > 0) {
        sections.push({
            kind: 'table',
            heading: result.entries.length > shown.length ? `Most urgent ${shown.length} tokens` : 'Tokens, most urgent first',
            columns: ['Name', 'Token ID', 'Kind', 'Owner (user ID)', 'Category', 'Flags', 'Expires', 'Last used'],
            rest: 'the audit-file output',
            rows: shown.map((entry) => [
                `${(0,summary_html/* cutText */.IN)(entry.token.name ?? '(no name)', MAX_SUMMARY_NAME_CHARS)}${entry.current ? " (this job's token)" : ''}`,
                entry.token.id,
                kindCell(entry.token),
                // An automation token has no user: its creator is shown instead, named as such.
                entry.token.userId ?? (entry.token.creatorId !== null ? `created by ${entry.token.creatorId}` : ''),
                classify.CATEGORY_LABEL[entry.category],
                entry.flags.join(', '),
                entry.token.unreadableExpiry !== null
                    ? `unreadable: ${entry.token.unreadableExpiry}`
                    : entry.token.expiresAt === null
                        ? 'never'
                        : `${(0,time/* formatUtc */.ay)(entry.token.expiresAt)} (${(0,time/* describeRelative */.ie)(entry.token.expiresAt, now)})`,
                entry.token.lastUsedAt === null ? 'never' : `last used ${(0,time/* describeRelative */.ie)(entry.token.lastUsedAt, now)}`,
            ]),
        });
    }
    const notes = [];
    if (result.entries.length > shown.length)
        notes.push(`${result.entries.length - shown.length} less urgent tokens are not shown here; the audit-file output has all ${result.entries.length}.`);
    if (result.sessionTokensLeftOut > 0) {
        notes.push(`${result.sessionTokensLeftOut} browser-session token${result.sessionTokensLeftOut === 1 ? ' was' : 's were'} left out (set include-session-tokens: true to audit them).`);
    }
    for (const text of notes)
        sections.push({ kind: 'note', text });
    return sections;
}

// EXTERNAL MODULE: ./src/fastly/token.ts
var fastly_token = __webpack_require__(4860);
// EXTERNAL MODULE: ./src/shared/log-line.ts
var log_line = __webpack_require__(9102);
;// CONCATENATED MODULE: ./src/audit/issue-content.ts




/** Every audit issue carries this label, a hint for finding it; what identifies it is the marker on its first line (issue-marker.ts). */
const AUDIT_ISSUE_LABEL = 'fastly-token-audit';
/** GitHub refuses issue bodies over 65,536 characters. */
const MAX_ISSUE_BODY = 65_536;
function defaultIssueKey(scope) {
    return `${scope.mode}:${scope.subjectId}`;
}
/**
 * Text from outside (token names and IDs from Fastly, the issue key from the
 * workflow) as an inline code span: GitHub shows it literally, so it cannot
 * mention people (@name), reference or close issues (#12, fixes #1), link,
 * or break the list. The fence is longer than any backtick run inside. An
 * HTML comment opener is broken up, so no name can carry the issue's marker
 * or hide text.
 */
function codeSpan(text) {
    const flat = (0,log_line/* flattenLineBreaks */.h)(text).replaceAll('<!--', '<!- -');
    const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(longestRun + 1);
    const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
    return `${fence}${pad}${flat}${pad}${fence}`;
}
const HEADINGS = {
    expired: '⛔ Expired',
    'unreadable-expiry': '❓ Expiry unreadable',
    expiring: '⏳ Expiring soon',
    stale: '💤 Stale (unused)',
    'no-expiry': '♾️ Never expire',
};
/**
 * "user token", "browser session", "automation token, role engineer". A role
 * is Fastly's word, but it is shown as code unless it is a plain word.
 */
function describeKind(token) {
    if (token.kind === 'user')
        return 'user token';
    if (token.kind === 'browser-session')
        return 'browser session';
    if (token.role === null)
        return 'automation token';
    return `automation token, role ${(0,fastly_token/* isPlainRole */.d5)(token.role) ? token.role : codeSpan(token.role)}`;
}
/**
 * The issue for tokens that need attention: names and IDs only, as code (an
 * issue may be public), grouped by the most urgent reason, within GitHub's
 * size limit. No user or customer ID: the audit is named by its issue key
 * or its mode.
 */
function buildAuditIssue(result, scope, identity, runUrl, now) {
    const entries = result.needsAttention;
    const named = identity.issueKey !== '' ? ` ${codeSpan(identity.issueKey)}` : '';
    // No user or customer ID: an issue may be public.
    const who = scope.mode === 'customer'
        ? 'the customer'
        : scope.mode === 'automation'
            ? "the customer's automation tokens"
            : "the token's user";
    const tokens = entries.length === 1 ? 'token' : 'tokens';
    const needs = entries.length === 1 ? 'needs' : 'need';
    const title = `Fastly token audit${named || ` of ${who}`}: ${entries.length} ${tokens} ${needs} attention`;
    const run = runUrl !== undefined ? `[workflow run](${runUrl})` : 'workflow run';
    const footer = `\n---\nUpdated by the ${run} at ${(0,time/* formatUtc */.ay)(now)}. The run's audit file lists every token with all its details. This issue is updated by each audit and closed when no token needs attention.\n`;
    const head = `${identity.marker}\nFastly Token Guard's audit${named} of ${who} found **${entries.length}** ${tokens} that ${needs} attention.\n`;
    // Room for the "and N more" line, whatever N is.
    const budget = MAX_ISSUE_BODY - head.length - footer.length - 200;
    const lines = [];
    let used = 0;
    let listed = 0;
    // Most urgent first; once a line does not fit, stop, so what is listed is always the top of the list.
    fill: for (const flag of classify/* AUDIT_FLAGS */.O6) {
        const group = entries.filter((entry) => entry.category === flag);
        if (group.length === 0)
            continue;
        const heading = `\n### ${HEADINGS[flag]} (${group.length})\n`;
        if (used + heading.length > budget)
            break;
        lines.push(heading);
        used += heading.length;
        for (const entry of group) {
            const line = `- ${codeSpan(entry.token.name ?? '(no name)')} ${codeSpan(entry.token.id)}, ${describeKind(entry.token)}${entry.current ? ' (the token the audit ran with)' : ''}\n`;
            if (used + line.length > budget)
                break fill;
            lines.push(line);
            used += line.length;
            listed += 1;
        }
    }
    const more = entries.length - listed;
    const moreLine = more > 0 ? `\n_…and ${more} more; see the audit file of the ${run}._\n` : '';
    return { title, body: `${head}${lines.join('')}${moreLine}${footer}` };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/audit/issue-marker.ts

/**
 * The hidden marker that ties an issue to one audit (one account in a
 * matrix). The action writes it alone on the body's first line and looks for
 * it only there: anywhere else it could come from a token name, and a
 * neighbour in the same Fastly customer could then point another account's
 * clean run at this issue and close it.
 *
 * It holds a digest of the key, not the key: the default key names a Fastly
 * user or customer, and an issue (which may be public) never holds their IDs.
 */
const PREFIX = '<!-- fastly-token-guard audit-issue';
function issueMarker(key) {
    return `${PREFIX} key-sha256=${(0,external_node_crypto_.createHash)('sha256').update(key, 'utf8').digest('hex')} -->`;
}
/** The marker version 1.0.0 wrote, the key in clear: still recognised, and replaced by the next update. */
function legacyIssueMarker(key) {
    return `${PREFIX} key=${encodeURIComponent(key)} -->`;
}
/** Whether `body` is the audit issue of `key`: its first line is that key's marker, exactly. */
function isMarkedFor(body, key) {
    const firstLine = (body.split(/\r\n|\n|\r/, 1)[0] ?? '').trimEnd();
    return firstLine === issueMarker(key) || firstLine === legacyIssueMarker(key);
}

;// CONCATENATED MODULE: ./src/audit/issue-sync.ts



/** GitHub logins are unique without regard to case. */
function sameLogin(a, b) {
    return a !== null && a.toLowerCase() === b.toLowerCase();
}
/**
 * The open issue this audit owns, if any: labelled, opened by the identity
 * the GitHub token acts as (for the default GITHUB_TOKEN, github-actions[bot]),
 * and carrying this key's marker alone on its first line. Anything else
 * (a person's issue with a copied marker, a marker inside a listed token
 * name, another app's issue) is left alone. Listed, never searched: search
 * indexing lags and would make duplicates.
 */
async function findOwnIssue(issues, key) {
    const identity = await issues.identity();
    const ours = (issue) => sameLogin(issue.author, identity) && isMarkedFor(issue.body, key);
    // The label is a hint that narrows the listing, never the test: someone may have removed it by hand, and GitHub
    // drops labels silently for a caller without push access. Without a labelled match, every open issue is read.
    return (await issues.listOpen(AUDIT_ISSUE_LABEL)).find(ours) ?? (await issues.listOpen()).find(ours);
}
/** Opens, updates or closes the one issue of this audit. */
async function syncAuditIssue(issues, options) {
    let existing;
    try {
        existing = await findOwnIssue(issues, options.key);
    }
    catch (error) {
        throw describeGitHubError('look for', error);
    }
    if (options.content === undefined) {
        if (existing === undefined)
            return { action: 'none' };
        try {
            const run = options.runUrl !== undefined ? ` ([workflow run](${options.runUrl}))` : '';
            await issues.comment(existing.number, `No token needs attention any more${run}. Closing.`);
            await issues.update(existing.number, { state: 'closed', stateReason: 'completed' });
        }
        catch (error) {
            throw describeGitHubError('close', error);
        }
        return { action: 'closed', number: existing.number, url: existing.url };
    }
    if (existing !== undefined) {
        try {
            await issues.update(existing.number, { title: options.content.title, body: options.content.body });
        }
        catch (error) {
            throw describeGitHubError('update', error);
        }
        return { action: 'updated', number: existing.number, url: existing.url };
    }
    try {
        const created = await issues.create(options.content.title, options.content.body, [AUDIT_ISSUE_LABEL]);
        return { action: 'opened', number: created.number, url: created.url };
    }
    catch (error) {
        throw describeGitHubError('open', error);
    }
}

;// CONCATENATED MODULE: ./src/audit/merge-tokens.ts
/**
 * The customer's list and the automation list, as one list without repeats
 * (by token ID).
 * Whether `GET /customer/{id}/tokens` also lists automation tokens is not
 * known, so a token may come in both: it is kept once, at its place in the
 * first list, with the facts of the automation list (which always says the
 * kind, role and creator).
 */
function mergeTokenLists(first, automation) {
    const tokens = [];
    const position = new Map();
    for (const token of first) {
        if (position.has(token.id))
            continue;
        position.set(token.id, tokens.length);
        tokens.push(token);
    }
    let inBoth = 0;
    for (const token of automation) {
        const at = position.get(token.id);
        if (at === undefined) {
            position.set(token.id, tokens.length);
            tokens.push(token);
        }
        else {
            tokens[at] = token;
            inBoth += 1;
        }
    }
    return { tokens, inBoth };
}

;// CONCATENATED MODULE: ./src/audit/run-audit.ts













function describeListError(error, scope) {
    if (error.kind === 'http' && error.status === 403 && error.path.startsWith('/customer/')) {
        return `Fastly refused to list the tokens of customer ${scope.subjectId}: ${error.detail} (${error.method} ${error.path} answered HTTP 403). Listing a customer's tokens needs a superuser's token; 'audit: user' lists the tokens of the token's own user.`;
    }
    if (error.kind === 'http' && error.status === 403 && error.path.startsWith('/automation-tokens')) {
        return `Fastly refused to list the automation tokens of customer ${scope.subjectId}: ${error.detail} (${error.method} ${error.path} answered HTTP 403). Listing automation tokens needs a superuser: a superuser's token, or an automation token with the superuser role.`;
    }
    return `The token audit failed: ${error.message}.`;
}
/** Reads the lists the audit needs: the user's, the automation tokens, or the customer's and the automation tokens merged. */
async function listTokens(client, scope, withAutomation) {
    if (scope.mode === 'user')
        return { ...(await client.listUserTokens()), inBoth: 0 };
    if (scope.mode === 'automation')
        return { ...(await client.listAutomationTokens()), inBoth: 0 };
    const people = await client.listCustomerTokens(scope.subjectId);
    if (!withAutomation)
        return { ...people, inBoth: 0 };
    let robots;
    try {
        robots = await client.listAutomationTokens();
    }
    catch (error) {
        // The people's tokens are read: audit them, and say the automation tokens could not be.
        if (!(error instanceof errors/* FastlyApiError */.kS))
            throw error;
        return { ...people, inBoth: 0, automationError: error };
    }
    const { tokens, inBoth } = mergeTokenLists(people.tokens, robots.tokens);
    return {
        tokens,
        inBoth,
        unreadable: people.unreadable + robots.unreadable,
        unreadableIds: [...people.unreadableIds, ...robots.unreadableIds],
        bytes: people.bytes + robots.bytes,
        responses: people.responses + robots.responses,
        busyMs: people.busyMs + robots.busyMs,
        finishedAt: robots.finishedAt,
    };
}
/**
 * A report-only audit (no audit-fail-on) still tells someone: one warning per
 * category of the tokens that need a person, so a scheduled run's annotations
 * show them without opening the summary.
 */
function findingWarnings(result) {
    return classify/* AUDIT_FLAGS */.O6.flatMap((flag) => {
        const found = result.needsAttention.filter((entry) => entry.category === flag);
        if (found.length === 0)
            return [];
        const examples = found
            .slice(0, 3)
            .map((entry) => `${(0,summary_html/* cutText */.IN)(entry.token.name ?? '(no name)', MAX_SUMMARY_NAME_CHARS)} (${entry.token.id})`)
            .join(', ');
        const more = found.length > 3 ? ` and ${found.length - 3} more` : '';
        return [
            `The token audit found ${found.length} token${found.length === 1 ? '' : 's'} whose most urgent flag is ${flag}: ${examples}${more}. See the job summary or the audit-file output; audit-fail-on makes such tokens fail the step.`,
        ];
    });
}
function failingMessage(result, failOn) {
    const counts = classify/* AUDIT_FLAGS */.O6.filter((flag) => failOn.includes(flag))
        .map((flag) => `${flag}: ${result.failing.filter((entry) => entry.flags.includes(flag)).length}`)
        .join(', ');
    const examples = result.failing
        .slice(0, 3)
        .map((entry) => `${(0,summary_html/* cutText */.IN)(entry.token.name ?? '(no name)', MAX_SUMMARY_NAME_CHARS)} (${entry.token.id})`)
        .join(', ');
    const more = result.failing.length > 3 ? ` and ${result.failing.length - 3} more` : '';
    return `The token audit found ${result.failing.length} token${result.failing.length === 1 ? '' : 's'} flagged in audit-fail-on (${counts}): ${examples}${more}. See the job summary or the audit-file output.`;
}
/** An audit that could not run still leaves its file, saying why, so a later step reading audit-file never finds nothing. */
function writeFailedAudit(toolkit, file, mode, message, now) {
    writeAuditFile(file, [`${JSON.stringify({ generatedAt: now.toISOString(), mode, error: message, tokens: [] }, null, 1)}\n`], toolkit.redact);
    toolkit.info(`Wrote the audit file (the audit did not run) to ${file}.`);
    return { 'audit-file': file };
}
/**
 * Lists the user's or the customer's tokens, classifies them, and reports:
 * outputs, the audit file, the summary, and the GitHub issue when asked.
 */
async function runAuditPhase(toolkit, client, settings, report, now) {
    const { audit } = settings;
    const mode = audit.mode === 'none' ? 'user' : audit.mode;
    return toolkit.group(`Fastly token audit (${mode})`, async () => {
        if (report.status !== 'valid' && report.status !== 'expiring') {
            const message = 'The token audit did not run: the token could not be verified.';
            const outputs = writeFailedAudit(toolkit, auditFilePath(toolkit.env, audit.issueKey || mode), mode, message, now);
            return { result: undefined, sections: [{ kind: 'note', text: message }], warnings: [], failures: [], outputs };
        }
        const { token } = report;
        const plan = planAudit(mode, token, audit.customerId);
        if ('problem' in plan) {
            const outputs = writeFailedAudit(toolkit, auditFilePath(toolkit.env, audit.issueKey || mode), mode, plan.problem, now);
            return { result: undefined, sections: [], warnings: [], failures: [plan.problem], outputs };
        }
        const { scope } = plan;
        const key = audit.issueKey || defaultIssueKey(scope);
        const file = auditFilePath(toolkit.env, key);
        let list;
        try {
            list = await listTokens(client, scope, plan.withAutomation);
        }
        catch (error) {
            if (!(error instanceof errors/* FastlyApiError */.kS))
                throw error;
            const message = describeListError(error, scope);
            const outputs = writeFailedAudit(toolkit, file, mode, message, now);
            // The failure heads the summary; no second copy here.
            return { result: undefined, sections: [], warnings: [], failures: [message], outputs };
        }
        const result = (0,classify/* auditTokens */.g8)(list.tokens, token.id, audit.policy, now);
        toolkit.info(`Listed ${(0,classify/* countTokensOf */.nu)(scope, list.tokens.length + list.unreadable)} (${list.bytes} bytes in ${list.responses} answer${list.responses === 1 ? '' : 's'}).`);
        if (list.inBoth > 0)
            toolkit.info(`${list.inBoth} automation tokens were in the customer's list and in the automation list; each is audited once.`);
        toolkit.info(`Audited ${result.entries.length}: ${Object.entries(result.counts)
            .map(([category, count]) => `${count} ${category}`)
            .join(', ')}.`);
        if (result.sessionTokensLeftOut > 0)
            toolkit.info(`Left out ${result.sessionTokensLeftOut} browser-session tokens (include-session-tokens: false).`);
        const warnings = [...plan.warnings];
        if (list.automationError !== undefined) {
            warnings.push(`The automation tokens of customer ${scope.subjectId} were not audited: ${list.automationError.message}. Listing them needs a superuser's token or an automation token with the superuser role; the customer's other tokens were audited.`);
        }
        if (list.unreadable > 0)
            warnings.push(`${list.unreadable} entries of Fastly's token list were not token objects and were skipped.`);
        writeAuditFile(file, auditFileContent(result, scope, audit.policy, now), toolkit.redact);
        toolkit.info(`Wrote the complete audit to ${file}.`);
        const { outputs, cutWarnings } = (0,report_outputs/* auditOutputs */.c_)(result, file);
        warnings.push(...cutWarnings);
        if (audit.policy.failOn.length === 0)
            warnings.push(...findingWarnings(result));
        const sections = auditSections(result, scope, now);
        for (const text of plan.warnings)
            sections.push({ kind: 'note', text });
        const failures = result.failing.length > 0 ? [failingMessage(result, audit.policy.failOn)] : [];
        // The benchmark reads this line: the action's own time on the lists, from each answer's headers on, waits for Fastly left out.
        toolkit.debug(`audit timing: ${Math.round(list.busyMs + performance.now() - list.finishedAt)} ms from the response headers to the audit's outputs and summary, ${list.bytes} bytes, ${result.entries.length} tokens, ${list.responses} answers`);
        if (audit.githubIssue) {
            try {
                const content = result.needsAttention.length > 0
                    ? buildAuditIssue(result, scope, { marker: issueMarker(key), issueKey: audit.issueKey }, settings.runUrl, now)
                    : undefined;
                const issues = await createGitHubIssues(audit.githubToken, {
                    timeoutMs: settings.timeoutMs,
                    retry: { ...retry_policy/* DEFAULT_RETRY_POLICY */.cO, maxRetries: settings.maxRetries },
                    redact: toolkit.redact,
                    log: (message) => toolkit.info(message),
                });
                const sync = await syncAuditIssue(issues, { key, content, runUrl: settings.runUrl });
                const text = sync.action === 'none'
                    ? 'No token needs attention and no audit issue is open.'
                    : `The audit issue #${sync.number} was ${sync.action}: ${sync.url}`;
                toolkit.info(text);
                sections.push({ kind: 'note', text });
            }
            catch (error) {
                if (!(error instanceof GitHubIssueError))
                    throw error;
                failures.push(error.message);
            }
        }
        return { result, sections, warnings, failures, outputs };
    });
}


/***/ })

};
