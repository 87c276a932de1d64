'use strict'

// Room turns <live-pusher bindstatechange> events into a list of remote streams ready for
// <live-player wx:for>, and enters the room again with a fresh URL when TRTC asks for it (1021
// network change; -1307 connection lost), with a bounded back-off. The codes follow the
// <live-pusher> room protocol as Tencent's own components read it.

const { TicketboothError } = require('./errors')
const { explain } = require('./explain')

const STREAM_TYPES = ['main', 'aux']
const ROOM_OPTIONS = ['roomId', 'strRoomId', 'privileges', 'privilegeMap', 'scene', 'flow', 'expire', 'sdkAppId', 'userId',
  'encSmall', 'cloudEnv', 'streamId', 'userDefineRecordId', 'pureAudioMode', 'recvMode', 'bizBuf']
const REENTER_DEFAULTS = { attempts: 5, baseDelay: 1000, maxDelay: 16000 }
// The codes after which the pusher is out of the room for good: the Room stops and reports.
const FATAL = new Set([-1301, -1302, -1303, -1304, -1308, -100006, -100018, 1022, 10001, 10002])

class Emitter {
  constructor () { this._handlers = {} }
  on (name, fn) {
    (this._handlers[name] = this._handlers[name] || []).push(fn)
    return this
  }

  off (name, fn) {
    const list = this._handlers[name]
    if (list) this._handlers[name] = fn ? list.filter((f) => f !== fn) : []
    return this
  }

  emit (name, ...args) {
    for (const fn of (this._handlers[name] || []).slice()) fn(...args)
    // An 'error' nobody listens to would vanish: it stays on room.lastError either way.
    return this
  }
}

class Room extends Emitter {
  // options: the /v1/roomurl request (roomId or strRoomId, privileges, scene, flow, pusher
  // options), and reenter: { attempts, baseDelay, maxDelay } for the re-entry back-off.
  constructor (client, options = {}) {
    super()
    if (!client || typeof client.roomUrl !== 'function') throw new TypeError('ticketbooth: new Room(client, options) needs a client from createClient')
    if ((options.roomId === undefined) === (options.strRoomId === undefined)) {
      throw new TypeError('ticketbooth: a Room needs exactly one of roomId and strRoomId')
    }
    this.client = client
    this.request = {}
    for (const k of ROOM_OPTIONS) if (options[k] !== undefined && options[k] !== null && options[k] !== '') this.request[k] = options[k]
    this.reenter = Object.assign({}, REENTER_DEFAULTS, options.reenter)
    this._timers = options.timers || client._timers || { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (t) => clearTimeout(t) }
    this.state = 'idle' // idle → entering → joined; reentering; left (1019); background (5000); failed; exited
    this.pushUrl = ''
    this.answer = null // the last /v1/roomurl answer (tickets, expiresAt)
    this.players = []
    this.users = [] // user ids in the room, in the order they were first seen
    this.lastError = null
    this._attempt = 0 // re-entries since the last 1018
    this._timer = null
    this._entering = null
    this._session = 0 // bumped by exit(), so a late answer of an abandoned enter is dropped
  }

  // enter fetches a fresh push URL, emits it as 'pushUrl' and resolves with it. A failure rejects
  // and is emitted as 'error' too.
  enter () {
    if (this._entering) return this._entering
    this._cancelTimer()
    if (this.state !== 'reentering') this._attempt = 0
    if (this.state === 'idle' || this.state === 'exited' || this.state === 'left' || this.state === 'background' || this.state === 'failed') this.state = 'entering'
    const session = this._session
    this._entering = this.client.roomUrl(Object.assign({}, this.request)).then((answer) => {
      this._entering = null
      if (session !== this._session) throw new TicketboothError('exited', 'the room was exited while its URL was being fetched')
      if (!answer || typeof answer.pushUrl !== 'string' || !answer.pushUrl) {
        throw this._fail(new TicketboothError('bad_response', 'the server answered /v1/roomurl without a pushUrl'))
      }
      this.answer = answer
      this.pushUrl = answer.pushUrl
      this.emit('pushUrl', answer.pushUrl)
      return answer.pushUrl
    }, (err) => {
      this._entering = null
      if (session !== this._session) throw err
      throw this._fail(err)
    })
    return this._entering
  }

  // exit leaves the room: no more re-entries, the list emptied.
  exit () {
    this._session++
    this._cancelTimer()
    this._entering = null
    this.state = 'exited'
    this.pushUrl = ''
    this._setUsers([])
  }

  // onStateChange takes a <live-pusher bindstatechange> event (or its detail) as it comes.
  onStateChange (e) {
    const detail = (e && e.detail) || e || {}
    const code = Number(detail.code)
    const message = detail.message
    if (!Number.isFinite(code)) return
    this.emit('state', { code, message })
    if (this.state === 'exited') return
    switch (code) {
      case 1018:
        this.state = 'joined'
        this._attempt = 0
        this.emit('joined')
        break
      case 1019:
        this.state = 'left'
        this._cancelTimer()
        this._setUsers([])
        this.emit('kicked', { code, message: 'the pusher is out of the room (it left, was removed, or the user id entered elsewhere)' })
        break
      case 1020:
        this._userList(parseList(message))
        break
      case 1031:
        this._join(parseList(message))
        break
      case 1032:
        this._leave(parseList(message))
        break
      case 1033:
        this._media(parseList(message), 'hasVideo')
        break
      case 1034:
        this._media(parseList(message), 'hasAudio')
        break
      case 1021:
      case -1307:
        this._reenter(code)
        break
      case 5000:
        // The mini-program went to the background and the pusher stopped; enter again on show.
        this._cancelTimer()
        this.state = 'background'
        this._setUsers([])
        this.emit('error', this._trtcError(code, detail))
        break
      default:
        if (FATAL.has(code) || (code < 0 && code !== -1307)) {
          const err = this._trtcError(code, detail)
          if (FATAL.has(code)) {
            this._cancelTimer()
            this.state = 'failed'
          }
          this.lastError = err
          this.emit('error', err)
        }
    }
  }

  _reenter (code) {
    if (this._attempt >= this.reenter.attempts) {
      this._cancelTimer()
      this.state = 'failed'
      const err = new TicketboothError(String(code), `gave up entering the room again after ${this._attempt} tries (${explain(code).title.en})`, { trtcCode: code })
      this.lastError = err
      this.emit('error', err)
      return
    }
    const delay = this._attempt === 0 ? 0 : Math.min(this.reenter.baseDelay * 2 ** (this._attempt - 1), this.reenter.maxDelay)
    this._attempt++
    this.state = 'reentering'
    this._setUsers([]) // the new session reports the room afresh
    this._cancelTimer()
    const go = () => {
      this._timer = null
      this.enter().catch(() => {
        // The URL could not be fetched: count it as a try and go on backing off.
        if (this.state === 'failed' || this.state === 'exited') return
        this.state = 'reentering'
        this._reenter(code)
      })
    }
    if (delay === 0) go()
    else this._timer = this._timers.setTimeout(go, delay)
  }

  _fail (err) {
    if (!(err instanceof TicketboothError)) err = new TicketboothError('network', 'could not get a push URL')
    this.lastError = err
    if (this.state !== 'reentering' || this._attempt >= this.reenter.attempts) this.state = 'failed'
    this.emit('error', err)
    return err
  }

  _trtcError (code, detail) {
    const e = explain(code)
    const accountCode = code === -100018 ? accountCodeOf(detail.message) : undefined
    const a = accountCode ? explain(accountCode) : null
    const title = a ? `${e.title.en} (${accountCode}: ${a.title.en})` : e ? e.title.en : `TRTC reported ${code}`
    return new TicketboothError(String(code), title, { trtcCode: code, accountCode })
  }

  _cancelTimer () {
    if (this._timer !== null) {
      this._timers.clearTimeout(this._timer)
      this._timer = null
    }
  }

  // 1020: the full list of the others (legacy flow): whoever is missing has left.
  _userList (list) {
    if (!list) return
    const ids = []
    for (const u of list) if (!ids.includes(u.userId)) ids.push(u.userId)
    const before = this._snapshot()
    for (const id of this.users.slice()) if (!ids.includes(id)) this._removeUser(id)
    for (const u of list) {
      this._addUser(u.userId)
      const p = this._stream(u.userId, u.streamType || 'main', u.playUrl)
      if (p && u.playUrl) {
        p.playUrl = u.playUrl
        // The legacy list says nothing about media: a listed user is taken to push both.
        if (u.hasVideo === undefined && u.hasAudio === undefined && p._fresh) { p.hasVideo = true; p.hasAudio = true }
      }
      if (p) delete p._fresh
    }
    this._changed(before)
  }

  _join (list) {
    if (!list) return
    const before = this._snapshot()
    for (const u of list) {
      if (this._addUser(u.userId)) this.emit('userJoin', { userId: u.userId })
      if (u.playUrl) {
        const p = this._stream(u.userId, u.streamType || 'main', u.playUrl)
        if (p) { p.playUrl = u.playUrl; delete p._fresh }
      }
    }
    this._changed(before)
  }

  _leave (list) {
    if (!list) return
    const before = this._snapshot()
    for (const u of list) if (this._removeUser(u.userId)) this.emit('userLeave', { userId: u.userId })
    this._changed(before)
  }

  // 1033/1034: a stream's video or audio on or off. A main stream stays while its user is in the
  // room (its audio may come back); an aux stream (screen sharing) goes with its video.
  _media (list, field) {
    if (!list) return
    const before = this._snapshot()
    for (const u of list) {
      const on = field === 'hasVideo' ? u.hasVideo : u.hasAudio
      if (on === undefined) continue
      const type = u.streamType || 'main'
      if (this._addUser(u.userId)) this.emit('userJoin', { userId: u.userId })
      if (type === 'aux' && field === 'hasVideo' && !on) {
        this._removeStream(u.userId + '_aux')
        continue
      }
      const p = this._stream(u.userId, type, u.playUrl)
      if (!p) continue
      delete p._fresh
      if (u.playUrl) p.playUrl = u.playUrl
      p[field] = on
    }
    this._changed(before)
  }

  _addUser (id) {
    if (this.users.includes(id)) return false
    this.users.push(id)
    return true
  }

  _removeUser (id) {
    if (!this.users.includes(id)) return false
    this.users = this.users.filter((u) => u !== id)
    this.players = this.players.filter((p) => p.userId !== id)
    return true
  }

  _removeStream (id) {
    this.players = this.players.filter((p) => p.id !== id)
  }

  // _stream finds a stream, or adds it (at its user's place: a user's streams stay together, main
  // first) when a play URL is known.
  _stream (userId, streamType, playUrl) {
    if (!STREAM_TYPES.includes(streamType)) return null
    const id = userId + '_' + streamType
    let p = this.players.find((x) => x.id === id)
    if (p || !playUrl) return p || null
    p = { id, userId, streamType, playUrl, hasVideo: false, hasAudio: false, _fresh: true }
    const order = (x) => this.users.indexOf(x.userId) * 2 + STREAM_TYPES.indexOf(x.streamType)
    const at = this.players.findIndex((x) => order(x) > order(p))
    if (at === -1) this.players.push(p)
    else this.players.splice(at, 0, p)
    return p
  }

  _setUsers (ids) {
    const before = this._snapshot()
    this.users = this.users.filter((u) => ids.includes(u))
    this.players = this.players.filter((p) => ids.includes(p.userId))
    this._changed(before)
  }

  _snapshot () {
    return JSON.stringify(this.players)
  }

  // _changed emits 'players' when the list differs from before: a fresh array of fresh objects,
  // so a page may setData it as it is.
  _changed (before) {
    for (const p of this.players) delete p._fresh
    if (this._snapshot() === before) return
    this.players = this.players.map((p) => Object.assign({}, p))
    this.emit('players', this.players.map((p) => Object.assign({}, p)))
  }
}

// parseList reads a room event's message: {"userlist":[{"userid","playurl","streamtype",
// "hasvideo"|"hasaudio"}]} as JSON text (or already parsed). Entries without a user id are
// skipped; an unreadable message is ignored.
function parseList (message) {
  let m = message
  if (typeof m === 'string') {
    try {
      m = JSON.parse(m)
    } catch (_) {
      return null
    }
  }
  if (!m || typeof m !== 'object' || !Array.isArray(m.userlist)) return null
  const out = []
  for (const u of m.userlist) {
    if (!u || typeof u !== 'object') continue
    const userId = u.userid === undefined ? u.userId : u.userid
    if (typeof userId !== 'string' || !userId) continue
    const playUrl = u.playurl === undefined ? u.playUrl : u.playurl
    const streamType = u.streamtype === undefined ? u.streamType : u.streamtype
    const e = { userId }
    if (typeof playUrl === 'string' && playUrl) e.playUrl = playUrl
    if (typeof streamType === 'string' && streamType) e.streamType = streamType
    const v = u.hasvideo === undefined ? u.hasVideo : u.hasvideo
    const a = u.hasaudio === undefined ? u.hasAudio : u.hasaudio
    if (v !== undefined) e.hasVideo = truthy(v)
    if (a !== undefined) e.hasAudio = truthy(a)
    out.push(e)
  }
  return out
}

function truthy (v) {
  return v === true || v === 1 || v === '1' || v === 'true'
}

// accountCodeOf finds the account code (70001 …) in a -100018 message.
function accountCodeOf (message) {
  const m = /\b(700\d\d)\b/.exec(typeof message === 'string' ? message : '')
  return m ? Number(m[1]) : undefined
}

module.exports = { Room, parseList }
