'use strict'

// A real `ticketbooth serve` for the tests: the binary built from this repository (TICKETBOOTH_BIN,
// or built here with `go build` when unset), on 127.0.0.1 with a free port, with a secret document
// of fresh random keys. Everything it prints is kept for the secret scans.

const { spawn, execFileSync } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const repo = path.resolve(__dirname, '..', '..', '..', '..')

let built = null
function binary () {
  if (process.env.TICKETBOOTH_BIN) return process.env.TICKETBOOTH_BIN
  if (built) return built
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ticketbooth-bin-'))
  built = path.join(dir, 'ticketbooth')
  execFileSync('go', ['build', '-o', built, './cmd/ticketbooth'], { cwd: repo, stdio: 'inherit' })
  return built
}

// secrets makes a secret document: one app with an HMAC key and a P-256 key, a WeChat app, and
// one API key (the document holds only its SHA-256).
function makeSecrets () {
  const sdkAppId = 1400000000 + crypto.randomInt(1, 99999999)
  const secretKey = crypto.randomBytes(32).toString('hex')
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const ecdsaPrivateKey = privateKey.export({ type: 'pkcs8', format: 'pem' })
  const ecdsaPublicKey = publicKey.export({ type: 'spki', format: 'pem' })
  const apiKey = 'tbk_' + crypto.randomBytes(24).toString('hex')
  const wechat = { appId: 'wx' + crypto.randomBytes(8).toString('hex'), appSecret: crypto.randomBytes(16).toString('hex') }
  const doc = {
    apps: [{ sdkAppId, secretKey, ecdsaPrivateKey, default: true }],
    wechat,
    apiKeys: [{ id: 'kit-tests', sha256: crypto.createHash('sha256').update(apiKey).digest('hex') }]
  }
  return { sdkAppId, secretKey, ecdsaPrivateKey, ecdsaPublicKey, apiKey, wechat, doc }
}

// start runs serve with auth (dev, apikey, wechat-code …) and extra environment; it resolves once
// the server has printed its address.
async function start ({ auth, env = {}, secrets = makeSecrets(), algorithm = 'hmac' } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ticketbooth-kit-'))
  const secretFile = path.join(dir, 'secret.json')
  fs.writeFileSync(secretFile, JSON.stringify(secrets.doc), { mode: 0o600 })
  const pubFile = path.join(dir, 'v1.pub.pem')
  fs.writeFileSync(pubFile, secrets.ecdsaPublicKey)
  const child = spawn(binary(), ['serve', '--addr', '127.0.0.1:0'], {
    cwd: dir,
    env: Object.assign({ PATH: process.env.PATH, HOME: dir }, {
      TICKETBOOTH_SECRET: 'file:' + secretFile,
      TICKETBOOTH_AUTH: auth,
      TICKETBOOTH_ALGORITHM: algorithm
    }, env),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const out = { stdout: '', stderr: '' }
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (d) => { out.stderr += d })
  const baseUrl = await new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`ticketbooth serve exited with ${code} before listening:\n${out.stderr}`))
    child.once('exit', onExit)
    child.stdout.on('data', (d) => {
      out.stdout += d
      const m = /listening on (?:http:\/\/)?(127\.0\.0\.1:\d+)/.exec(out.stdout)
      if (m) {
        child.off('exit', onExit)
        resolve('http://' + m[1])
      }
    })
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  return {
    baseUrl,
    secrets,
    algorithm,
    output: () => out.stdout + out.stderr,
    // verify runs `ticketbooth verify` on a ticket; it resolves with { code, stdout, stderr }.
    verify: (ticket, args) => verify(ticket, args, secrets, algorithm, pubFile),
    // verifyPushUrl checks both tickets of an rtc-flow push URL for user and room (roomId or
    // strRoomId); it throws with the CLI's reason when one does not verify.
    async verifyPushUrl (pushUrl, userId, room) {
      const q = new URLSearchParams(pushUrl.slice(pushUrl.indexOf('?') + 1))
      const roomArgs = room.strRoomId !== undefined ? ['--strroomid', room.strRoomId] : ['--roomid', String(room.roomId)]
      for (const [ticket, args] of [[q.get('usersig'), ['--kind', 'usersig']], [q.get('privatemapkey'), ['--kind', 'privatemapkey', ...roomArgs]]]) {
        const r = await verify(ticket || '', ['--userid', userId, ...args], secrets, algorithm, pubFile)
        if (r.code !== 0) throw new Error(`ticketbooth verify ${args.join(' ')}: ${r.stderr.trim()}`)
      }
    },
    async stop () {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}

function verify (ticket, args, secrets, algorithm, pubFile) {
  const keyArgs = algorithm === 'ecdsa' ? ['--ecdsa-pub', pubFile] : []
  const env = { PATH: process.env.PATH }
  if (algorithm !== 'ecdsa') env.TICKETBOOTH_KEY = secrets.secretKey
  return new Promise((resolve, reject) => {
    const child = spawn(binary(), ['verify', '--sdkappid', String(secrets.sdkAppId), ...keyArgs, ...args, '-'], { env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => { stdout += d })
    child.stderr.on('data', (d) => { stderr += d })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(ticket)
  })
}

module.exports = { start, makeSecrets, binary }
