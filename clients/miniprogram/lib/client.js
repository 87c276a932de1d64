'use strict'

// The client: the three routes of a ticketbooth deployment, called from a mini-program with the
// auth modes of the design (wechat-code, wechat-cloud, a header function, none), and the seed
// flow's roomsig request, which the phone itself sends to Tencent (a server-side fetch would make
// TRTC pick media routes for the server's network, not the user's).

const { TicketboothError } = require('./errors')
const { titleOf } = require('./explain')

const ROUTES = ['usersig', 'privatemapkey', 'roomurl']
const ROOMSIG_CODES = [80, 81, 82, 83, 84, 85, 86, 87, 88]
const DEFAULTS = { timeout: 10000, roomSigRetryDelay: 1000 }

function createClient (options = {}) {
  return new Client(options)
}

class Client {
  constructor (options) {
    const auth = options.auth === undefined ? 'wechat-code' : options.auth
    if (typeof auth !== 'function' && !['wechat-code', 'wechat-cloud', 'none'].includes(auth)) {
      throw new TypeError("ticketbooth: auth must be 'wechat-code', 'wechat-cloud', 'none' or a function returning headers")
    }
    if (auth !== 'wechat-cloud') {
      if (typeof options.baseUrl !== 'string' || !/^https?:\/\/[^/?#]+/.test(options.baseUrl)) {
        throw new TypeError('ticketbooth: baseUrl must be the deployed API\'s URL, e.g. https://tickets.example.com')
      }
    }
    this.baseUrl = auth === 'wechat-cloud' ? '' : options.baseUrl.replace(/\/+$/, '')
    this.auth = auth
    this.cloudFunctions = Object.assign({ usersig: 'usersig', privatemapkey: 'privatemapkey', roomurl: 'roomurl' }, options.cloudFunctions)
    this.timeout = options.timeout === undefined ? DEFAULTS.timeout : options.timeout
    if (!(this.timeout > 0)) throw new TypeError('ticketbooth: timeout must be a positive number of milliseconds')
    this.roomSigRetryDelay = options.roomSigRetryDelay === undefined ? DEFAULTS.roomSigRetryDelay : options.roomSigRetryDelay
    this._wx = options.wx
    this._timers = options.timers || { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (t) => clearTimeout(t) }
  }

  get wx () {
    const w = this._wx || (typeof wx !== 'undefined' ? wx : undefined) // eslint-disable-line no-undef
    if (!w) throw new TypeError('ticketbooth: no wx object: run inside a mini-program, or pass { wx }')
    return w
  }

  userSig (body) { return this._call('usersig', body || {}) }
  privateMapKey (body) { return this._call('privatemapkey', body || {}) }

  // roomUrl resolves with the /v1/roomurl answer. For flow 'roomsig' without a roomSig it sends
  // the described roomSigRequest itself, then asks again with the reply's RspBody for the pushUrl;
  // the answer is the second one's, with the tickets of the first (userSig, privateMapKey,
  // expiresAt …) and without roomSigRequest.
  async roomUrl (body) {
    body = body || {}
    if (body.flow !== 'roomsig' || body.roomSig !== undefined) return this._call('roomurl', body)
    const first = Object.assign({}, body)
    delete first.bizBuf // only the second call assembles the URL
    const described = await this._call('roomurl', first)
    if (!described || typeof described.roomSigRequest !== 'object' || described.roomSigRequest === null) {
      throw new TicketboothError('bad_response', 'the server answered the roomsig flow without a roomSigRequest: is it a ticketbooth deployment?')
    }
    const roomSig = await this.fetchRoomSig(described.roomSigRequest)
    const assembled = await this._call('roomurl', Object.assign({}, body, { roomSig }))
    const out = Object.assign({}, described, assembled)
    delete out.roomSigRequest
    return out
  }

  // fetchRoomSig sends a roomSigRequest with wx.request and resolves with the reply's RspBody.
  // A failure that may pass (no answer, an HTTP error, a reply that is not a jsonvideoapp answer,
  // a code Tencent does not document) is tried once more after roomSigRetryDelay; the documented
  // codes 80–88 say something about the tickets or the app that a retry cannot change.
  async fetchRoomSig (req) {
    try {
      return await this._roomSigOnce(req)
    } catch (err) {
      if (!(err instanceof TicketboothError) || !retryableRoomSig(err)) throw err
    }
    await new Promise((resolve) => this._timers.setTimeout(resolve, this.roomSigRetryDelay))
    return this._roomSigOnce(req)
  }

  async _roomSigOnce (req) {
    let res
    try {
      res = await this._request({ url: req.url, method: req.method || 'POST', header: Object.assign({}, req.header), data: req.data })
    } catch (err) {
      // Never the wx failure's text: it may quote the URL, whose query holds the UserSig.
      throw new TicketboothError(err.code, err.code === 'timeout'
        ? 'the roomsig request to Tencent timed out'
        : 'the roomsig request could not reach Tencent (network, or the domain is not among the mini-program\'s request domains)')
    }
    if (res.statusCode !== 200) {
      throw new TicketboothError('roomsig_failed', `Tencent answered the roomsig request with HTTP ${res.statusCode}`, { status: res.statusCode })
    }
    const reply = parseMaybeJSON(res.data)
    if (!isObject(reply)) throw new TicketboothError('roomsig_failed', 'Tencent\'s roomsig reply is not a JSON object', { status: 200 })
    let code = reply.ErrorCode
    if (code === undefined || code === 0) code = isObject(reply.RspHead) ? reply.RspHead.ErrorCode : undefined
    if (typeof code !== 'number') throw new TicketboothError('roomsig_failed', 'Tencent\'s roomsig reply has no numeric ErrorCode', { status: 200 })
    if (code !== 0) {
      const name = ROOMSIG_CODES.includes(code) ? 'roomsig_' + code : 'roomsig_failed'
      const title = titleOf(name)
      throw new TicketboothError(name, `Tencent refused the roomsig request with code ${code}${title && name !== 'roomsig_failed' ? ': ' + title : ''}`, { status: 200 })
    }
    if (!isObject(reply.RspBody)) throw new TicketboothError('roomsig_failed', 'Tencent\'s roomsig reply has no RspBody object', { status: 200 })
    return reply.RspBody
  }

  async _call (route, body) {
    if (!ROUTES.includes(route)) throw new TypeError('ticketbooth: unknown route ' + route)
    if (!isObject(body)) throw new TypeError('ticketbooth: the request must be an object')
    if (this.auth === 'wechat-cloud') return this._cloud(route, body)
    if (this.auth !== 'wechat-code') return this._http(route, body, await this._headers())
    const res = await this._http(route, body, { 'X-WX-Code': await this._login() }, true)
    return res
  }

  async _headers () {
    if (this.auth === 'none') return {}
    let h
    try {
      h = await this.auth()
    } catch (_) {
      throw new TicketboothError('auth_failed', 'the auth function failed to give headers')
    }
    if (h !== undefined && !isObject(h)) throw new TicketboothError('auth_failed', 'the auth function must return an object of headers (or a Promise of one)')
    return h || {}
  }

  _login () {
    return new Promise((resolve, reject) => {
      const fail = () => reject(new TicketboothError('login_failed', 'wx.login failed: the user is not logged in to WeChat, or the network is down'))
      try {
        this.wx.login({
          timeout: this.timeout,
          success: (res) => (res && typeof res.code === 'string' && res.code ? resolve(res.code) : fail()),
          fail
        })
      } catch (err) {
        if (err instanceof TypeError) reject(err)
        else fail()
      }
    })
  }

  // _http POSTs body to the route. With relogin (wechat-code) a 401 is tried once more with a new
  // wx.login code: a code is good for one exchange, and an expired or used one is a 401.
  async _http (route, body, header, relogin) {
    const url = this.baseUrl + '/v1/' + route
    const send = (h) => this._request({ url, method: 'POST', header: Object.assign({ 'Content-Type': 'application/json' }, h), data: body })
    let res
    try {
      res = await send(header)
      if (relogin && res.statusCode === 401) res = await send({ 'X-WX-Code': await this._login() })
    } catch (err) {
      if (err instanceof TicketboothError && err.code !== 'network' && err.code !== 'timeout') throw err
      throw new TicketboothError(err.code === 'timeout' ? 'timeout' : 'network', err.code === 'timeout'
        ? `the ticketbooth server did not answer within ${this.timeout} ms`
        : 'could not reach the ticketbooth server (network, or the domain is not among the mini-program\'s request domains)')
    }
    return answer(res.data, res.statusCode, headerValue(res.header, 'x-request-id'))
  }

  _cloud (route, body) {
    const name = this.cloudFunctions[route]
    return new Promise((resolve, reject) => {
      let done = false
      const timer = this._timers.setTimeout(() => {
        if (done) return
        done = true
        reject(new TicketboothError('timeout', `the cloud function ${name} did not answer within ${this.timeout} ms`))
      }, this.timeout)
      const finish = (f) => {
        if (done) return
        done = true
        this._timers.clearTimeout(timer)
        f()
      }
      const w = this.wx
      if (!w.cloud || typeof w.cloud.callFunction !== 'function') {
        finish(() => reject(new TypeError('ticketbooth: wechat-cloud auth needs wx.cloud (call wx.cloud.init first)')))
        return
      }
      w.cloud.callFunction({
        name,
        data: body,
        success: (res) => finish(() => {
          try {
            resolve(answer(res && res.result, 0, (res && res.requestID) || null))
          } catch (err) {
            reject(err)
          }
        }),
        fail: () => finish(() => reject(new TicketboothError('network', `the cloud function ${name} could not be called (not deployed, or wx.cloud.init not called)`)))
      })
    })
  }

  // _request is one wx.request, resolved with its success result or rejected with { code:
  // 'timeout' | 'network' }. The kit keeps its own timer too: wx.request's timeout option is
  // missing on old base libraries.
  _request ({ url, method, header, data }) {
    return new Promise((resolve, reject) => {
      let done = false
      let task
      const timer = this._timers.setTimeout(() => {
        if (done) return
        done = true
        if (task && typeof task.abort === 'function') task.abort()
        reject(new TicketboothError('timeout', 'timeout'))
      }, this.timeout)
      const finish = (f) => {
        if (done) return
        done = true
        this._timers.clearTimeout(timer)
        f()
      }
      const w = this.wx
      task = w.request({
        url,
        method,
        header,
        data,
        dataType: 'json',
        timeout: this.timeout,
        success: (res) => finish(() => resolve(res)),
        fail: (err) => finish(() => reject(new TicketboothError(/timeout/i.test(String(err && err.errMsg)) ? 'timeout' : 'network', 'network')))
      })
    })
  }
}

// answer turns a server answer (HTTP status 0 for a cloud function's result) into the body or a
// TicketboothError carrying the server's error code and message.
function answer (data, status, requestId) {
  const body = parseMaybeJSON(data)
  if (isObject(body) && isObject(body.error)) {
    const code = typeof body.error.code === 'string' && body.error.code ? body.error.code : 'server_error'
    const message = typeof body.error.message === 'string' && body.error.message ? body.error.message : 'the server refused the request'
    throw new TicketboothError(code, message, { status, requestId })
  }
  if ((status === 0 || status === 200) && isObject(body)) return body
  throw new TicketboothError('bad_response', status && status !== 200
    ? `the server answered HTTP ${status} without a ticketbooth error body (a gateway in front of it?)`
    : 'the server answered without a JSON object', { status, requestId })
}

function retryableRoomSig (err) {
  return err.code === 'network' || err.code === 'timeout' || err.code === 'roomsig_failed'
}

function parseMaybeJSON (data) {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch (_) {
    return data
  }
}

function isObject (v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function headerValue (header, name) {
  if (!isObject(header)) return null
  for (const k of Object.keys(header)) {
    if (k.toLowerCase() === name) return String(header[k])
  }
  return null
}

module.exports = { createClient, Client }
