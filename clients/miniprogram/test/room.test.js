'use strict'

// Room: event sequences (test/fixtures/*.json) fed to onStateChange with the players list after
// each step; entering and re-entering against a real `ticketbooth serve` (dev auth); the bounded
// back-off on injected timers (no sleeps).

const { describe, it, before, after } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const { createClient, Room, TicketboothError, explain } = require('..')
const serve = require('./helpers/serve')
const { fakeWx } = require('./helpers/wechat')
const { describeError, assertNoSecrets } = require('./helpers/scan')

// manualTimers runs scheduled callbacks only when the test says so, and records their delays.
function manualTimers () {
  const queue = []
  return {
    delays: [],
    setTimeout (fn, ms) {
      const t = { fn, ms, done: false }
      queue.push(t)
      this.delays.push(ms)
      return t
    },
    clearTimeout (t) { if (t) t.done = true },
    pending () { return queue.filter((t) => !t.done).length },
    runNext () {
      const t = queue.find((x) => !x.done)
      assert.ok(t, 'a timer is pending')
      t.done = true
      t.fn()
      return t.ms
    }
  }
}

function record (room) {
  const events = []
  for (const name of ['players', 'pushUrl', 'joined', 'userJoin', 'userLeave', 'kicked', 'error']) {
    room.on(name, (arg) => events.push({ name, arg }))
  }
  return events
}

const nextPushUrl = (room) => new Promise((resolve) => {
  const f = (url) => { room.off('pushUrl', f); resolve(url) }
  room.on('pushUrl', f)
})

describe('Room', () => {
  let srv, client
  const tickets = []
  const errors = []
  before(async () => {
    srv = await serve.start({ auth: 'dev' })
    client = createClient({ baseUrl: srv.baseUrl, auth: 'none', wx: fakeWx() })
  })
  after(async () => {
    await srv.stop()
    assertNoSecrets(errors.map(describeError).join('\n'), { ticket: tickets })
  })

  for (const file of fs.readdirSync(path.join(__dirname, 'fixtures')).filter((f) => f.endsWith('.json'))) {
    it(`follows ${file}`, async () => {
      const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', file), 'utf8'))
      let fetches = 0
      const counting = { roomUrl: (b) => { fetches++; return client.roomUrl(b) } }
      const room = new Room(counting, { userId: 'me', roomId: 1234, privileges: '255' })
      const first = await room.enter()
      tickets.push(first)
      await srv.verifyPushUrl(first, 'me', { roomId: 1234 })
      const events = record(room)
      for (const [i, step] of fixture.steps.entries()) {
        events.length = 0
        const fresh = step.reenter ? nextPushUrl(room) : null
        const before = fetches
        room.onStateChange({ detail: step.event })
        if (fresh) {
          // Asked the server again (within the same second the tickets, and so the URL, may be
          // the same: the component reloads the pusher either way).
          const url = await fresh
          tickets.push(url)
          await srv.verifyPushUrl(url, 'me', { roomId: 1234 })
          assert.equal(fetches, before + 1, 'a fresh URL was fetched')
          assert.equal(room.pushUrl, url)
        } else {
          assert.equal(fetches, before, 'no fetch')
        }
        const where = `${file} step ${i} (${step.event.code})`
        assert.deepEqual(room.players, step.players, where)
        const names = events.map((e) => e.name).filter((n) => n !== 'pushUrl').sort()
        assert.deepEqual(names, [...step.emits].sort(), where + ': events')
        for (const e of events.filter((x) => x.name === 'players')) assert.deepEqual(e.arg, step.players, where + ': emitted list')
        if (step.state) assert.equal(room.state, step.state, where + ': state')
      }
      room.exit()
    })
  }

  it('keeps each player object stable for setData: changes come as fresh copies', async () => {
    const room = new Room(client, { userId: 'me', roomId: 1 })
    const lists = []
    room.on('players', (l) => lists.push(l))
    room.onStateChange({ detail: { code: 1020, message: '{"userlist":[{"userid":"a","playurl":"room://a"}]}' } })
    lists[0][0].playUrl = 'changed by the page'
    assert.equal(room.players[0].playUrl, 'room://a')
  })

  it('enters with a URL whose tickets verify, and fetches a new one after 1021', async () => {
    const room = new Room(client, { userId: 'dora', roomId: 4321, privileges: ['join', 'send-audio', 'send-video', 'recv-audio', 'recv-video'], scene: 'videocall' })
    const urls = []
    room.on('pushUrl', (u) => urls.push(u))
    const url = await room.enter()
    assert.equal(room.state, 'entering')
    assert.deepEqual(urls, [url])
    room.onStateChange({ detail: { code: 1018 } })
    assert.equal(room.state, 'joined')
    const again = nextPushUrl(room)
    room.onStateChange({ code: 1021, message: 'network changed' }) // a detail alone works too
    const url2 = await again
    for (const u of [url, url2]) {
      tickets.push(u)
      const q = new URLSearchParams(u.slice(u.indexOf('?') + 1))
      assert.equal(q.get('userid'), 'dora')
      let r = await srv.verify(q.get('usersig'), ['--userid', 'dora', '--kind', 'usersig'])
      assert.equal(r.code, 0, r.stderr)
      r = await srv.verify(q.get('privatemapkey'), ['--userid', 'dora', '--roomid', '4321'])
      assert.equal(r.code, 0, r.stderr)
    }
    room.exit()
    assert.equal(room.state, 'exited')
  })

  it('backs off on repeated -1307, resets after 1018, and gives up after its tries', async () => {
    const timers = manualTimers()
    const room = new Room(client, { userId: 'eve', roomId: 8, timers, reenter: { attempts: 4, baseDelay: 1000, maxDelay: 3000 } })
    const events = record(room)
    await room.enter()
    room.onStateChange({ detail: { code: 1018 } })
    // The first re-entry is at once; the next ones wait 1 s, 2 s, then the 3 s cap.
    let fresh = nextPushUrl(room)
    room.onStateChange({ detail: { code: -1307 } })
    await fresh
    assert.equal(timers.pending(), 0)
    for (const want of [1000, 2000, 3000]) {
      fresh = nextPushUrl(room)
      room.onStateChange({ detail: { code: -1307 } })
      assert.equal(room.state, 'reentering')
      assert.equal(timers.runNext(), want)
      await fresh
    }
    room.onStateChange({ detail: { code: -1307 } })
    assert.equal(room.state, 'failed')
    const err = events.filter((e) => e.name === 'error').pop().arg
    errors.push(err)
    assert.ok(err instanceof TicketboothError)
    assert.equal(err.code, '-1307')
    assert.equal(err.trtcCode, -1307)
    assert.match(err.message, /gave up/)
    // A 1018 (the user entered by hand) starts the count afresh.
    await room.enter()
    room.onStateChange({ detail: { code: 1018 } })
    fresh = nextPushUrl(room)
    room.onStateChange({ detail: { code: 1021 } })
    await fresh
    assert.equal(timers.pending(), 0, 'the first re-entry after a join is at once')
    room.exit()
  })

  it('counts a failed fetch as a try and goes on backing off', async () => {
    const timers = manualTimers()
    let fail = 2
    const flaky = {
      _timers: timers,
      roomUrl: (body) => fail-- > 0 ? Promise.reject(new TicketboothError('network', 'could not reach the ticketbooth server')) : client.roomUrl(body)
    }
    const room = new Room(flaky, { userId: 'fay', roomId: 8, timers })
    const errs = []
    room.on('error', (e) => errs.push(e))
    room.state = 'joined'
    const fresh = nextPushUrl(room)
    room.onStateChange({ detail: { code: 1021 } })
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(timers.runNext(), 1000)
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(timers.runNext(), 2000)
    const url = await fresh
    tickets.push(url)
    await srv.verifyPushUrl(url, 'fay', { roomId: 8 })
    assert.equal(errs.length, 2)
    assert.deepEqual(errs.map((e) => e.code), ['network', 'network'])
    room.exit()
  })

  it('reports TRTC errors with their meaning, and the account code of -100018', async () => {
    const room = new Room(client, { userId: 'gus', roomId: 8 })
    const errs = []
    room.on('error', (e) => errs.push(e))
    room.onStateChange({ detail: { code: -100018, message: 'ERR_SERVER_INFO_ECDH_GET_TINYID: check usersig failed, errcode 70009' } })
    assert.equal(room.state, 'failed')
    room.onStateChange({ detail: { code: -1301, message: 'camera' } })
    room.onStateChange({ detail: { code: -1302, message: 'mic' } })
    room.onStateChange({ detail: { code: 5000, message: 'background' } })
    assert.equal(room.state, 'background')
    assert.deepEqual(errs.map((e) => e.code), ['-100018', '-1301', '-1302', '5000'])
    assert.equal(errs[0].accountCode, 70009)
    assert.match(errs[0].message, /70009/)
    assert.equal(explain(errs[0]).code, '-100018')
    assert.equal(explain(errs[0].accountCode).title.zh, 'UserSig 签名密钥不匹配')
    assert.equal(room.lastError.code, '-1302')
    errors.push(...errs)
  })

  it('says kicked on 1019 and stops; ignores events after exit', async () => {
    const room = new Room(client, { userId: 'hal', roomId: 8 })
    const events = record(room)
    room.onStateChange({ detail: { code: 1020, message: '{"userlist":[{"userid":"a","playurl":"room://a"}]}' } })
    room.onStateChange({ detail: { code: 1019 } })
    assert.equal(room.state, 'left')
    assert.deepEqual(room.players, [])
    assert.ok(events.some((e) => e.name === 'kicked'))
    room.exit()
    events.length = 0
    room.onStateChange({ detail: { code: 1020, message: '{"userlist":[{"userid":"a","playurl":"room://a"}]}' } })
    room.onStateChange({ detail: { code: 1021 } })
    assert.deepEqual(events, [])
    assert.deepEqual(room.players, [])
  })

  it('rejects enter() and emits error when the server refuses', async () => {
    const room = new Room(client, { userId: 'ivy', roomId: 99999999999 })
    const errs = []
    room.on('error', (e) => errs.push(e))
    await assert.rejects(room.enter(), (e) => e.code === 'invalid_room_id' && e.status === 400)
    assert.equal(errs.length, 1)
    assert.equal(room.state, 'failed')
    errors.push(...errs)
  })

  it('needs exactly one of roomId and strRoomId', () => {
    assert.throws(() => new Room(client, {}), /exactly one/)
    assert.throws(() => new Room(client, { roomId: 1, strRoomId: 'x' }), /exactly one/)
    assert.throws(() => new Room(null, { roomId: 1 }), /createClient/)
  })
})

describe('explain', () => {
  it('knows the codes issue 9 names, in both languages', () => {
    for (const c of [-100018, 70001, 70003, 70009, 70013, 70014, 70016, 70020, -100006, 80, 82, 86, 87, 88, -1301, -1302, -1307, 1018, 1019, 1020, 1021, 1031, 1032, 1033, 1034, 5000]) {
      const e = explain(c)
      assert.ok(e, `explain(${c})`)
      for (const f of ['title', 'cause', 'fix']) assert.ok(e[f].en && e[f].zh, `${c} ${f}`)
    }
    assert.equal(explain('roomsig_86').code, 'roomsig_86')
    assert.equal(explain(86).code, 'roomsig_86')
    assert.equal(explain('-1307').code, '-1307')
    assert.equal(explain({ detail: { code: 1021 } }).code, '1021')
    assert.equal(explain('roomsig_83').code, 'roomsig_failed')
    assert.equal(explain(424242), null)
    assert.equal(explain(undefined), null)
  })

  it('reads the one table: lib/codes.js is codes.json', () => {
    const { render } = require('../scripts/codes')
    const json = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'codes.json'), 'utf8'))
    assert.equal(fs.readFileSync(path.join(__dirname, '..', 'lib', 'codes.js'), 'utf8'), render(json), 'run `npm run codes` after editing codes.json')
  })
})
