'use strict'

// index.d.ts compiles against miniprogram-api-typings, used as a page would (test/types/check.ts).

const { it } = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const path = require('node:path')

it('index.d.ts type-checks with miniprogram-api-typings', () => {
  const tsc = require.resolve('typescript/bin/tsc')
  let out = ''
  try {
    out = execFileSync(process.execPath, [tsc, '-p', path.join(__dirname, 'types')], { encoding: 'utf8' })
  } catch (err) {
    assert.fail('tsc: ' + (err.stdout || '') + (err.stderr || ''))
  }
  assert.equal(out, '')
})
