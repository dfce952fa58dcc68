export const id = 993;
export const ids = [993];
export const modules = {

/***/ 7993:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LIST_WORDS: () => (/* binding */ LIST_WORDS),
/* harmony export */   revocableLister: () => (/* binding */ revocableLister)
/* harmony export */ });
/* harmony import */ var _fastly_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1862);

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
const isRefusal = (error) => error instanceof _fastly_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .FastlyApiError */ .kS &&
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


/***/ })

};
