export const id = 118;
export const ids = [118];
export const modules = {

/***/ 4118:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  verifyToken: () => (/* binding */ verifyToken)
});

// EXTERNAL MODULE: ./src/shared/time.ts
var time = __webpack_require__(168);
;// CONCATENATED MODULE: ./src/verify/expiry.ts
/**
 * Places a token's expiry (epoch milliseconds; null: never expires) relative
 * to the fail and warn windows at `now`. A window of N seconds includes an
 * expiry exactly N seconds away.
 */
function classifyExpiry(expiresAt, now, windows) {
    if (expiresAt === null)
        return { class: 'never', secondsLeft: null };
    const secondsLeft = Math.floor((expiresAt - now.getTime()) / 1000);
    if (secondsLeft <= 0)
        return { class: 'expired', secondsLeft };
    if (windows.failWithin !== undefined && secondsLeft <= windows.failWithin)
        return { class: 'fail-window', secondsLeft };
    if (windows.warnWithin !== undefined && windows.warnWithin > 0 && secondsLeft <= windows.warnWithin) {
        return { class: 'warn-window', secondsLeft };
    }
    return { class: 'ok', secondsLeft };
}

;// CONCATENATED MODULE: ./src/verify/permissions.ts
const KNOWN_SCOPES = (/* unused pure expression or super */ null && (['global', 'purge_select', 'purge_all', 'global:read']));
/**
 * Scopes the token lacks. `global` allows everything its user may do, so it
 * satisfies any requirement; other scopes satisfy only themselves.
 */
function missingScopes(tokenScopes, required) {
    if (tokenScopes.includes('global'))
        return [];
    return required.filter((scope) => !tokenScopes.includes(scope));
}
/** Services the token cannot act on. A token limited to no service may act on all of them. */
function missingServices(tokenServices, required) {
    if (tokenServices.length === 0)
        return [];
    return required.filter((service) => !tokenServices.includes(service));
}

;// CONCATENATED MODULE: ./src/verify/as-asked.ts
/**
 * Whether the token this step made is no wider than what it asked Fastly
 * for. Fastly is documented to honour the scope, services and expiry of
 * `POST /tokens`; the action checks rather than trusts, because the whole
 * point of a made token is least privilege, and a wider one handed to a
 * deploy would go unnoticed. Pure.
 */

/**
 * Fastly writes `expires_at` to the second and the step's clock and Fastly's
 * may disagree a little; a minute later than asked is not "wider".
 */
const EXPIRY_SLACK_MS = 60_000;
/** How the granted token is wider than asked, one phrase each; empty when it is not. */
function widerThanAsked(granted, asked) {
    const wider = [];
    // `global` allows everything its user may do: nothing is wider. Otherwise each scope must have been asked for.
    if (!asked.scopes.includes('global')) {
        // Fastly always states a token's scope; a token that states none could hold any, global included.
        if (granted.scopes.length === 0)
            wider.push(`no scope stated (asked: ${asked.scopes.join(' ')})`);
        const extra = granted.scopes.filter((scope) => !asked.scopes.includes(scope));
        if (extra.length > 0)
            wider.push(`scope ${granted.scopes.join(' ')} (asked: ${asked.scopes.join(' ')})`);
    }
    if (asked.services.length > 0) {
        if (granted.services.length === 0)
            wider.push(`all services (asked: ${asked.services.join(', ')})`);
        else {
            const extra = granted.services.filter((service) => !asked.services.includes(service));
            if (extra.length > 0)
                wider.push(`services ${granted.services.join(', ')} (asked: ${asked.services.join(', ')})`);
        }
    }
    if (granted.expiresAt === null)
        wider.push(`no expiry (asked: ${(0,time/* formatUtc */.ay)(asked.expiresAt)})`);
    else if (granted.expiresAt > asked.expiresAt + EXPIRY_SLACK_MS)
        wider.push(`expiry ${(0,time/* formatUtc */.ay)(granted.expiresAt)} (asked: ${(0,time/* formatUtc */.ay)(asked.expiresAt)})`);
    return wider;
}

;// CONCATENATED MODULE: ./src/verify/verdict.ts




function tokenLabel(token) {
    return token.name !== null ? `'${token.name}' (${token.id})` : token.id;
}
/**
 * Applies the gate's policy to a token Fastly accepted. Pure: `now` is passed
 * in, so the same token and clock always give the same verdict.
 */
function evaluateToken(token, policy, now) {
    const expiry = classifyExpiry(token.expiresAt, now, { failWithin: policy.failWithin, warnWithin: policy.warnWithin });
    const checks = [
        { kind: 'accepted', name: 'Accepted by Fastly', outcome: 'pass', detail: 'GET /tokens/self answered 200' },
    ];
    const warnings = [];
    const failures = [];
    const label = tokenLabel(token);
    if (policy.asked !== undefined) {
        const wider = widerThanAsked(token, policy.asked);
        checks.push({
            kind: 'as-asked',
            name: 'Made as asked (no wider)',
            outcome: wider.length === 0 ? 'pass' : 'fail',
            detail: wider.length === 0 ? 'scope, services and expiry as asked or narrower' : `wider: ${wider.join('; ')}`,
        });
        if (wider.length > 0)
            failures.push(`Fastly made the token for this job wider than asked: ${wider.join('; ')}. The step fails and leaves the token output empty, so no later step gets more than was asked; the post step still revokes it when revoke is auto or post (with revoke: never, revoke it by hand). Check new-token-scope, new-token-services and new-token-expires-in, and what Fastly allows this user.`);
    }
    const expiryCheck = checkExpiry(token, expiry, policy, label);
    checks.push(expiryCheck.check);
    if (expiryCheck.message !== undefined)
        (expiryCheck.check.outcome === 'fail' ? failures : warnings).push(expiryCheck.message);
    if (policy.requireExpiry) {
        const ok = token.expiresAt !== null;
        checks.push({
            kind: 'require-expiry',
            name: 'Has an expiry date (require-expiry)',
            outcome: ok ? 'pass' : 'fail',
            detail: ok ? 'yes' : 'no: the token never expires',
        });
        if (!ok)
            failures.push(`The token ${label} never expires, and require-expiry is true. Create a token with an expiry date and store it in the secret.`);
    }
    if (policy.requiredScopes.length > 0) {
        const missing = missingScopes(token.scopes, policy.requiredScopes);
        const has = token.scopes.length > 0 ? token.scopes.join(' ') : '(none)';
        checks.push({
            kind: 'scopes',
            name: `Scopes include ${policy.requiredScopes.join(', ')}`,
            outcome: missing.length === 0 ? 'pass' : 'fail',
            detail: missing.length === 0 ? `token has ${has}` : `missing ${missing.join(', ')}; token has ${has}`,
        });
        if (missing.length > 0) {
            failures.push(`The token ${label} lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (it has ${has}). ${policy.asked !== undefined
                ? `Ask for ${missing.length > 1 ? 'them' : 'it'} in new-token-scope (or for global).`
                : `Create a token with ${missing.length > 1 ? 'these scopes' : 'this scope'} or with global.`}`);
        }
    }
    if (policy.requiredServices.length > 0) {
        const missing = missingServices(token.services, policy.requiredServices);
        const has = token.services.length === 0 ? 'all services' : token.services.join(', ');
        checks.push({
            kind: 'services',
            name: `Can act on ${policy.requiredServices.join(', ')}`,
            outcome: missing.length === 0 ? 'pass' : 'fail',
            detail: missing.length === 0
                ? `token is limited to ${has}`
                : `not on ${missing.join(', ')}; token is limited to ${has}`,
        });
        if (missing.length > 0) {
            failures.push(`The token ${label} cannot act on the service${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: it is limited to ${has}. ${policy.asked !== undefined
                ? `Add ${missing.length > 1 ? 'them' : 'it'} to new-token-services (or leave it empty for all services).`
                : `Create a token for ${missing.length > 1 ? 'these services' : 'this service'} or for all services.`}`);
        }
    }
    const expiring = expiry.class === 'expired' || expiry.class === 'fail-window' || expiry.class === 'warn-window';
    return { status: expiring ? 'expiring' : 'valid', passed: failures.length === 0, expiry, checks, warnings, failures };
}
function checkExpiry(token, expiry, policy, label) {
    const kind = 'expiry';
    const name = 'Expiry';
    if (expiry.class === 'never' || token.expiresAt === null) {
        return { check: { kind, name, outcome: 'pass', detail: 'never expires' } };
    }
    const when = (0,time/* formatUtc */.ay)(token.expiresAt);
    const left = expiry.secondsLeft ?? 0;
    if (expiry.class === 'ok') {
        return { check: { kind, name, outcome: 'pass', detail: `expires ${when}, in ${(0,time/* describeDuration */.MB)(left)}` } };
    }
    const renew = policy.revokedByThisJob === true ? '' : ' Create a new token and update the secret.';
    if (expiry.class === 'expired') {
        const failing = policy.failWithin !== undefined;
        const message = `The token ${label} expired at ${when}, ${(0,time/* describeDuration */.MB)(left)} ago, although Fastly still accepted it.${renew}`;
        return { check: { kind, name, outcome: failing ? 'fail' : 'warn', detail: `expired ${when}` }, message };
    }
    if (expiry.class === 'fail-window') {
        const message = `The token ${label} expires at ${when}, in ${(0,time/* describeDuration */.MB)(left)}, which is within fail-if-expires-within (${(0,time/* formatDuration */.a3)(policy.failWithin ?? 0)}).${renew}`;
        return { check: { kind, name, outcome: 'fail', detail: `expires ${when}, in ${(0,time/* describeDuration */.MB)(left)}` }, message };
    }
    const message = `The token ${label} expires at ${when}, in ${(0,time/* describeDuration */.MB)(left)}, which is within warn-if-expires-within (${(0,time/* formatDuration */.a3)(policy.warnWithin ?? 0)}).${renew}`;
    return { check: { kind, name, outcome: 'warn', detail: `expires ${when}, in ${(0,time/* describeDuration */.MB)(left)}` }, message };
}

// EXTERNAL MODULE: ./src/fastly/errors.ts
var errors = __webpack_require__(1862);
;// CONCATENATED MODULE: ./src/verify/verify-token.ts


/** Turns a failed `GET /tokens/self` into a report: 401/403 are a verdict, anything else is not. */
function reportFromError(error, madeForJob) {
    if (error.kind === 'http' && error.status === 401) {
        // "Update the secret" is no advice for a token this step made a moment ago.
        const advice = madeForJob
            ? 'This step made it a moment ago, so Fastly refused what it had just made; run the job again, and if it recurs check new-token-expires-in and the user in username.'
            : 'Create a new token and update the secret.';
        return {
            status: 'invalid',
            httpStatus: 401,
            message: `Fastly rejected the token: it is missing, expired or revoked (${error.message}). ${advice}`,
        };
    }
    if (error.kind === 'http' && error.status === 403) {
        return {
            status: 'invalid',
            httpStatus: 403,
            message: `Fastly rejected the token or does not permit it here: ${error.detail} (${error.method} ${error.path} answered HTTP 403). Check that the secret holds a current token of the right account.`,
        };
    }
    return { status: 'error', message: `Could not verify the token: ${error.message}.` };
}
/** Asks Fastly about the token and applies the gate's policy to the answer. */
async function verifyToken(client, policy, now) {
    try {
        const token = await client.getSelf();
        const verdict = evaluateToken(token, policy, now());
        return { status: verdict.status, token, verdict };
    }
    catch (error) {
        if (error instanceof errors/* FastlyApiError */.kS)
            return reportFromError(error, policy.asked !== undefined);
        throw error;
    }
}


/***/ })

};
