'use strict'

// The cloud function against a real `ticketbooth serve` with apikey auth. wx-server-sdk's
// getWXContext() reads the caller from the environment CloudBase sets per invocation
// (WX_CONTEXT_KEYS, WX_OPENID …): the tests set it as the platform would, and put a forged user
// in the event, which must be ignored. Then the kit's 'wechat-cloud' mode end to end, with
// wx.cloud.callFunction running this function.

const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')

const helpers = '../../miniprogram/test/helpers/'
const serve = require(helpers + 'serve')
const { startJsonvideoapp, fakeWx, OFFICIAL } = require(helpers + 'wechat')
const { assertNoSecrets, describeError } = require(helpers + 'scan')
const { createClient } = require('../../miniprogram')
const { main } = require('..')
const { parsePrivileges, routeOf } = require('../proxy')

const APPID = 'wx1234567890abcdef'

// invoke runs the function as CloudBase does: the caller's identity in the environment and in
// the event's userInfo, the function's name in the context.
async function invoke (name, event, openid) {
  const saved = { ...process.env }
  Object.assign(process.env, { WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID', WX_OPENID: openid || '', WX_APPID: APPID, WX_UNIONID: '' })
  if (!openid) delete process.env.WX_OPENID
  try {
    return await main(Object.assign({}, event, { userInfo: { appId: APPID, openId: openid } }), { function_name: name })
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
    Object.assign(process.env, saved)
  }
}

describe('cloud function', () => {
  let srv
  const logged = []
  const tickets = []
  const saved = {}
  before(async () => {
    srv = await serve.start({ auth: 'apikey' })
    process.env.TICKETBOOTH_URL = srv.baseUrl
    process.env.TICKETBOOTH_API_KEY = srv.secrets.apiKey
    for (const k of ['log', 'info', 'warn', 'error']) {
      saved[k] = console[k]
      console[k] = (...a) => logged.push(util.format(...a))
    }
  })
  after(async () => {
    Object.assign(console, saved)
    await srv.stop()
    // What the function logged holds no key and no ticket.
    assertNoSecrets(logged.join('\n'), { 'API key': srv.secrets.apiKey, ticket: tickets })
  })

  const verify = async (ticket, args) => {
    tickets.push(ticket)
    const r = await srv.verify(ticket, args)
    assert.equal(r.code, 0, r.stderr)
  }

  it('gets tickets for the OPENID, ignoring a forged userId and userInfo in the event', async () => {
    const r = await invoke('usersig', { userId: 'admin', expire: 600 }, 'o-real-caller')
    assert.equal(r.userId, 'o-real-caller')
    await verify(r.userSig, ['--userid', 'o-real-caller', '--kind', 'usersig'])
    const main2 = await main({ roomId: 3, userId: 'admin', userInfo: { openId: 'admin' } }, { function_name: 'privatemapkey' }).catch((e) => e)
    assert.equal(main2.error.code, 'unauthenticated', 'no OPENID in the context: the event\'s userInfo does not count')
  })

  it('caps privileges at TICKETBOOTH_PRIVILEGES (default the audience\'s 42)', async () => {
    let r = await invoke('privatemapkey', { roomId: 3 }, 'o-viewer')
    assert.equal(r.privilegeMap, 42)
    await verify(r.privateMapKey, ['--userid', 'o-viewer', '--roomid', '3'])
    r = await invoke('privatemapkey', { roomId: 3, privileges: '255' }, 'o-viewer')
    assert.equal(r.error.code, 'privilege_denied')
    assert.match(r.error.message, /create, send-audio/)
    r = await invoke('privatemapkey', { roomId: 3, privilegeMap: 2 }, 'o-viewer')
    assert.equal(r.privilegeMap, 2)
    process.env.TICKETBOOTH_PRIVILEGES = 'join,send-audio,send-video,recv-audio,recv-video'
    try {
      r = await invoke('roomurl', { roomId: 3, privileges: ['join', 'send-audio'] }, 'o-anchor')
      assert.deepEqual(r.privileges.sort(), ['join', 'send-audio'])
      const q = new URLSearchParams(r.pushUrl.slice(r.pushUrl.indexOf('?') + 1))
      await verify(q.get('usersig'), ['--userid', 'o-anchor', '--kind', 'usersig'])
      await verify(q.get('privatemapkey'), ['--userid', 'o-anchor', '--roomid', '3'])
    } finally {
      delete process.env.TICKETBOOTH_PRIVILEGES
    }
    r = await invoke('privatemapkey', { roomId: 3, privileges: ['fly'] }, 'o-viewer')
    assert.equal(r.error.code, 'invalid_privileges')
  })

  it('passes the server\'s refusals on as they are', async () => {
    const r = await invoke('roomurl', { roomId: 0 }, 'o-viewer')
    assert.equal(r.error.code, 'invalid_room_id')
  })

  it('says internal error, and logs why, when misconfigured; never the key', async () => {
    const key = process.env.TICKETBOOTH_API_KEY
    process.env.TICKETBOOTH_URL = 'http://tickets.example.com'
    try {
      const r = await invoke('usersig', {}, 'o-viewer')
      assert.deepEqual(r, { error: { code: 'internal', message: 'internal error' } })
      assert.match(logged.join('\n'), /TICKETBOOTH_URL must be https/)
    } finally {
      process.env.TICKETBOOTH_URL = srv.baseUrl
    }
    const r = await invoke('nothing', {}, 'o-viewer')
    assert.equal(r.error.code, 'internal')
    assert.match(logged.join('\n'), /TICKETBOOTH_ROUTE/)
    process.env.TICKETBOOTH_URL = 'http://127.0.0.1:1'
    try {
      const r2 = await invoke('usersig', {}, 'o-viewer')
      assert.equal(r2.error.code, 'upstream_unavailable')
    } finally {
      process.env.TICKETBOOTH_URL = srv.baseUrl
    }
    assert.ok(!logged.join('\n').includes(key))
  })

  it('reads routes and privileges as documented', () => {
    assert.equal(routeOf({}, { function_name: 'roomurl' }), 'roomurl')
    assert.equal(routeOf({}, { function_name: 'ticketbooth-usersig' }), 'usersig')
    assert.equal(routeOf({ TICKETBOOTH_ROUTE: 'privatemapkey' }, { function_name: 'x' }), 'privatemapkey')
    assert.equal(routeOf({ TICKETBOOTH_ROUTE: 'other' }, {}), null)
    assert.equal(parsePrivileges('42'), 42)
    assert.equal(parsePrivileges(255), 255)
    assert.equal(parsePrivileges('join, recv-audio'), 10)
    assert.equal(parsePrivileges(['create']), 1)
    assert.equal(parsePrivileges('0'), null)
    assert.equal(parsePrivileges('256'), null)
    assert.equal(parsePrivileges(''), null)
    assert.equal(parsePrivileges({}), null)
  })

  describe('the kit\'s wechat-cloud mode through this function', () => {
    let tencent
    before(async () => { tencent = await startJsonvideoapp({ sdkAppId: srv.secrets.sdkAppId }) })
    after(() => tencent.close())

    // cloud is wx.cloud: callFunction runs this function for the given user, no HTTP from the kit.
    const cloud = (openid, calls) => ({
      callFunction ({ name, data, success, fail }) {
        calls.push({ name, data })
        invoke(name, data, openid).then((result) => success({ result, requestID: 'req-' + calls.length, errMsg: 'cloud.callFunction:ok' }), fail)
      }
    })

    it('enters with tickets for the caller; the request bodies go as data', async () => {
      const calls = []
      const wx = fakeWx({ cloud: cloud('o-cloud-user', calls) })
      const client = createClient({ auth: 'wechat-cloud', wx })
      const r = await client.roomUrl({ roomId: 88, userId: 'forged' })
      assert.deepEqual(calls.map((c) => c.name), ['roomurl'])
      assert.equal(wx.log.requests.length, 0, 'no HTTP')
      assert.equal(r.userId, 'o-cloud-user')
      const q = new URLSearchParams(r.pushUrl.slice(r.pushUrl.indexOf('?') + 1))
      await verify(q.get('usersig'), ['--userid', 'o-cloud-user', '--kind', 'usersig'])
      await verify(q.get('privatemapkey'), ['--userid', 'o-cloud-user', '--roomid', '88'])
      const err = await client.privateMapKey({ roomId: 88, privileges: '255' }).catch((e) => e)
      assert.equal(err.code, 'privilege_denied')
      assert.equal(err.requestId, 'req-2')
      assert.doesNotMatch(describeError(err), new RegExp(srv.secrets.apiKey))
    })

    it('runs the roomsig flow: the function describes and assembles, the phone asks Tencent', async () => {
      const calls = []
      const wx = fakeWx({ cloud: cloud('o-cloud-user', calls), hosts: { [OFFICIAL]: tencent.url } })
      const client = createClient({ auth: 'wechat-cloud', wx, cloudFunctions: { roomurl: 'ticketbooth-roomurl' } })
      const r = await client.roomUrl({ roomId: 89, flow: 'roomsig' })
      assert.deepEqual(calls.map((c) => c.name), ['ticketbooth-roomurl', 'ticketbooth-roomurl'])
      assert.deepEqual(tencent.problems, [])
      assert.deepEqual(wx.log.requests.map((q) => new URL(q.url).pathname), ['/v4/openim/jsonvideoapp'])
      assert.match(r.pushUrl, /^room:\/\/cloud\.tencent\.com\?sdkappid=\d+&roomid=89&userid=o-cloud-user&roomsig=/)
      await verify(r.userSig, ['--userid', 'o-cloud-user', '--kind', 'usersig'])
      await verify(r.privateMapKey, ['--userid', 'o-cloud-user', '--roomid', '89'])
    })
  })
})
