'use strict'

// The kit's 'wechat-cloud' mode against ticketbooth's own SCF functions (built with -tags scf,
// run as SCF's Go runtime runs them): wx.cloud.callFunction hands the function the request body
// as its event plus the userInfo the platform injects, whose openId is the user. No HTTP from the
// kit; the tickets are checked with `ticketbooth verify`.

const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const { createClient } = require('..')
const serve = require('./helpers/serve')
const scf = require('./helpers/scf')
const { startJsonvideoapp, fakeWx, OFFICIAL } = require('./helpers/wechat')
const { describeError, assertNoSecrets } = require('./helpers/scan')

const APPID = 'wx0123456789abcdef'

describe('wechat-cloud against the SCF functions', () => {
  let fns, secrets, dir, verifier, tencent
  const errors = []
  const tickets = []
  before(async () => {
    secrets = serve.makeSecrets()
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ticketbooth-cloud-'))
    const file = path.join(dir, 'secret.json')
    fs.writeFileSync(file, JSON.stringify(secrets.doc), { mode: 0o600 })
    fns = await scf.start({ TICKETBOOTH_SECRET: 'file:' + file, TICKETBOOTH_AUTH: 'wechat-cloud', SCF_FUNCTIONNAME: 'ticketbooth-test' })
    // A server on the same keys, only for its `verify`.
    verifier = await serve.start({ auth: 'dev', secrets })
    tencent = await startJsonvideoapp({ sdkAppId: secrets.sdkAppId })
  })
  after(async () => {
    await fns.stop()
    await verifier.stop()
    await tencent.close()
    fs.rmSync(dir, { recursive: true, force: true })
    assertNoSecrets(errors.map(describeError).join('\n') + fns.output(), { ticket: tickets, 'secret key': secrets.secretKey })
  })

  // wx.cloud as CloudBase runs it: the function named, data as the event, userInfo injected.
  const cloud = (openid, calls) => ({
    callFunction ({ name, data, success, fail }) {
      calls.push(name)
      const event = Object.assign({}, data, { userInfo: openid ? { appId: APPID, openId: openid } : { appId: APPID } })
      fns.invoke(name, event).then(({ result, requestId }) => success({ result, requestID: requestId, errMsg: 'cloud.callFunction:ok' }), () => fail({ errMsg: 'cloud.callFunction:fail' }))
    }
  })

  const verify = async (ticket, args) => {
    tickets.push(ticket)
    const r = await verifier.verify(ticket, args)
    assert.equal(r.code, 0, r.stderr)
  }

  it('gets the three routes for the openid, without HTTP', async () => {
    const calls = []
    const wx = fakeWx({ cloud: cloud('o-scf-user', calls) })
    const client = createClient({ auth: 'wechat-cloud', wx })
    const us = await client.userSig()
    assert.equal(us.userId, 'o-scf-user')
    await verify(us.userSig, ['--userid', 'o-scf-user', '--kind', 'usersig'])
    const pk = await client.privateMapKey({ roomId: 31 })
    assert.deepEqual(pk.privileges.sort(), ['join', 'recv-audio', 'recv-video'])
    await verify(pk.privateMapKey, ['--userid', 'o-scf-user', '--roomid', '31'])
    const ru = await client.roomUrl({ strRoomId: 'cloud room' })
    await verifier.verifyPushUrl(ru.pushUrl, 'o-scf-user', { strRoomId: 'cloud room' })
    tickets.push(ru.pushUrl)
    assert.deepEqual(calls, ['usersig', 'privatemapkey', 'roomurl'])
    assert.equal(wx.log.requests.length, 0)
  })

  it('passes the functions\' refusals on: another user, more than the role, no openid', async () => {
    const client = createClient({ auth: 'wechat-cloud', wx: fakeWx({ cloud: cloud('o-scf-user', []) }) })
    let err = await client.userSig({ userId: 'someone-else' }).catch((e) => e)
    assert.equal(err.code, 'user_mismatch')
    assert.equal(err.status, 0)
    assert.ok(err.requestId)
    errors.push(err)
    err = await client.privateMapKey({ roomId: 31, privileges: '255' }).catch((e) => e)
    assert.equal(err.code, 'privilege_denied')
    errors.push(err)
    const anonymous = createClient({ auth: 'wechat-cloud', wx: fakeWx({ cloud: cloud('', []) }) })
    err = await anonymous.userSig().catch((e) => e)
    assert.equal(err.constructor.name, 'TicketboothError')
    assert.equal(err.code, 'unauthenticated', 'a CloudBase call without an openId proves no user')
    errors.push(err)
  })

  it('runs the roomsig flow through the functions, the roomsig request from the phone', async () => {
    const calls = []
    const wx = fakeWx({ cloud: cloud('o-scf-user', calls), hosts: { [OFFICIAL]: tencent.url } })
    const r = await createClient({ auth: 'wechat-cloud', wx }).roomUrl({ roomId: 32, flow: 'roomsig' })
    assert.deepEqual(calls, ['roomurl', 'roomurl'])
    assert.deepEqual(tencent.problems, [])
    assert.deepEqual(wx.log.requests.map((q) => new URL(q.url).pathname), ['/v4/openim/jsonvideoapp'])
    assert.match(r.pushUrl, /^room:\/\/cloud\.tencent\.com\?sdkappid=\d+&roomid=32&userid=o-scf-user&roomsig=/)
    await verify(r.userSig, ['--userid', 'o-scf-user', '--kind', 'usersig'])
    await verify(r.privateMapKey, ['--userid', 'o-scf-user', '--roomid', '32'])
  })
})
