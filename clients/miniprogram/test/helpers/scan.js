'use strict'

// Secret scans over what the kit let out: error messages, inspected errors, console output.
// Each secret is looked for as it is and URL-encoded.

const assert = require('node:assert/strict')
const util = require('node:util')

// capture collects everything an error would show: message, String(), JSON and inspect().
function describeError (err) {
  if (!err || typeof err !== 'object') return String(err)
  return [err.message, String(err), safeJSON(err), util.inspect(err, { depth: 5, showHidden: true })].join('\n')
}

function safeJSON (v) {
  try {
    return JSON.stringify(v)
  } catch (_) {
    return ''
  }
}

// assertNoSecrets fails naming the label (never the value) of a secret found in text.
function assertNoSecrets (text, secrets) {
  for (const [label, values] of Object.entries(secrets)) {
    for (const v of [].concat(values)) {
      if (typeof v !== 'string' || v.length < 6) continue
      const forms = new Set([v, encodeURIComponent(v)])
      for (const f of forms) {
        assert.ok(!text.includes(f), `${label} appears in the captured output`)
      }
    }
  }
}

// captureConsole records console.* while fn runs.
async function captureConsole (fn) {
  const lines = []
  const saved = {}
  for (const k of ['log', 'info', 'warn', 'error', 'debug']) {
    saved[k] = console[k]
    console[k] = (...args) => lines.push(util.format(...args))
  }
  try {
    await fn()
  } finally {
    Object.assign(console, saved)
  }
  return lines.join('\n')
}

module.exports = { describeError, assertNoSecrets, captureConsole }
