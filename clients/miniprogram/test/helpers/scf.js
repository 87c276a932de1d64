'use strict'

// ticketbooth's own SCF functions (usersig, privatemapkey, roomurl built with -tags scf), started
// as SCF's Go runtime starts them by test/scfinvoke, which the tests call over loopback HTTP: what
// wx.cloud.callFunction reaches in CloudBase. Binaries from TICKETBOOTH_SCF_DIR (make kit builds
// them), or built here.

const { spawn, execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const repo = path.resolve(__dirname, '..', '..', '..', '..')
const ROUTES = ['usersig', 'privatemapkey', 'roomurl']

function binaries () {
  let dir = process.env.TICKETBOOTH_SCF_DIR
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ticketbooth-scf-'))
    execFileSync('go', ['build', '-tags', 'scf', '-o', dir + path.sep, ...ROUTES.map((r) => './functions/' + r), './clients/miniprogram/test/scfinvoke'], { cwd: repo, stdio: 'inherit' })
  }
  return dir
}

// start runs the three functions with env (TICKETBOOTH_SECRET, TICKETBOOTH_AUTH …); invoke(name,
// event) resolves with the function's result and a request id.
async function start (env) {
  const dir = binaries()
  const child = spawn(path.join(dir, 'scfinvoke'), ROUTES.map((r) => `${r}=${path.join(dir, r)}`), {
    env: Object.assign({ PATH: process.env.PATH }, env),
    stdio: ['pipe', 'pipe', 'pipe']
  })
  const out = { stdout: '', stderr: '' }
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (d) => { out.stderr += d })
  child.stdout.setEncoding('utf8')
  const base = await new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`scfinvoke exited with ${code}:\n${out.stderr}`))
    child.once('exit', onExit)
    child.stdout.on('data', (d) => {
      out.stdout += d
      const m = /listening on (127\.0\.0\.1:\d+)/.exec(out.stdout)
      if (m) {
        child.off('exit', onExit)
        resolve('http://' + m[1])
      }
    })
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  return {
    output: () => out.stdout + out.stderr,
    async invoke (name, event) {
      const res = await fetch(base + '/' + name, { method: 'POST', body: JSON.stringify(event) })
      const text = await res.text()
      if (res.status !== 200) throw new Error(`scfinvoke ${name}: HTTP ${res.status}: ${text}`)
      return { result: JSON.parse(text), requestId: res.headers.get('x-request-id') }
    },
    async stop () {
      child.stdin.end()
      await exited
    }
  }
}

module.exports = { start }
