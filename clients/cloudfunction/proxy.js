'use strict'

// The proxy behind the cloud function: it asks a ticketbooth deployment (any cloud) for tickets
// for the caller WeChat vouches for. The user id is the OPENID from the platform's context, never
// the event's (the event is whatever the mini-program sent): a userId in the event is dropped.
// The API key, from the function's environment, may name any user and ask for any privileges,
// so the proxy caps privileges itself (TICKETBOOTH_PRIVILEGES, default the audience's 42) as the
// server caps a role's.

const http = require('node:http')
const https = require('node:https')

const ROUTES = ['usersig', 'privatemapkey', 'roomurl']
const NAMES = ['create', 'join', 'send-audio', 'recv-audio', 'send-video', 'recv-video', 'send-sub', 'recv-sub']
const AUDIENCE = 2 | 8 | 32
const MAX_ANSWER = 64 << 10

function fail (code, message) {
  return { error: { code, message } }
}

// config reads the environment once per call (CloudBase may change it between deployments).
function config (env, context) {
  const problems = []
  const url = (env.TICKETBOOTH_URL || '').trim().replace(/\/+$/, '')
  let base = null
  try {
    base = new URL(url)
    const loopback = base.hostname === '127.0.0.1' || base.hostname === 'localhost' || base.hostname === '[::1]'
    if (base.protocol !== 'https:' && !(base.protocol === 'http:' && loopback)) problems.push('TICKETBOOTH_URL must be https://')
    if (base.search || base.hash || base.username) problems.push('TICKETBOOTH_URL must have no query, fragment or user info')
  } catch (_) {
    problems.push('TICKETBOOTH_URL must be the deployed API\'s URL, e.g. https://tickets.example.com')
  }
  const apiKey = (env.TICKETBOOTH_API_KEY || '').trim()
  if (!apiKey) problems.push('TICKETBOOTH_API_KEY must hold the API key (apiKeys in the secret document)')
  let cap = AUDIENCE
  if (env.TICKETBOOTH_PRIVILEGES !== undefined && env.TICKETBOOTH_PRIVILEGES.trim() !== '') {
    cap = parsePrivileges(env.TICKETBOOTH_PRIVILEGES)
    if (cap === null) problems.push('TICKETBOOTH_PRIVILEGES must be a number 1-255 or names such as join,recv-audio,recv-video')
  }
  const timeout = env.TICKETBOOTH_TIMEOUT ? Number(env.TICKETBOOTH_TIMEOUT) : 5000
  if (!(timeout > 0)) problems.push('TICKETBOOTH_TIMEOUT must be a positive number of milliseconds')
  const route = routeOf(env, context)
  if (!route) problems.push('set TICKETBOOTH_ROUTE to usersig, privatemapkey or roomurl, or name the function after its route')
  return { problems, base: url, apiKey, cap, timeout, route }
}

// routeOf is TICKETBOOTH_ROUTE, else the function's name when it ends in a route's name (the
// kit's default cloudFunctions are usersig, privatemapkey, roomurl).
function routeOf (env, context) {
  const given = (env.TICKETBOOTH_ROUTE || '').trim().toLowerCase()
  if (given) return ROUTES.includes(given) ? given : null
  const name = String((context && (context.function_name || context.functionName)) || env.SCF_FUNCTIONNAME || '').toLowerCase()
  return ROUTES.find((r) => name.endsWith(r)) || null
}

// parsePrivileges reads names (a list, or "join,recv-audio") or a number 1-255, as the server
// does; null when it cannot.
function parsePrivileges (v) {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1 && v <= 255 ? v : null
  const list = Array.isArray(v) ? v : typeof v === 'string' ? (/^\s*\d/.test(v) ? null : v.split(',')) : undefined
  if (list === undefined) return null
  if (list === null) {
    const n = Number(v.trim())
    return Number.isInteger(n) && n >= 1 && n <= 255 ? n : null
  }
  let map = 0
  for (const name of list) {
    if (typeof name !== 'string') return null
    const bit = NAMES.indexOf(name.trim().toLowerCase())
    if (bit < 0) return null
    map |= 1 << bit
  }
  return map || null
}

// handle answers one call: event is what the mini-program sent (plus the userInfo the platform
// injects), openid the caller's OPENID from cloud.getWXContext().
async function handle (event, context, { openid, env = process.env, log = console }) {
  if (typeof openid !== 'string' || !openid) {
    return fail('unauthenticated', 'no OPENID: this function answers only wx.cloud.callFunction calls from a mini-program')
  }
  const cfg = config(env, context)
  if (cfg.problems.length) {
    log.error('ticketbooth cloud function misconfigured: ' + cfg.problems.join('; '))
    return fail('internal', 'internal error')
  }
  const body = Object.assign({}, event && typeof event === 'object' && !Array.isArray(event) ? event : {})
  delete body.userInfo // the platform's copy of the caller's identity
  delete body.userId // never the caller's to choose
  body.userId = openid
  if (cfg.route !== 'usersig') {
    if (body.privileges !== undefined || body.privilegeMap !== undefined) {
      const asked = body.privileges !== undefined ? parsePrivileges(body.privileges) : parsePrivileges(body.privilegeMap)
      if (asked === null) return fail('invalid_privileges', 'privileges must be names (create, join, send-audio, recv-audio, send-video, recv-video, send-sub, recv-sub) or a number 1-255')
      if ((asked & ~cfg.cap) !== 0) {
        const extra = NAMES.filter((n, i) => (asked & ~cfg.cap) & (1 << i))
        return fail('privilege_denied', `this mini-program's users may not ask for ${extra.join(', ')}`)
      }
    } else {
      body.privilegeMap = cfg.cap
    }
  }
  let answer
  try {
    answer = await post(cfg.base + '/v1/' + cfg.route, body, { 'X-Api-Key': cfg.apiKey }, cfg.timeout)
  } catch (err) {
    log.error(`ticketbooth cloud function: ${cfg.route}: ${err.message}`)
    return fail('upstream_unavailable', 'the ticketbooth server could not be reached; retry later')
  }
  if (answer.json && typeof answer.json === 'object' && !Array.isArray(answer.json)) {
    if (answer.json.error) log.warn(`ticketbooth cloud function: ${cfg.route}: HTTP ${answer.status} ${answer.json.error.code} (request ${answer.requestId || '-'})`)
    return answer.json
  }
  log.error(`ticketbooth cloud function: ${cfg.route}: HTTP ${answer.status} without a JSON answer (request ${answer.requestId || '-'})`)
  return fail('upstream_unavailable', 'the ticketbooth server gave no usable answer; retry later')
}

// post sends one JSON request; errors say what failed without the request (its header holds the key).
function post (url, body, header, timeout) {
  return new Promise((resolve, reject) => {
    const u = new URL(url)
    const payload = JSON.stringify(body)
    const lib = u.protocol === 'https:' ? https : http
    const req = lib.request(u, {
      method: 'POST',
      headers: Object.assign({ 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }, header),
      timeout
    }, (res) => {
      let data = ''
      let size = 0
      res.setEncoding('utf8')
      res.on('data', (d) => {
        size += d.length
        if (size > MAX_ANSWER) {
          req.destroy()
          reject(new Error('answer too large'))
          return
        }
        data += d
      })
      res.on('end', () => {
        let json = null
        try {
          json = JSON.parse(data)
        } catch (_) {}
        resolve({ status: res.statusCode, json, requestId: res.headers['x-request-id'] || null })
      })
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', (err) => reject(new Error(/timeout/.test(err.message) ? 'timeout' : 'connection failed')))
    req.end(payload)
  })
}

module.exports = { handle, parsePrivileges, routeOf, config }
