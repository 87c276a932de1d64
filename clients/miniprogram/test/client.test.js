'use strict'

// The client against a real `ticketbooth serve` (dev, apikey, wechat-code with a jscode2session
// stand-in), wx simulated over real HTTP, every ticket checked with `ticketbooth verify`.

const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const http = require('node:http')

const { createClient, TicketboothError } = require('..')
const serve = require('./helpers/serve')
const { startJscode2session, startJsonvideoapp, fakeWx, OFFICIAL } = require('./helpers/wechat')
const util = require('node:util')
const { describeError, assertNoSecrets } = require('./helpers/scan')

const seen = { errors: [], tickets: [], codes: [], apiKeys: [], console: '' } // everything the secret scan checks

async function verifyOK (srv, ticket, args) {
  seen.tickets.push(ticket)
  const r = await srv.verify(ticket, args)
  assert.equal(r.code, 0, `ticketbooth verify ${args.join(' ')}: ${r.stderr}`)
  assert.match(r.stdout, /^valid/)
}

async function rejects (promise, want) {
  let err
  try {
    await promise
  } catch (e) {
    err = e
  }
  assert.ok(err, 'expected a rejection')
  seen.errors.push(err)
  assert.ok(err instanceof TicketboothError, `want a TicketboothError, got ${err && err.name}: ${err && err.message}`)
  for (const [k, v] of Object.entries(want)) assert.equal(err[k], v, `error.${k} (message: ${err.message})`)
  return err
}

function pushParams (pushUrl) {
  const q = pushUrl.slice(pushUrl.indexOf('?') + 1)
  return Object.fromEntries(q.split('&').map((kv) => kv.split('=').map(decodeURIComponent)))
}

describe('dev auth', () => {
  let srv, client
  before(async () => {
    srv = await serve.start({ auth: 'dev' })
    client = createClient({ baseUrl: srv.baseUrl, auth: 'none', wx: fakeWx() })
  })
  after(() => srv.stop())

  it('gets a UserSig that verifies', async () => {
    const r = await client.userSig({ userId: 'alice', expire: 600 })
    assert.equal(r.userId, 'alice')
    assert.equal(r.sdkAppId, srv.secrets.sdkAppId)
    assert.equal(r.expire, 600)
    await verifyOK(srv, r.userSig, ['--userid', 'alice', '--kind', 'usersig'])
  })

  it('gets a PrivateMapKey for the room that verifies', async () => {
    const r = await client.privateMapKey({ userId: 'alice', roomId: 1234, privileges: ['join', 'send-audio', 'recv-audio'] })
    assert.equal(r.roomId, 1234)
    assert.deepEqual(r.privileges.sort(), ['join', 'recv-audio', 'send-audio'])
    await verifyOK(srv, r.privateMapKey, ['--userid', 'alice', '--roomid', '1234', '--kind', 'privatemapkey'])
  })

  it('gets a push URL whose tickets verify', async () => {
    const r = await client.roomUrl({ userId: 'bob', strRoomId: 'lobby 1', scene: 'live', privileges: '255' })
    assert.match(r.pushUrl, /^room:\/\/cloud\.tencent\.com\/rtc\?/)
    const p = pushParams(r.pushUrl)
    assert.equal(p.userid, 'bob')
    assert.equal(p.strroomid, 'lobby 1')
    assert.equal(p.appscene, 'live')
    assert.equal(p.usersig, r.userSig)
    await verifyOK(srv, p.usersig, ['--userid', 'bob', '--kind', 'usersig'])
    await verifyOK(srv, p.privatemapkey, ['--userid', 'bob', '--strroomid', 'lobby 1'])
  })

  it('rejects with the server\'s error code, status, message and request id', async () => {
    const err = await rejects(client.privateMapKey({ userId: 'alice', roomId: 0 }), { code: 'invalid_room_id', status: 400 })
    assert.match(err.message, /roomId/)
    assert.match(err.requestId, /^[A-Za-z0-9._:=-]{8,128}$/)
  })

  it('says network when the server cannot be reached', async () => {
    const closed = await new Promise((resolve) => {
      const s = http.createServer()
      s.listen(0, '127.0.0.1', () => { const port = s.address().port; s.close(() => resolve(port)) })
    })
    const c = createClient({ baseUrl: 'http://127.0.0.1:' + closed, auth: 'none', wx: fakeWx() })
    await rejects(c.userSig({ userId: 'alice' }), { code: 'network', status: 0 })
  })

  it('says timeout when the server does not answer in time', async () => {
    const pending = []
    const s = http.createServer((req, res) => pending.push(res))
    await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve))
    const c = createClient({ baseUrl: 'http://127.0.0.1:' + s.address().port, auth: 'none', wx: fakeWx(), timeout: 200 })
    try {
      await rejects(c.userSig({ userId: 'alice' }), { code: 'timeout', status: 0 })
    } finally {
      s.closeAllConnections()
      s.close()
    }
  })

  it('says bad_response for an answer that is not ticketbooth\'s', async () => {
    const s = http.createServer((req, res) => { res.statusCode = 502; res.end('<html>Bad Gateway</html>') })
    await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve))
    const c = createClient({ baseUrl: 'http://127.0.0.1:' + s.address().port + '/', auth: 'none', wx: fakeWx() })
    try {
      await rejects(c.userSig({}), { code: 'bad_response', status: 502 })
    } finally {
      s.close()
    }
  })
})

describe('apikey auth with a header function', () => {
  let srv
  before(async () => { srv = await serve.start({ auth: 'apikey' }) })
  after(async () => {
    seen.apiKeys.push(srv.secrets.apiKey)
    await srv.stop()
  })

  it('sends the function\'s headers (object or Promise) and gets tickets for the named user', async () => {
    for (const auth of [() => ({ 'X-Api-Key': srv.secrets.apiKey }), async () => ({ 'X-Api-Key': srv.secrets.apiKey })]) {
      const client = createClient({ baseUrl: srv.baseUrl, auth, wx: fakeWx() })
      const r = await client.roomUrl({ userId: 'carol', roomId: 77, privileges: ['join', 'send-video', 'recv-video'] })
      const p = pushParams(r.pushUrl)
      await verifyOK(srv, p.usersig, ['--userid', 'carol', '--kind', 'usersig'])
      await verifyOK(srv, p.privatemapkey, ['--userid', 'carol', '--roomid', '77'])
    }
  })

  it('a wrong key is the server\'s 401, not retried', async () => {
    const wx = fakeWx()
    const client = createClient({ baseUrl: srv.baseUrl, auth: () => ({ 'X-Api-Key': 'tbk_wrong_wrong_wrong' }), wx })
    await rejects(client.userSig({ userId: 'carol' }), { code: 'invalid_credential', status: 401 })
    assert.equal(wx.log.requests.length, 1)
  })

  it('no credential is unauthenticated', async () => {
    const client = createClient({ baseUrl: srv.baseUrl, auth: 'none', wx: fakeWx() })
    await rejects(client.userSig({ userId: 'carol' }), { code: 'unauthenticated', status: 401 })
  })

  it('a failing header function is auth_failed, without its text', async () => {
    const client = createClient({ baseUrl: srv.baseUrl, auth: () => { throw new Error('token tbk_secret_in_error expired') }, wx: fakeWx() })
    const err = await rejects(client.userSig({}), { code: 'auth_failed', status: 0 })
    assert.doesNotMatch(describeError(err), /tbk_secret_in_error/)
  })
})

describe('wechat-code auth', () => {
  let srv, wechat
  const openid = 'oAbC-user-42'
  before(async () => {
    const secrets = serve.makeSecrets()
    wechat = await startJscode2session(secrets.wechat)
    srv = await serve.start({ auth: 'wechat-code', secrets, env: { TICKETBOOTH_WECHAT_API: wechat.url } })
  })
  after(async () => {
    await srv.stop()
    await wechat.close()
    seen.codes.push(...wechat.codes.keys())
    seen.sessionKeys = wechat.sessionKeys
    seen.wechat = srv.secrets.wechat
  })

  it('sends a fresh wx.login code per call; the user is the openid', async () => {
    const wx = fakeWx({ jscode2session: wechat, openid })
    const client = createClient({ baseUrl: srv.baseUrl, wx }) // wechat-code is the default
    const us = await client.userSig()
    assert.equal(us.userId, openid)
    await verifyOK(srv, us.userSig, ['--userid', openid, '--kind', 'usersig'])
    const pk = await client.privateMapKey({ roomId: 9 })
    assert.deepEqual(pk.privileges.sort(), ['join', 'recv-audio', 'recv-video']) // the audience preset
    await verifyOK(srv, pk.privateMapKey, ['--userid', openid, '--roomid', '9'])
    const codes = wx.log.requests.map((r) => r.header['X-WX-Code'])
    assert.equal(codes.length, 2)
    assert.notEqual(codes[0], codes[1])
    assert.deepEqual(codes, wx.log.logins)
  })

  it('retries once with a new code when the server says the code was used', async () => {
    const wx = fakeWx({ jscode2session: wechat, openid })
    const login = wx.login
    let first = true
    wx.login = (o) => login({
      success: (res) => {
        if (first) { first = false; wechat.spoil(res.code) }
        o.success(res)
      },
      fail: o.fail
    })
    const client = createClient({ baseUrl: srv.baseUrl, wx })
    const r = await client.roomUrl({ roomId: 5 })
    assert.equal(r.userId, openid)
    assert.equal(wx.log.requests.length, 2)
    assert.equal(wx.log.logins.length, 2)
    const p = pushParams(r.pushUrl)
    await verifyOK(srv, p.usersig, ['--userid', openid, '--kind', 'usersig'])
  })

  it('retries only once: two bad codes are the server\'s 401', async () => {
    const wx = fakeWx({ jscode2session: wechat, openid })
    const login = wx.login
    wx.login = (o) => login({ success: (res) => { wechat.spoil(res.code); o.success(res) }, fail: o.fail })
    const client = createClient({ baseUrl: srv.baseUrl, wx })
    const err = await rejects(client.userSig(), { code: 'invalid_credential', status: 401 })
    assert.match(err.message, /wx\.login/)
    assert.ok(err.requestId)
    assert.equal(wx.log.requests.length, 2)
  })

  it('asking for more than the role allows is the server\'s 403, not retried', async () => {
    const wx = fakeWx({ jscode2session: wechat, openid })
    const client = createClient({ baseUrl: srv.baseUrl, wx })
    await rejects(client.privateMapKey({ roomId: 9, privileges: '255' }), { code: 'privilege_denied', status: 403 })
    await rejects(client.userSig({ userId: 'someone-else' }), { code: 'user_mismatch', status: 403 })
    assert.equal(wx.log.requests.length, 2)
  })

  it('a failing wx.login is login_failed', async () => {
    const wx = fakeWx({ jscode2session: wechat, openid })
    wx.loginFails = true
    const client = createClient({ baseUrl: srv.baseUrl, wx })
    await rejects(client.userSig(), { code: 'login_failed', status: 0 })
    assert.equal(wx.log.requests.length, 0)
  })
})

describe('roomsig flow (seed, ECDSA tickets)', () => {
  let srv, tencent
  const delays = []
  // The one retry's wait (1000 ms) is recorded and run at once: no sleeping in tests. Request
  // timeouts (other delays) run as they are.
  const timers = {
    setTimeout: (fn, ms) => {
      if (ms !== 1000) return setTimeout(fn, ms)
      delays.push(ms)
      return setTimeout(fn, 0)
    },
    clearTimeout: (t) => clearTimeout(t)
  }
  const client = (wx, o = {}) => createClient(Object.assign({ baseUrl: srv.baseUrl, auth: 'none', wx, timers }, o))
  const wxFor = () => fakeWx({ hosts: { [OFFICIAL]: tencent.url } })
  before(async () => {
    srv = await serve.start({ auth: 'dev', algorithm: 'ecdsa' })
    tencent = await startJsonvideoapp({ sdkAppId: srv.secrets.sdkAppId })
  })
  after(async () => {
    await srv.stop()
    await tencent.close()
  })

  it('sends the roomSigRequest from the phone, exactly as TRTC expects, then gets the pushUrl', async () => {
    const wx = wxFor()
    tencent.requests.length = 0
    const r = await client(wx).roomUrl({ userId: 'xiaoming', roomId: 12345, flow: 'roomsig', privileges: '255', bizBuf: { Str_uc_params: { pure_audio_push_mod: 1 } } })
    assert.deepEqual(tencent.problems, [])
    assert.equal(tencent.requests.length, 1)
    const sent = tencent.requests[0]
    assert.equal(sent.query.identifier, 'xiaoming')
    const body = JSON.parse(sent.body)
    assert.equal(body.ReqHead.GroupId, 12345)
    // The tickets in the request are the server's, and verify.
    await verifyOK(srv, sent.query.usersig, ['--userid', 'xiaoming', '--kind', 'usersig'])
    await verifyOK(srv, body.ReqBody.PrivMapEncrypt, ['--userid', 'xiaoming', '--roomid', '12345'])
    assert.equal(r.userSig, sent.query.usersig)
    assert.equal(r.privateMapKey, body.ReqBody.PrivMapEncrypt)
    assert.equal(r.roomSigRequest, undefined)
    // Three requests: the server (describe), Tencent (from the phone), the server (assemble).
    assert.deepEqual(wx.log.requests.map((q) => new URL(q.url).pathname), ['/v1/roomurl', '/v4/openim/jsonvideoapp', '/v1/roomurl'])
    assert.match(r.pushUrl, /^room:\/\/cloud\.tencent\.com\?sdkappid=\d+&roomid=12345&userid=xiaoming&roomsig=/)
    const p = pushParams(r.pushUrl)
    assert.equal(p.sdkappid, String(srv.secrets.sdkAppId))
    assert.deepEqual(JSON.parse(p.roomsig).Identifier, 'xiaoming')
    assert.deepEqual(JSON.parse(p.bizbuf), { Str_uc_params: { pure_audio_push_mod: 1 } })
  })

  for (const [name, answer, code] of [
    ['80 at the top', 80, 'roomsig_80'],
    ['82 at the top', 82, 'roomsig_82'],
    ['86 in RspHead', { head: 86 }, 'roomsig_86'],
    ['87 in RspHead', { head: 87 }, 'roomsig_87'],
    ['88 at the top', 88, 'roomsig_88']
  ]) {
    it(`reports ${name} as ${code}, without a retry`, async () => {
      tencent.requests.length = 0
      tencent.answer(answer)
      const err = await rejects(client(wxFor()).roomUrl({ userId: 'xiaoming', roomId: 12345, flow: 'roomsig' }), { code, status: 200, requestId: null })
      assert.match(err.message, new RegExp(String(typeof answer === 'number' ? answer : answer.head)))
      assert.equal(tencent.requests.length, 1)
    })
  }

  for (const [name, first] of [['an HTTP 500', 'http500'], ['a reply that is not JSON', 'garbage'], ['an undocumented code', 99], ['no answer in time', 'hang']]) {
    it(`retries once, after about a second, on ${name}`, async () => {
      tencent.requests.length = 0
      delays.length = 0
      tencent.answer(first)
      const r = await client(wxFor(), { timeout: 400 }).roomUrl({ userId: 'xiaoming', roomId: 7, flow: 'roomsig' })
      assert.match(r.pushUrl, /roomsig=/)
      await verifyOK(srv, r.userSig, ['--userid', 'xiaoming', '--kind', 'usersig'])
      await verifyOK(srv, r.privateMapKey, ['--userid', 'xiaoming', '--roomid', '7'])
      assert.equal(tencent.requests.length, 2)
      assert.deepEqual(delays, [1000])
    })
  }

  it('gives up after the one retry', async () => {
    tencent.requests.length = 0
    tencent.answer('http500', 99)
    await rejects(client(wxFor()).roomUrl({ userId: 'xiaoming', roomId: 7, flow: 'roomsig' }), { code: 'roomsig_failed', status: 200 })
    assert.equal(tencent.requests.length, 2)
  })

  it('says network, never the URL with its usersig, when Tencent cannot be reached', async () => {
    const wx = fakeWx({ hosts: { [OFFICIAL]: 'http://127.0.0.1:1' } })
    const err = await rejects(client(wx).roomUrl({ userId: 'xiaoming', roomId: 7, flow: 'roomsig' }), { code: 'network', status: 0 })
    assert.match(err.message, /roomsig/)
    const described = wx.log.requests.find((q) => q.url.includes('jsonvideoapp'))
    seen.tickets.push(new URL(described.url).searchParams.get('usersig'))
  })
})

describe('options', () => {
  it('refuses what cannot work, at once', () => {
    assert.throws(() => createClient({ auth: 'none' }), /baseUrl/)
    assert.throws(() => createClient({ baseUrl: 'https://x.example', auth: 'password' }), /auth must be/)
    assert.throws(() => createClient({ baseUrl: 'https://x.example', timeout: 0 }), /timeout/)
    assert.doesNotThrow(() => createClient({ auth: 'wechat-cloud' }))
  })
})

after(async () => {
  // Nothing the kit said — error messages, inspected errors, what it logged — holds a ticket, a
  // wx.login code, a session_key, an API key or an app secret.
  const text = seen.errors.map(describeError).join('\n') + '\n' + seen.console
  assert.ok(seen.errors.length >= 10, 'the scan saw the errors')
  assertNoSecrets(text, {
    ticket: seen.tickets,
    'wx.login code': seen.codes,
    session_key: seen.sessionKeys || [],
    appSecret: seen.wechat ? [seen.wechat.appSecret] : [],
    'API key': seen.apiKeys
  })
})

// Everything the kit writes to the console during this file is scanned too (it should be nothing).
const saved = {}
before(() => {
  for (const k of ['log', 'info', 'warn', 'error', 'debug']) {
    saved[k] = console[k]
    console[k] = (...args) => { seen.console += util.format(...args) + '\n' }
  }
})
after(() => Object.assign(console, saved))
