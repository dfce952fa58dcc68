export const id = 940;
export const ids = [940];
export const modules = {

/***/ 3940:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readAutomationPage: () => (/* binding */ readAutomationPage)
/* harmony export */ });
/* harmony import */ var _token_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4860);

function wholeNumber(value) {
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
/**
 * Reads one page: `{"data":[...],"meta":{"per_page","current_page","record_count","total_pages"}}`
 * as go-fastly's recorded traffic shows it. Without `meta.total_pages` a full
 * page means another may follow, so a list is never cut short. A page that is
 * not the one asked for is refused: reading page 1 again and again would look
 * like a complete list.
 */
function readAutomationPage(json, page, perPage) {
    if (json === null || typeof json !== 'object' || Array.isArray(json))
        throw new _token_js__WEBPACK_IMPORTED_MODULE_0__/* .MalformedTokenError */ .Zv('the answer is not a page of automation tokens ({"data":[...],"meta":{...}})');
    const body = json;
    if (!Array.isArray(body.data))
        throw new _token_js__WEBPACK_IMPORTED_MODULE_0__/* .MalformedTokenError */ .Zv('the page of automation tokens has no "data" array of tokens');
    const meta = body.meta !== null && typeof body.meta === 'object' ? body.meta : {};
    const current = wholeNumber(meta.current_page);
    if (current !== undefined && current !== page)
        throw new _token_js__WEBPACK_IMPORTED_MODULE_0__/* .MalformedTokenError */ .Zv(`page ${page} was asked for, but the answer is page ${current} (meta.current_page)`);
    const tokens = [];
    let unreadable = 0;
    for (const item of body.data) {
        try {
            tokens.push((0,_token_js__WEBPACK_IMPORTED_MODULE_0__/* .normalizeToken */ .JK)(item, 'automation'));
        }
        catch (error) {
            if (!(error instanceof _token_js__WEBPACK_IMPORTED_MODULE_0__/* .MalformedTokenError */ .Zv))
                throw error;
            unreadable += 1;
        }
    }
    const declared = wholeNumber(meta.total_pages);
    const pageSize = wholeNumber(meta.per_page) || perPage;
    const totalPages = declared ?? (body.data.length >= pageSize ? page + 1 : page);
    return { tokens, unreadable, totalPages };
}


/***/ })

};
