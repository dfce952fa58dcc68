export const id = 136;
export const ids = [136];
export const modules = {

/***/ 4136:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JsonArraySplitter: () => (/* binding */ JsonArraySplitter)
/* harmony export */ });
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6193);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_string_decoder__WEBPACK_IMPORTED_MODULE_0__);

/**
 * Splits a JSON array arriving in chunks into its elements, handing each
 * element's text to `onElement` as soon as it is complete. A 50 MB token
 * list then never exists as one string or one parsed array: each element is
 * parsed, used and dropped while the rest is still on the wire.
 *
 * It tracks only what it must to find element boundaries (nesting depth,
 * strings and escapes); each element is then checked by JSON.parse.
 */
class JsonArraySplitter {
    onElement;
    depth = 0;
    inString = false;
    escaped = false;
    started = false;
    ended = false;
    /** Text of the element being read, across chunks. */
    pending = [];
    /** Decodes UTF-8 across chunk boundaries: a character split between chunks stays whole. */
    decoder = new node_string_decoder__WEBPACK_IMPORTED_MODULE_0__.StringDecoder('utf8');
    elementStart = -1;
    trailing = false;
    constructor(onElement) {
        this.onElement = onElement;
    }
    push(bytes) {
        // Scanning decoded text lets each element be a slice of it: no copy per element.
        const chunk = this.decoder.write(bytes);
        this.elementStart = -1;
        for (let i = 0; i < chunk.length; i++) {
            const byte = chunk.charCodeAt(i);
            if (this.ended) {
                if (!isSpace(byte))
                    throw new SyntaxError('text after the end of the JSON array');
                continue;
            }
            if (!this.started) {
                if (isSpace(byte))
                    continue;
                if (byte !== 0x5b /* [ */)
                    throw new SyntaxError('not a JSON array');
                this.started = true;
                continue;
            }
            if (this.inString) {
                if (this.escaped)
                    this.escaped = false;
                else if (byte === 0x5c /* \ */)
                    this.escaped = true;
                else if (byte === 0x22 /* " */)
                    this.inString = false;
                continue;
            }
            if (byte === 0x22) {
                this.beginElementAt(i);
                this.inString = true;
            }
            else if (byte === 0x7b /* { */ || byte === 0x5b /* [ */) {
                this.beginElementAt(i);
                this.depth += 1;
            }
            else if (byte === 0x7d /* } */ || byte === 0x5d /* ] */) {
                if (this.depth === 0) {
                    if (byte !== 0x5d)
                        throw new SyntaxError('unbalanced brackets');
                    this.finishElement(chunk, i, false);
                    this.ended = true;
                }
                else {
                    this.depth -= 1;
                }
            }
            else if (byte === 0x2c /* , */ && this.depth === 0) {
                this.finishElement(chunk, i, true);
            }
            else if (!isSpace(byte)) {
                this.beginElementAt(i);
            }
        }
        // An element still open at the chunk's end: keep its bytes (all of the chunk, if it began earlier).
        if (this.elementStart >= 0)
            this.pending.push(chunk.slice(this.elementStart));
        else if (this.pending.length > 0)
            this.pending.push(chunk);
    }
    /** Call after the last chunk: throws when the array never closed. */
    end() {
        const rest = this.decoder.end();
        if (rest !== '')
            this.push(Buffer.from(rest, 'utf8'));
        if (!this.ended)
            throw new SyntaxError(this.started ? 'the JSON array is cut off' : 'empty body');
    }
    beginElementAt(index) {
        if (this.elementStart < 0 && this.pending.length === 0)
            this.elementStart = index;
    }
    finishElement(chunk, index, comma) {
        const parts = this.pending;
        if (this.elementStart >= 0)
            parts.push(chunk.slice(this.elementStart, index));
        else if (parts.length > 0)
            parts.push(chunk.slice(0, index));
        this.pending = [];
        this.elementStart = -1;
        if (parts.length === 0) {
            // `[]`, or a stray comma such as `[1,,2]` or `[1,]`.
            if (comma || this.trailing)
                throw new SyntaxError('missing array element');
            return;
        }
        this.trailing = comma;
        this.onElement(parts.length === 1 ? parts[0] : parts.join(''));
    }
}
function isSpace(byte) {
    return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}


/***/ })

};
