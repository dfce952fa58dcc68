export const id = 788;
export const ids = [788];
export const modules = {

/***/ 6407:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  mintToken: () => (/* binding */ mintToken)
});

// EXTERNAL MODULE: ./src/fastly/errors.ts
var errors = __webpack_require__(1862);
// EXTERNAL MODULE: ./src/shared/redact.ts
var redact = __webpack_require__(8932);
// EXTERNAL MODULE: ./src/shared/time.ts
var time = __webpack_require__(168);
// EXTERNAL MODULE: ./src/mint/base32.ts
var base32 = __webpack_require__(3214);
;// CONCATENATED MODULE: ./src/mint/mint-failure.ts

function describeMintFailure(error, order, twoFactor) {
    const { kind, status } = error;
    const request = error.message.replace(/\.$/, '');
    if (kind === 'http' && status !== undefined && (status === 401 || status === 403)) {
        const check = twoFactor
            ? "Check the secrets behind 'username' and 'password', and that 'otp-secret' is the seed of this user's authenticator (the code is made from the runner's clock, and Fastly may take each code once: two jobs that make tokens for one user within 30 seconds collide)"
            : "Check the secrets behind 'username' and 'password'; if the user has two-factor authentication, set 'otp-secret'";
        return `Fastly refused to make a token for this job: ${request}. No token was made. ${check}. Not retried: repeated wrong passwords can lock the account.`;
    }
    if (kind === 'http' && status === 429) {
        return `Fastly's rate limit refused to make a token for this job: ${request}. No token was made, and none was tried again. Fastly's hourly limit on writes resets at the top of the hour; run the job again then.`;
    }
    if ((kind === 'http' && status !== undefined && status >= 400 && status < 500) || kind === 'redirect') {
        // Fastly's status for a wrong one-time code is not recorded: with a second factor, that comes first.
        const check = twoFactor
            ? "Check 'otp-secret' (a wrong or reused one-time code), then new-token-scope, new-token-services and new-token-expires-in"
            : 'Check new-token-scope, new-token-services and new-token-expires-in';
        return `Fastly refused to make a token for this job: ${request}. No token was made. ${check}.`;
    }
    if (kind === 'tls' || ((kind === 'network' || kind === 'timeout') && !error.requestSent)) {
        return `Could not reach Fastly to make a token for this job: ${request}. The request never reached Fastly, so no token was made.`;
    }
    return (`Could not tell whether Fastly made a token for this job: ${request}. Not tried again: a second request could make a second token. ` +
        `If Fastly made one, no one holds its secret; it is named "${order.name}" and expires at ${(0,time/* formatUtc */.ay)(order.expiresAt)} (new-token-expires-in). ` +
        'To remove it sooner, find its ID with an audit (audit: user) and revoke it with revoke-token-ids.');
}

// EXTERNAL MODULE: ./src/mint/mint-request.ts
var mint_request = __webpack_require__(3174);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/mint/totp.ts
/**
 * One-time codes for a user with two-factor authentication: TOTP (RFC 6238)
 * over HOTP (RFC 4226) with SHA-1, 6 digits and a 30-second step, the codes
 * Fastly asks for in `Fastly-OTP`. The time is passed in.
 */

const TOTP_STEP_SECONDS = 30;
/** RFC 4226: HMAC-SHA-1 of the 8-byte big-endian counter, dynamically truncated to `digits` decimal digits. */
function hotp(key, counter, digits = 6) {
    const message = Buffer.alloc(8);
    message.writeBigUInt64BE(BigInt(counter));
    const mac = (0,external_node_crypto_.createHmac)('sha1', key).update(message).digest();
    const offset = mac[mac.length - 1] & 0x0f;
    const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
    return String(code).padStart(digits, '0');
}
/** RFC 6238 TOTP (SHA-1) at `atMs`: the code an authenticator app shows then. */
function totp(key, atMs, digits = 6) {
    return hotp(key, Math.floor(atMs / 1000 / TOTP_STEP_SECONDS), digits);
}

;// CONCATENATED MODULE: ./src/mint/mint-token.ts







/**
 * Makes the token. `mask` masks a secret with the runner (and keeps it out of
 * what the step writes); the new secret goes through it the moment it is read.
 */
async function mintToken(toolkit, client, mint, now, mask) {
    const order = (0,mint_request/* orderToken */.S)(mint, now);
    const seed = mint.otpSecret !== undefined ? (0,base32/* decodeBase32 */.p)(mint.otpSecret) : undefined;
    const services = order.services.length === 0 ? 'all services' : `services ${order.services.join(', ')}`;
    toolkit.info(`Making a token for this job (POST /tokens as the user in 'username'${seed !== undefined ? ', with a one-time code' : ''}): "${order.name}", scope ${order.scope}, ${services}, expiring at ${(0,time/* formatUtc */.ay)(order.expiresAt)}.`);
    try {
        const created = await client.createToken({
            username: mint.username,
            password: mint.password,
            otp: seed !== undefined ? totp(seed, now.getTime()) : undefined,
            name: order.name,
            scope: order.scope,
            services: order.services,
            expiresAt: (0,time/* formatTimestamp */.Ey)(order.expiresAt),
        }, 
        // Masked before anything else can be printed or written.
        mask);
        const made = {
            secret: created.secret,
            id: created.token?.id ?? null,
            name: created.token?.name ?? order.name,
            expiresAt: created.token !== undefined ? created.token.expiresAt : order.expiresAt,
            asked: { scopes: mint.scopes, services: order.services, expiresAt: order.expiresAt },
        };
        toolkit.info(`Made the token${made.id !== null ? ` ${made.id}` : ''}; ${made.expiresAt !== null ? `it expires at ${(0,time/* formatUtc */.ay)(made.expiresAt)}` : "Fastly's answer gives it no expiry"}.`);
        return { made };
    }
    catch (error) {
        if (!(error instanceof errors/* FastlyApiError */.kS))
            throw error;
        // Fastly's words come back in the message; whatever it echoed of the credentials is taken out,
        // also as the error's text shows it (runs of whitespace made one space).
        // The password only whole (in any encoding): it holds words, whose pieces would garble the sentence.
        const seeds = [mint.otpSecret ?? '', flattenWhitespace(mint.otpSecret ?? '')];
        const passwords = [mint.password, flattenWhitespace(mint.password)];
        const message = (0,redact/* redactSecrets */.fp)(error.message, seeds, passwords);
        return { failure: describeMintFailure({ ...error, message }, order, seed !== undefined) };
    }
}
function flattenWhitespace(text) {
    return text.replace(/\s+/g, ' ').trim();
}


/***/ })

};
