'use strict'

// <ticketbooth-room> under miniprogram-simulate (WeChat's component test tool, on jsdom), entering
// a room on a real `ticketbooth serve` through the global wx. <live-pusher> and <live-player> are
// native tags simulate cannot render: test/stubs stand in for them, keeping their attributes.

const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')

const { JSDOM } = require('jsdom')
const dom = new JSDOM('<!doctype html><html><body></body></html>')
global.window = dom.window
global.document = dom.window.document
global.Event = dom.window.Event
global.CustomEvent = dom.window.CustomEvent
const simulate = require('miniprogram-simulate')

const serve = require('./helpers/serve')
const { fakeWx } = require('./helpers/wechat')
const { assertNoSecrets } = require('./helpers/scan')

const componentPath = path.join(__dirname, '..', 'components', 'ticketbooth-room', 'index')
// simulate resolves a '/…' path against rootPath, the package folder. Its own template compiler is
// used: the official one compiles only templates under rootPath and scans all of it (node_modules).
const rootPath = path.join(__dirname, '..')
const stubs = {
  'live-pusher': '/test/stubs/live-pusher/index',
  'live-player': '/test/stubs/live-player/index'
}

// mount renders the component with props, records its events, and attaches it (which enters).
function mount (props) {
  const id = simulate.load(componentPath, 'ticketbooth-room', { rootPath, compiler: 'simulate', usingComponents: stubs })
  const comp = simulate.render(id, props)
  const events = []
  const waiting = []
  const trigger = comp.instance.triggerEvent
  comp.instance.triggerEvent = function (name, detail) {
    events.push({ name, detail })
    for (const w of waiting.slice()) {
      if (w.name === name) {
        waiting.splice(waiting.indexOf(w), 1)
        w.resolve(detail)
      }
    }
    return trigger.apply(this, arguments)
  }
  const next = (name) => new Promise((resolve) => waiting.push({ name, resolve }))
  const parent = document.createElement('parent-wrapper')
  return { comp, events, next, attach: () => comp.attach(parent) }
}

const pusher = (comp) => comp.querySelector('#tb-pusher')
const players = (comp) => comp.querySelectorAll('.tb-live-player')
const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('<ticketbooth-room>', () => {
  let srv
  const tickets = []
  const errorDetails = []
  before(async () => {
    srv = await serve.start({ auth: 'dev' })
    global.wx = fakeWx()
  })
  after(async () => {
    await srv.stop()
    delete global.wx
    assertNoSecrets(JSON.stringify(errorDetails), { ticket: tickets })
  })

  it('enters on attach and gives the pusher a URL whose tickets verify', async () => {
    const m = mount({ roomId: 1234, userId: 'amy', privileges: '255', scene: 'videocall', baseUrl: srv.baseUrl, auth: 'none' })
    const got = m.next('pushurl')
    m.attach()
    const { pushUrl } = await got
    tickets.push(pushUrl)
    await tick()
    const p = pusher(m.comp)
    assert.ok(p, 'a <live-pusher> once the URL is there')
    assert.equal(p.instance.data.url, pushUrl)
    assert.equal(p.instance.data.mode, 'RTC')
    assert.equal(p.instance.data.autopush, true)
    const q = new URLSearchParams(pushUrl.slice(pushUrl.indexOf('?') + 1))
    let r = await srv.verify(q.get('usersig'), ['--userid', 'amy', '--kind', 'usersig'])
    assert.equal(r.code, 0, r.stderr)
    r = await srv.verify(q.get('privatemapkey'), ['--userid', 'amy', '--roomid', '1234'])
    assert.equal(r.code, 0, r.stderr)
    m.comp.detach()
  })

  it('renders one <live-player> per stream from the pusher\'s events, and says so', async () => {
    const m = mount({ roomId: 55, userId: 'amy', baseUrl: srv.baseUrl, auth: 'none' })
    const got = m.next('pushurl')
    m.attach()
    const { pushUrl } = await got
    tickets.push(pushUrl)
    await srv.verifyPushUrl(pushUrl, 'amy', { roomId: 55 })
    await tick()
    const p = pusher(m.comp)
    const joined = m.next('joined')
    p.instance.report(1018, 'joined')
    await joined
    const listed = m.next('players')
    p.instance.report(1020, JSON.stringify({ userlist: [{ userid: 'bob', playurl: 'room://bob' }, { userid: 'cy', playurl: 'room://cy' }] }))
    const { players: list } = await listed
    assert.deepEqual(list.map((x) => x.id), ['bob_main', 'cy_main'])
    await tick()
    assert.deepEqual(players(m.comp).map((x) => x.instance.data.src), ['room://bob', 'room://cy'])
    const left = m.next('userleave')
    p.instance.report(1032, JSON.stringify({ userlist: [{ userid: 'bob' }] }))
    assert.deepEqual(await left, { userId: 'bob' })
    await tick()
    assert.deepEqual(players(m.comp).map((x) => x.instance.data.src), ['room://cy'])
    const shared = m.next('players')
    p.instance.report(1033, JSON.stringify({ userlist: [{ userid: 'cy', playurl: 'room://cy-aux', streamtype: 'aux', hasvideo: true }] }))
    await shared
    await tick()
    assert.deepEqual(players(m.comp).map((x) => x.instance.data.src), ['room://cy', 'room://cy-aux'])
    assert.deepEqual(m.comp.data.players.map((x) => x.hasVideo), [true, true])
    m.comp.detach()
    assert.deepEqual(m.comp.data.players, [])
  })

  it('re-enters on 1021 and restarts the pusher even when the URL is the same', async () => {
    const m = mount({ roomId: 56, userId: 'amy', baseUrl: srv.baseUrl, auth: 'none' })
    const first = m.next('pushurl')
    m.attach()
    const a = (await first).pushUrl
    tickets.push(a)
    await tick()
    const before = pusher(m.comp).instance
    const again = m.next('pushurl')
    before.report(1021, 'network changed')
    const b = (await again).pushUrl
    tickets.push(b)
    await srv.verifyPushUrl(a, 'amy', { roomId: 56 })
    await srv.verifyPushUrl(b, 'amy', { roomId: 56 })
    await tick()
    await tick()
    const now = pusher(m.comp).instance
    assert.equal(now.data.url, b)
    assert.equal(m.comp.data.pushUrl, b)
    // Within one second the server signs the same tickets: the pusher is then a new one (taken
    // out and put back), since an unchanged url would not restart it.
    if (a === b) assert.notEqual(now, before, 'the pusher was restarted')
    m.comp.detach()
  })

  it('reports TRTC\'s errors with their meaning, and a refused permission', async () => {
    const m = mount({ roomId: 57, userId: 'amy', baseUrl: srv.baseUrl, auth: 'none' })
    const first = m.next('pushurl')
    m.attach()
    const url57 = (await first).pushUrl
    tickets.push(url57)
    await srv.verifyPushUrl(url57, 'amy', { roomId: 57 })
    await tick()
    const p = pusher(m.comp)
    let err = m.next('error')
    p.instance.report(-100018, 'check usersig failed: 70001')
    let d = await err
    errorDetails.push(d)
    assert.equal(d.code, '-100018')
    assert.equal(d.accountCode, 70001)
    assert.equal(d.title.zh, 'UserSig 校验失败')
    await tick()
    assert.equal(m.comp.data.pushUrl, '', 'the pusher stops on a fatal error')
    assert.equal(m.comp.data.state, 'failed')
    const m2 = mount({ roomId: 58, userId: 'amy', baseUrl: srv.baseUrl, auth: 'none' })
    const f2 = m2.next('pushurl')
    m2.attach()
    const url58 = (await f2).pushUrl
    tickets.push(url58)
    await srv.verifyPushUrl(url58, 'amy', { roomId: 58 })
    await tick()
    err = m2.next('error')
    pusher(m2.comp).instance.fail(10001, 'camera permission denied')
    d = await err
    errorDetails.push(d)
    assert.equal(d.code, '10001')
    assert.equal(d.title.en, 'Camera permission denied')
    m.comp.detach()
    m2.comp.detach()
  })

  it('stops on 5000 (sent to the background) and enters again when the page shows', async () => {
    const m = mount({ roomId: 61, userId: 'amy', baseUrl: srv.baseUrl, auth: 'none' })
    const first = m.next('pushurl')
    m.attach()
    tickets.push((await first).pushUrl)
    await tick()
    const err = m.next('error')
    pusher(m.comp).instance.report(5000, 'background')
    const d = await err
    errorDetails.push(d)
    assert.equal(d.code, '5000')
    await tick()
    assert.equal(m.comp.data.state, 'background')
    assert.equal(m.comp.data.pushUrl, '')
    const again = m.next('pushurl')
    m.comp.triggerPageLifeTime('show')
    const { pushUrl } = await again
    tickets.push(pushUrl)
    await srv.verifyPushUrl(pushUrl, 'amy', { roomId: 61 })
    await tick()
    assert.equal(pusher(m.comp).instance.data.url, pushUrl)
    m.comp.detach()
  })

  it('moves to another room when room-id changes', async () => {
    const m = mount({ roomId: 62, userId: 'amy', baseUrl: srv.baseUrl, auth: 'none' })
    const first = m.next('pushurl')
    m.attach()
    tickets.push((await first).pushUrl)
    await tick()
    const again = m.next('pushurl')
    m.comp.setData({ roomId: 63 })
    const { pushUrl } = await again
    tickets.push(pushUrl)
    await srv.verifyPushUrl(pushUrl, 'amy', { roomId: 63 })
    assert.equal(m.comp.instance.room.request.roomId, 63)
    m.comp.detach()
  })

  it('reports the server\'s refusal as an error event, with no ticket in it', async () => {
    const other = await serve.start({ auth: 'apikey' })
    try {
      const m = mount({ roomId: 59, baseUrl: other.baseUrl, auth: 'none' })
      const err = m.next('error')
      m.attach()
      const d = await err
      errorDetails.push(d)
      assert.equal(d.code, 'unauthenticated')
      assert.equal(d.status, 401)
      assert.ok(d.requestId)
      assert.equal(m.comp.data.pushUrl, '')
      m.comp.detach()
    } finally {
      await other.stop()
    }
  })

  it('takes a client of the page\'s own (header-function auth) with setClient', async () => {
    const other = await serve.start({ auth: 'apikey' })
    try {
      const { createClient } = require('..')
      const m = mount({ roomId: 60, userId: 'zed', autoEnter: false })
      m.attach()
      m.comp.instance.setClient(createClient({ baseUrl: other.baseUrl, auth: () => ({ 'X-Api-Key': other.secrets.apiKey }) }))
      const got = m.next('pushurl')
      m.comp.instance.enter()
      const { pushUrl } = await got
      tickets.push(pushUrl)
      const q = new URLSearchParams(pushUrl.slice(pushUrl.indexOf('?') + 1))
      const r = await other.verify(q.get('usersig'), ['--userid', 'zed', '--kind', 'usersig'])
      assert.equal(r.code, 0, r.stderr)
      m.comp.detach()
    } finally {
      await other.stop()
    }
  })

  it('compiles with WeChat\'s official template compiler, native tags and all', () => {
    const id = simulate.load(componentPath, 'ticketbooth-room', { rootPath: path.join(__dirname, '..', 'components'), compiler: 'official' })
    const comp = simulate.render(id, { autoEnter: false })
    comp.attach(document.createElement('parent-wrapper'))
    comp.setData({ pushUrl: 'room://x', players: [{ id: 'a_main', userId: 'a', streamType: 'main', playUrl: 'room://a', hasVideo: false, hasAudio: true }] })
    assert.equal(comp.dom.querySelectorAll('wx-live-pusher').length, 1)
    assert.equal(comp.dom.querySelectorAll('wx-live-player').length, 1)
    assert.match(comp.dom.innerHTML, /data-id="a_main"/)
    comp.detach()
  })

  it('says what is missing when no room is set', async () => {
    const m = mount({ baseUrl: srv.baseUrl, auth: 'none', autoEnter: false })
    m.attach()
    const err = m.next('error')
    m.comp.instance.enter()
    const d = await err
    assert.equal(d.code, 'invalid_room')
    m.comp.detach()
  })
})
