'use strict'

// explain(code) says what a TRTC code means and how to fix it, in English and Chinese, from the
// kit's one table (codes.json, shipped as lib/codes.js for the mini-program's require).

const table = require('./codes')

const byCode = new Map(table.codes.map((e) => [e.code, e]))

// key turns what a caller may hold into the table's key: TRTC's number (-1307, '-1307'), a
// TicketboothError or its code ('roomsig_86'), a roomsig reply's bare number (86), or a
// bindstatechange event ({ detail: { code } }).
function key (code) {
  if (code && typeof code === 'object') {
    if (code.detail && code.detail.code !== undefined) return key(code.detail.code)
    if (code.trtcCode !== undefined) return key(code.trtcCode)
    if (code.code !== undefined) return key(code.code)
    return null
  }
  if (typeof code === 'number' && Number.isInteger(code)) {
    if (code >= 80 && code <= 88) return 'roomsig_' + code
    return String(code)
  }
  if (typeof code === 'string') {
    const s = code.trim()
    if (/^-?\d+$/.test(s)) return key(Number(s))
    return s
  }
  return null
}

// explain returns { code, kind, title, cause, fix } (each text { en, zh }), or null for a code the
// table does not know. A copy, so callers may change it freely.
function explain (code) {
  const k = key(code)
  let e = k === null ? undefined : byCode.get(k)
  if (!e && k !== null && /^roomsig_\d+$/.test(k)) e = byCode.get('roomsig_failed')
  return e ? JSON.parse(JSON.stringify(e)) : null
}

// titleOf is the English title, for the kit's own messages.
function titleOf (code) {
  const e = explain(code)
  return e ? e.title.en : ''
}

// codes lists every code the table explains.
function codes () {
  return table.codes.map((e) => e.code)
}

module.exports = { explain, titleOf, codes }
