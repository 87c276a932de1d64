'use strict'

// What npm would publish (npm pack --dry-run), and the example page against the component it uses.

const { it } = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')

it('publishes the kit and nothing else: no Go file, no tests, no example, no runtime dependency', () => {
  const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []]
  const out = execFileSync(npm[0], [...npm[1], 'pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })
  const files = JSON.parse(out)[0].files.map((f) => f.path).sort()
  for (const want of ['index.js', 'index.d.ts', 'codes.json', 'package.json', 'README.md', 'lib/client.js', 'lib/room.js', 'lib/explain.js', 'lib/errors.js', 'lib/codes.js',
    'components/ticketbooth-room/index.js', 'components/ticketbooth-room/index.json', 'components/ticketbooth-room/index.wxml', 'components/ticketbooth-room/index.wxss']) {
    assert.ok(files.includes(want), `${want} is published`)
  }
  for (const f of files) {
    assert.ok(!/\.go$/.test(f), `${f}: the Go embedding is not part of the npm package`)
    assert.ok(!/^(test|example|scripts|node_modules)\//.test(f), `${f} is not published`)
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
  assert.equal(pkg.dependencies, undefined, 'no runtime dependencies')
  assert.equal(pkg.main, 'index.js')
  assert.equal(pkg.types, 'index.d.ts')
})

it('every module the mini-program loads is CommonJS JavaScript requiring only the kit\'s own files', () => {
  const seen = new Set()
  const visit = (file) => {
    if (seen.has(file)) return
    seen.add(file)
    const src = fs.readFileSync(file, 'utf8')
    assert.doesNotMatch(src, /^\s*(import|export)\s/m, `${file} is CommonJS`)
    for (const [, spec] of src.matchAll(/require\('([^']+)'\)/g)) {
      assert.ok(spec.startsWith('.'), `${path.relative(root, file)} requires ${spec}: only relative requires work in a mini-program`)
      assert.ok(!spec.endsWith('.json'), `${path.relative(root, file)} requires ${spec}: a mini-program requires .js only`)
      visit(require.resolve(path.resolve(path.dirname(file), spec)))
    }
  }
  visit(path.join(root, 'index.js'))
  visit(path.join(root, 'components', 'ticketbooth-room', 'index.js'))
  assert.ok(seen.size >= 6)
})

it('the example uses the component as it is: its attributes are properties, its handlers events', () => {
  const ex = path.join(root, 'example')
  const app = JSON.parse(fs.readFileSync(path.join(ex, 'app.json'), 'utf8'))
  for (const page of app.pages) {
    for (const ext of ['js', 'json', 'wxml', 'wxss']) assert.ok(fs.existsSync(path.join(ex, `${page}.${ext}`)), `${page}.${ext}`)
    const json = JSON.parse(fs.readFileSync(path.join(ex, `${page}.json`), 'utf8'))
    const using = json.usingComponents['ticketbooth-room']
    assert.equal(using, 'ticketbooth-miniprogram/components/ticketbooth-room/index', 'the path DevTools\' Build npm gives the component')
    assert.ok(fs.existsSync(path.join(root, using.replace('ticketbooth-miniprogram/', '') + '.json')))
  }
  // The component's properties and events, read from its definition.
  let definition
  global.Component = (d) => { definition = d }
  try {
    delete require.cache[require.resolve('../components/ticketbooth-room/index.js')]
    require('../components/ticketbooth-room/index.js')
  } finally {
    delete global.Component
  }
  const props = Object.keys(definition.properties)
  const src = fs.readFileSync(path.join(root, 'components', 'ticketbooth-room', 'index.js'), 'utf8')
  const events = [...src.matchAll(/triggerEvent\('([a-z]+)'/g)].map((m) => m[1])
  const wxml = fs.readFileSync(path.join(ex, 'pages', 'room', 'index.wxml'), 'utf8')
  const tag = /<ticketbooth-room([\s\S]*?)\/>/.exec(wxml)[1]
  const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase())
  for (const [, name] of tag.matchAll(/\s([a-z:-]+)=/g)) {
    if (name === 'wx:if') continue
    if (name.startsWith('bind:')) assert.ok(events.includes(name.slice(5)), `the component triggers ${name.slice(5)}`)
    else assert.ok(props.includes(camel(name)), `the component has a property ${camel(name)}`)
  }
  // And the page's handlers exist.
  let page
  global.Page = (p) => { page = p }
  try {
    require(path.join(ex, 'pages', 'room', 'index.js'))
  } finally {
    delete global.Page
  }
  for (const [, handler] of tag.matchAll(/bind:[a-z]+="([A-Za-z]+)"/g)) assert.equal(typeof page[handler], 'function', handler)
})
