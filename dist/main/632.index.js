export const id = 632;
export const ids = [632];
export const modules = {

/***/ 9632:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runRevocations: () => (/* binding */ runRevocations)
});

// EXTERNAL MODULE: ./src/fastly/errors.ts
var errors = __webpack_require__(1862);
;// CONCATENATED MODULE: ./src/revoke/revocable-lister.ts

/** How each list reads in a sentence. */
const LIST_WORDS = {
    customer: "the customer's token list",
    user: "the user's own token list",
    automation: "the customer's automation-token list",
};
/**
 * Fastly's refusal of a list as a whole: 401 or 403 on it (on its first page, for the paged automation list).
 * The same status halfway through a paged list is a failure: the pages before it were not refused.
 */
const isRefusal = (error) => error instanceof errors/* FastlyApiError */.kS &&
    error.kind === 'http' &&
    (error.status === 403 || error.status === 401) &&
    !/[?&]page=(?:[2-9]|\d{2,})/.test(error.path);
function revocableLister(client, customerId, ids, categorize) {
    const wanted = new Set(ids);
    const refused = new Set();
    /** The lists the first call could read: every later call reads exactly these. */
    let chosen;
    const read = (name) => name === 'customer'
        ? client.listCustomerTokens(customerId)
        : name === 'user'
            ? client.listUserTokens()
            : client.listAutomationTokens();
    const add = async (listed, list) => {
        for (const token of list.tokens) {
            // Only the tokens asked for are judged: a customer's list may hold 100,000.
            const category = wanted.has(token.id) ? await categorize(token) : null;
            listed.set(token.id, { name: token.name, owner: token.userId ?? token.creatorId, category });
        }
        // An entry whose other fields are odd is still a token Fastly lists.
        for (const id of list.unreadableIds)
            if (!listed.has(id))
                listed.set(id, { name: null, owner: null, category: null });
    };
    const list = async () => {
        const listed = new Map();
        if (chosen !== undefined) {
            for (const name of chosen)
                await add(listed, await read(name));
            return listed;
        }
        const readable = [];
        let refusal;
        const attempt = async (name) => {
            try {
                await add(listed, await read(name));
                readable.push(name);
            }
            catch (error) {
                if (!isRefusal(error))
                    throw error;
                refused.add(name);
                refusal = error;
            }
        };
        if (customerId !== null)
            await attempt('customer');
        if (!readable.includes('customer'))
            await attempt('user');
        if (ids.some((id) => !listed.has(id)))
            await attempt('automation');
        if (readable.length === 0)
            throw refusal ?? new Error('no list of tokens could be read');
        chosen = readable;
        return listed;
    };
    return { list, refused: () => [...refused] };
}

// EXTERNAL MODULE: ./src/shared/describe-error.ts
var describe_error = __webpack_require__(4459);
// EXTERNAL MODULE: ./src/shared/time.ts
var time = __webpack_require__(168);
;// CONCATENATED MODULE: ./src/revoke/revoke-current.ts



function label(id, name) {
    return name !== null ? `${id} (${name})` : id;
}
/** A revocation that failed for good: logged and reported with the same words (status, request, Fastly's message). */
function failed(id, name, current, detail, log) {
    log(`Could not revoke ${current ? 'the current token' : 'token'} ${label(id, name)}: ${detail}`);
    return { id, name, current, outcome: 'failed', detail };
}
/** Why a batch cannot be sent within the hourly write budget; undefined when it can (or the budget is unknown). */
function budgetShortfall(budget, writes) {
    if (budget === undefined || budget.remaining >= writes)
        return undefined;
    const reset = budget.resetAt !== undefined ? ` until ${(0,time/* formatUtc */.ay)(budget.resetAt)}` : '';
    return `not sent: it needs ${writes} write${writes === 1 ? '' : 's'} and Fastly's hourly write budget has ${budget.remaining} left${reset}. Run again after the reset`;
}
/**
 * Revokes the token the client authenticates with (`DELETE /tokens/self`), then
 * asks `GET /tokens/self` with the same token: it is revoked only when Fastly
 * now rejects it (401 or 403), whatever the DELETE answered.
 */
async function revokeCurrentToken(client, token, options) {
    const id = token.id ?? '(current token)';
    const result = (outcome, detail) => ({
        id,
        name: token.name,
        current: true,
        outcome,
        detail,
    });
    if (options.dryRun) {
        options.log(`Dry run: would revoke the current token ${label(id, token.name)}.`);
        return result('would-revoke', 'dry run: not sent');
    }
    const shortfall = budgetShortfall(client.writeBudget, 1);
    if (shortfall !== undefined)
        return failed(id, token.name, true, `DELETE /tokens/self ${shortfall}`, options.log);
    let deleteError;
    try {
        await client.revokeSelf();
    }
    catch (error) {
        deleteError = error;
    }
    let rejected;
    try {
        rejected = await client.isSelfRejected();
    }
    catch (error) {
        const why = deleteError !== undefined ? (0,describe_error/* describeUnknownError */.S)(deleteError) : 'Fastly accepted the revocation';
        return failed(id, token.name, true, `${why}; asking Fastly whether it still accepts the token failed: ${(0,describe_error/* describeUnknownError */.S)(error)}`, options.log);
    }
    if (!rejected) {
        const why = deleteError !== undefined
            ? (0,describe_error/* describeUnknownError */.S)(deleteError)
            : 'Fastly answered the revocation with success, but still accepts the token';
        return failed(id, token.name, true, `${why} (GET /tokens/self still answers 200)`, options.log);
    }
    // Fastly rejects it now. Our DELETE did that, unless Fastly refused it as already gone the first time.
    const alreadyGone = deleteError instanceof errors/* FastlyApiError */.kS &&
        deleteError.kind === 'http' &&
        [401, 403, 404].includes(deleteError.status ?? 0) &&
        !deleteError.afterPossibleDelivery;
    if (alreadyGone) {
        options.log(`The current token ${label(id, token.name)} was already revoked.`);
        return result('already-gone', 'already revoked (Fastly rejects it)');
    }
    options.log(`Revoked the current token ${label(id, token.name)} (confirmed: Fastly now rejects it).`);
    return result('revoked', 'revoked, confirmed');
}

;// CONCATENATED MODULE: ./src/revoke/revoke-tokens.ts



/** IDs per bulk request. Fastly documents no limit; 100 keeps each request small and a failure contained. */
const BULK_CHUNK_SIZE = 100;
/** A bulk call answering these may not support bulk (or one ID is unknown): retry that chunk one ID at a time. */
const BULK_FALLBACK_STATUSES = [400, 404, 405, 415];
const isRateLimited = (error) => error instanceof errors/* FastlyApiError */.kS && error.kind === 'http' && error.status === 429;
const OUTCOME_UNKNOWN_STATUSES = [404, 502, 503, 504];
const answeredWithError = (error) => error instanceof errors/* FastlyApiError */.kS &&
    error.kind === 'http' &&
    error.status !== undefined &&
    !OUTCOME_UNKNOWN_STATUSES.includes(error.status);
/**
 * One chunk: bulk, or one request per ID when bulk does not apply. What each
 * request answered is kept only to explain a token that is still listed;
 * the list afterwards decides. `stop` says why no further chunk may go out.
 */
async function sendChunk(client, chunk, log) {
    const sent = new Map();
    const one = async (id) => {
        try {
            await client.revokeToken(id);
            sent.set(id, {});
        }
        catch (error) {
            // Refused by the client before any request: never sent, so never "confirmed" by its absence from a list.
            if (error instanceof errors/* RefusedTokenIdError */.F6) {
                sent.set(id, { stop: error.message });
                return undefined;
            }
            sent.set(id, { error: (0,describe_error/* describeUnknownError */.S)(error), answered: answeredWithError(error) });
            if (isRateLimited(error))
                return (0,describe_error/* describeUnknownError */.S)(error);
        }
        return undefined;
    };
    if (chunk.length === 1) {
        const stop = await one(chunk[0]);
        return stop !== undefined ? { sent, stop } : { sent };
    }
    try {
        await client.revokeTokens(chunk);
        for (const id of chunk)
            sent.set(id, {});
        return { sent };
    }
    catch (error) {
        if (error instanceof errors/* RefusedTokenIdError */.F6) {
            for (const id of chunk)
                sent.set(id, { stop: error.message });
            return { sent };
        }
        const fallback = error instanceof errors/* FastlyApiError */.kS &&
            error.kind === 'http' &&
            error.status !== undefined &&
            BULK_FALLBACK_STATUSES.includes(error.status);
        if (!fallback) {
            for (const id of chunk)
                sent.set(id, { error: (0,describe_error/* describeUnknownError */.S)(error), answered: answeredWithError(error) });
            // After a 429 that outlasted the retries, the budget is spent: nothing more goes out.
            return isRateLimited(error) ? { sent, stop: (0,describe_error/* describeUnknownError */.S)(error) } : { sent };
        }
        const shortfall = budgetShortfall(client.writeBudget, chunk.length);
        if (shortfall !== undefined) {
            for (const id of chunk)
                sent.set(id, {
                    error: `bulk revocation answered HTTP ${error.status}; one by one is ${shortfall}`,
                    answered: true,
                });
            return { sent };
        }
        log(`Bulk revocation answered HTTP ${error.status}; revoking these ${chunk.length} tokens one at a time.`);
        for (const [index, id] of chunk.entries()) {
            const stop = await one(id);
            if (stop !== undefined) {
                for (const rest of chunk.slice(index + 1))
                    sent.set(rest, { stop });
                return { sent, stop };
            }
        }
        return { sent };
    }
}
/**
 * Revokes tokens by ID: one ID with `DELETE /tokens/{id}`, several in bulk
 * chunks of `BULK_CHUNK_SIZE`, falling back to one request per ID only when a
 * bulk call answers a status that says bulk did not apply. Only IDs Fastly
 * lists are sent, and a revocation counts only once the list afterwards no
 * longer shows the token. Nothing is sent that the hourly write budget cannot
 * take, and nothing more after a 429 that outlasted the retries.
 */
async function revokeTokenIds(client, ids, options) {
    const { log } = options;
    if (ids.length === 0)
        return [];
    let before;
    try {
        before = await options.listRevocable();
    }
    catch (error) {
        const detail = `not sent: listing the tokens to check the IDs against failed: ${(0,describe_error/* describeUnknownError */.S)(error)}`;
        return ids.map((id) => failed(id, null, false, detail, log));
    }
    const nameOf = (id) => before.get(id)?.name ?? null;
    const owner = (id) => before.get(id)?.owner ?? null;
    const category = (id) => before.get(id)?.category ?? null;
    const result = (id, outcome, detail) => ({
        id,
        name: nameOf(id),
        owner: owner(id),
        category: category(id),
        current: false,
        outcome,
        detail,
    });
    const fail = (id, detail) => ({
        ...failed(id, nameOf(id), false, detail, log),
        owner: owner(id),
        category: category(id),
    });
    const notListed = (id) => {
        log(`Token ${id} is not among the tokens Fastly lists for this token: already revoked, never existed, or not its to revoke. Not sent.`);
        return result(id, 'not-found', 'Fastly does not list it: not sent');
    };
    const targets = ids.filter((id) => before.has(id));
    if (options.dryRun) {
        return ids.map((id) => {
            if (!before.has(id))
                return notListed(id);
            log(`Dry run: would revoke token ${label(id, nameOf(id))}.`);
            return result(id, 'would-revoke', 'dry run: not sent');
        });
    }
    const chunks = [];
    for (let start = 0; start < targets.length; start += BULK_CHUNK_SIZE)
        chunks.push(targets.slice(start, start + BULK_CHUNK_SIZE));
    const sent = new Map();
    for (const [index, chunk] of chunks.entries()) {
        // Each chunk is one write; what is left must fit what Fastly said remains.
        const stop = budgetShortfall(client.writeBudget, chunks.length - index);
        if (stop !== undefined) {
            const rest = chunks.slice(index).flat();
            log(`Stopping before ${rest.length} more revocations: ${stop}.`);
            for (const id of rest)
                sent.set(id, { stop });
            break;
        }
        const answer = await sendChunk(client, chunk, log);
        for (const [id, outcome] of answer.sent)
            sent.set(id, outcome);
        if (answer.stop !== undefined) {
            const rest = chunks.slice(index + 1).flat();
            if (rest.length > 0)
                log(`Stopping before ${rest.length} more revocations: Fastly's hourly write budget is spent.`);
            for (const id of rest)
                sent.set(id, { stop: `not sent: Fastly's hourly write budget is spent (${answer.stop})` });
            break;
        }
    }
    let after = new Map();
    if ([...sent.values()].some((outcome) => outcome.stop === undefined)) {
        try {
            after = new Map(await options.listRevocable());
        }
        catch (error) {
            after = { error: (0,describe_error/* describeUnknownError */.S)(error) };
        }
        const anchor = options.anchorId;
        if (after instanceof Map && anchor !== undefined && before.has(anchor) && !after.has(anchor))
            after = {
                error: `the list no longer shows ${anchor}, the token this step runs on, which still works: it cannot be trusted to confirm anything`,
            };
    }
    return ids.map((id) => {
        if (!before.has(id))
            return notListed(id);
        const outcome = sent.get(id);
        if (outcome.stop !== undefined)
            return fail(id, outcome.stop);
        if (!(after instanceof Map)) {
            return fail(id, `${outcome.error ?? 'Fastly accepted the revocation'}; the list that would confirm it failed: ${after.error}`);
        }
        if (after.has(id))
            return fail(id, outcome.error ?? 'Fastly accepted the revocation, but still lists the token afterwards');
        if (outcome.answered === true)
            return fail(id, `${outcome.error}; the list no longer shows the token, but as Fastly answered the revocation with an error that is no proof: not counted as revoked, check it by hand`);
        // Listed before, gone after: revoked, whatever the DELETE's own answer was (a lost answer, a 404 on its retry).
        log(`Revoked token ${label(id, nameOf(id))} (confirmed: Fastly no longer lists it).`);
        return result(id, 'revoked', 'revoked, confirmed');
    });
}

;// CONCATENATED MODULE: ./src/revoke/run-revocations.ts



/** The IDs first, then the current token: `revoke: now` never pulls the ground from under the rest. */
async function runRevocations(toolkit, client, settings, report, plan, made, now) {
    return toolkit.group('Fastly token revocation', async () => {
        for (const note of plan.notes)
            toolkit.info(note);
        // A token this step made is known without Fastly's verdict on it.
        const token = report.status === 'valid' || report.status === 'expiring'
            ? report.token
            : made !== undefined
                ? { id: made.id ?? '(current token)', name: made.name, customerId: null }
                : undefined;
        const log = (message) => toolkit.info(message);
        // Fastly's answer for the token may name no customer (an automation token's has been seen without one).
        // customer-id first, as for the audit.
        const customerId = settings.audit.customerId !== '' ? settings.audit.customerId : (token?.customerId ?? null);
        const lister = revocableLister(client, customerId, plan.revokeIds, async (listed) => {
            // The audit's own rules and windows (stale-after, warn-if-expires-within), loaded only for a cleanup.
            const { CATEGORY_LABEL, flagToken } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 985));
            return CATEGORY_LABEL[flagToken(listed, now, settings.audit.policy)[0] ?? 'ok'];
        });
        const results = await revokeTokenIds(client, plan.revokeIds, {
            dryRun: settings.revocation.dryRun,
            log,
            listRevocable: lister.list,
            anchorId: token?.id,
        });
        // "Not found" among lists Fastly refused is not "gone": say so, so a cleanup with too weak a token is noticed.
        const unseen = results.filter((result) => result.outcome === 'not-found').length;
        const refused = lister.refused();
        // No customer named: setting customer-id is the fix, whatever list was refused besides.
        const unseenWhy = customerId === null
            ? "Fastly's answer for this token names no customer, so the customer's token list could not be asked for and only the token's own were checked. Set customer-id to check the customer's tokens."
            : refused.length > 0
                ? `Fastly refused ${refused.map((name) => LIST_WORDS[name]).join(' and ')} to this token (the customer's lists are for superusers), so only the tokens it could list were checked. To revoke other users' tokens, run this step with a superuser's token.`
                : undefined;
        if (unseen > 0 && unseenWhy !== undefined)
            toolkit.warning(`Not revoked: ${unseen} token ID(s) are not among the tokens this token may list, so they were never sent. ${unseenWhy}`);
        if (plan.revokeSelfNow && token !== undefined) {
            results.push(await revokeCurrentToken(client, { id: token.id, name: token.name }, { dryRun: settings.revocation.dryRun, log }));
        }
        return results;
    });
}


/***/ })

};
