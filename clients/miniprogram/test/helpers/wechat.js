'use strict'

// Local stand-ins for what a phone talks to, over real HTTP on loopback:
//   - WeChat's jscode2session (GET /sns/jscode2session), which the server calls for wechat-code;
//   - Tencent's jsonvideoapp (POST /v4/openim/jsonvideoapp), which the phone calls for a roomsig;
//   - a `wx` object whose request() is Node's http client, whose login() hands out codes the
//     jscode2session stand-in accepts, and which maps Tencent's official host to the stand-in.

const crypto = require('node:crypto')
const http = require('node:http')

const OFFICIAL = 'https://official.opensso.tencent-cloud.com'

function listen (handler) {
  const server = http.createServer(handler)
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ server, url: 'http://127.0.0.1:' + server.address().port, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r) }) })
  }))
}

function readBody (req) {
  return new Promise((resolve) => {
    let b = ''
    req.setEncoding('utf8')
    req.on('data', (d) => { b += d })
    req.on('end', () => resolve(b))
  })
}

// jscode2session: codes are issued by issueCode(openid) and are good for one exchange (WeChat's
// 40163 for a used code, 40029 for an unknown one). Every reply carries a session_key the tests
// then look for in everything the kit says.
async function startJscode2session ({ appId, appSecret }) {
  const codes = new Map() // code → { openid, used }
  const sessionKeys = []
  const calls = []
  const s = await listen((req, res) => {
    const u = new URL(req.url, 'http://x')
    calls.push(u.searchParams.get('js_code'))
    const reply = (o) => {
      res.setHeader('Content-Type', 'text/plain') // as WeChat labels it
      res.end(JSON.stringify(o))
    }
    if (req.method !== 'GET' || u.pathname !== '/sns/jscode2session') return reply({ errcode: 40001, errmsg: 'bad request' })
    if (u.searchParams.get('appid') !== appId || u.searchParams.get('secret') !== appSecret) return reply({ errcode: 40125, errmsg: 'invalid appsecret' })
    if (u.searchParams.get('grant_type') !== 'authorization_code') return reply({ errcode: 40002, errmsg: 'invalid grant_type' })
    const c = codes.get(u.searchParams.get('js_code'))
    if (!c) return reply({ errcode: 40029, errmsg: 'invalid code' })
    if (c.used) return reply({ errcode: 40163, errmsg: 'code been used' })
    c.used = true
    const sessionKey = crypto.randomBytes(16).toString('base64')
    sessionKeys.push(sessionKey)
    reply({ openid: c.openid, session_key: sessionKey })
  })
  return Object.assign(s, {
    sessionKeys,
    calls,
    codes,
    issueCode (openid) {
      const code = '0' + crypto.randomBytes(15).toString('hex')
      codes.set(code, { openid, used: false })
      return code
    },
    spoil (code) { codes.get(code).used = true }
  })
}

// jsonvideoapp checks that a roomsig request is exactly what TRTC expects and answers as
// told: script is a list of answers, one per request ('ok', a number for ErrorCode, { head: n }
// for RspHead.ErrorCode, 'http500', 'garbage', 'hang'); past its end every answer is 'ok'.
async function startJsonvideoapp ({ sdkAppId }) {
  const state = { script: [], requests: [], problems: [] }
  const s = await listen(async (req, res) => {
    const body = await readBody(req)
    const u = new URL(req.url, 'http://x')
    const problems = checkRequest(req, u, body, sdkAppId)
    state.requests.push({ query: Object.fromEntries(u.searchParams), body, problems })
    state.problems.push(...problems)
    const step = state.script.length ? state.script.shift() : 'ok'
    const send = (o) => {
      res.setHeader('Content-Type', 'application/json')
      res.end(JSON.stringify(o))
    }
    if (problems.length) return send({ ErrorCode: 82, ErrorInfo: 'invalid parameters' })
    if (step === 'hang') return // never answers: the kit's timeout fires
    if (step === 'http500') { res.statusCode = 500; return res.end('oops') }
    if (step === 'garbage') { res.setHeader('Content-Type', 'text/html'); return res.end('<html>gateway</html>') }
    if (typeof step === 'number') return send({ ErrorCode: step, ErrorInfo: 'refused' })
    if (step && typeof step.head === 'number') return send({ ErrorCode: 0, RspHead: { ErrorCode: step.head, ErrorInfo: 'refused' }, RspBody: {} })
    const q = u.searchParams
    send({
      ErrorCode: 0,
      ErrorInfo: '',
      RspHead: { ErrorCode: 0, ErrorInfo: '', SeqNo: 1 },
      RspBody: { Sig: crypto.randomBytes(12).toString('base64'), Ips: [{ Ip: '127.0.0.1', Port: 8000 }], Identifier: q.get('identifier'), Name: '房间' }
    })
  })
  return Object.assign(s, state, { answer (...steps) { state.script.push(...steps) } })
}

// checkRequest lists what is wrong with a roomsig request, as TRTC's endpoint would see it.
function checkRequest (req, u, body, sdkAppId) {
  const p = []
  if (req.method !== 'POST') p.push('method ' + req.method)
  if (u.pathname !== '/v4/openim/jsonvideoapp') p.push('path ' + u.pathname)
  if (!/^application\/json/.test(req.headers['content-type'] || '')) p.push('content-type ' + req.headers['content-type'])
  const keys = [...u.searchParams.keys()]
  if (keys.join(',') !== 'sdkappid,identifier,usersig,random,contenttype') p.push('query keys ' + keys.join(','))
  const q = u.searchParams
  if (q.get('sdkappid') !== String(sdkAppId)) p.push('sdkappid')
  if (!q.get('identifier')) p.push('identifier')
  if (!q.get('usersig')) p.push('usersig')
  if (!/^\d+$/.test(q.get('random') || '')) p.push('random')
  if (q.get('contenttype') !== 'json') p.push('contenttype')
  let b
  try {
    b = JSON.parse(body)
  } catch (_) {
    p.push('body is not JSON')
    return p
  }
  const want = { ReqHead: ['Cmd', 'SeqNo', 'BusType', 'GroupId'], ReqBody: ['PrivMap', 'PrivMapEncrypt', 'TerminalType', 'FromType', 'SdkVersion'] }
  if (Object.keys(b).join(',') !== 'ReqHead,ReqBody') p.push('body keys ' + Object.keys(b).join(','))
  for (const k of Object.keys(want)) {
    if (!b[k] || Object.keys(b[k]).join(',') !== want[k].join(',')) p.push(k + ' keys')
  }
  if (p.length) return p
  const h = b.ReqHead
  const r = b.ReqBody
  if (h.Cmd !== 1 || h.SeqNo !== 1 || h.BusType !== 7 || !Number.isInteger(h.GroupId) || h.GroupId < 1) p.push('ReqHead values')
  if (r.PrivMap !== 255 || r.TerminalType !== 1 || r.FromType !== 3 || r.SdkVersion !== 26280566 || typeof r.PrivMapEncrypt !== 'string' || !r.PrivMapEncrypt) p.push('ReqBody values')
  return p
}

// fakeWx is the part of wx the kit uses. hosts maps a URL prefix (Tencent's official host) to a
// local one; console collects what the kit logs (it should log nothing).
function fakeWx ({ jscode2session, openid = 'o-user-1', hosts = {}, cloud } = {}) {
  const log = { requests: [], logins: [], console: [] }
  const wx = {
    log,
    loginFails: false,
    login ({ success, fail }) {
      setImmediate(() => {
        if (wx.loginFails) return fail({ errMsg: 'login:fail' })
        const code = jscode2session ? jscode2session.issueCode(openid) : 'no-jscode2session'
        log.logins.push(code)
        success({ code, errMsg: 'login:ok' })
      })
    },
    request ({ url, method = 'GET', header = {}, data, timeout, dataType = 'json', success, fail }) {
      for (const [from, to] of Object.entries(hosts)) if (url.startsWith(from)) url = to + url.slice(from.length)
      const u = new URL(url)
      if (u.hostname !== '127.0.0.1') throw new Error('the tests touch only loopback, not ' + u.hostname)
      log.requests.push({ url, method, header, data })
      const payload = data === undefined ? undefined : typeof data === 'string' ? data : JSON.stringify(data)
      const req = http.request(u, { method, headers: Object.assign({}, header), timeout }, (res) => {
        let b = ''
        res.setEncoding('utf8')
        res.on('data', (d) => { b += d })
        res.on('end', () => {
          let parsed = b
          if (dataType === 'json') try { parsed = JSON.parse(b) } catch (_) {}
          success({ statusCode: res.statusCode, data: parsed, header: res.headers, errMsg: 'request:ok' })
        })
      })
      req.on('timeout', () => { req.destroy(new Error('timeout')) })
      let aborted = false
      req.on('error', (err) => fail({ errMsg: aborted ? 'request:fail abort' : /timeout/.test(err.message) ? 'request:fail timeout' : 'request:fail ' + err.message + ' ' + url }))
      if (payload !== undefined) req.end(payload)
      else req.end()
      return { abort () { aborted = true; req.destroy(new Error('abort')) } }
    }
  }
  if (cloud) wx.cloud = cloud
  return wx
}

module.exports = { startJscode2session, startJsonvideoapp, fakeWx, OFFICIAL, checkRequest }
