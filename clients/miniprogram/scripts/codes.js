'use strict'
// Writes lib/codes.js from codes.json: a mini-program's require() loads .js files only, so the
// table ships as a module too. codes.json stays the one source; a test fails when the two differ.
// Run: npm run codes
const fs = require('fs')
const path = require('path')

const root = path.join(__dirname, '..')

if (require.main === module) {
  const table = JSON.parse(fs.readFileSync(path.join(root, 'codes.json'), 'utf8'))
  fs.writeFileSync(path.join(root, 'lib', 'codes.js'), render(table))
}

function render (table) {
  return "'use strict'\n// Generated from codes.json by `npm run codes`; do not edit.\nmodule.exports = " + JSON.stringify(table, null, 2) + '\n'
}

module.exports = { render }
