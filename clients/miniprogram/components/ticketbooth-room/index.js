'use strict'

// <ticketbooth-room>: one <live-pusher mode="RTC"> and a <live-player> per remote stream, built on
// the kit's Room. The page gives the room (roomId or strRoomId), privileges, scene and how to reach
// the deployment (baseUrl, auth, cloudFunctions); a header-function auth is set with setClient().

const { createClient } = require('../../lib/client')
const { Room } = require('../../lib/room')
const { explain } = require('../../lib/explain')

Component({
  properties: {
    roomId: { type: Number, value: 0 },
    strRoomId: { type: String, value: '' },
    privileges: { type: null, value: null }, // names (array or "join,send-audio") or "255"
    scene: { type: String, value: '' },
    flow: { type: String, value: '' },
    userId: { type: String, value: '' }, // trusted callers only (dev, apikey)
    baseUrl: { type: String, value: '' },
    auth: { type: String, value: 'wechat-code' },
    cloudFunctions: { type: Object, value: null },
    timeout: { type: Number, value: 10000 },
    autoEnter: { type: Boolean, value: true },
    enableCamera: { type: Boolean, value: true },
    enableMic: { type: Boolean, value: true },
    muted: { type: Boolean, value: false },
    devicePosition: { type: String, value: 'front' },
    beauty: { type: Number, value: 0 }
  },

  data: { pushUrl: '', players: [], state: 'idle' },

  observers: {
    'roomId, strRoomId': function () {
      if (this._attached && this.room) this._restart()
    }
  },

  lifetimes: {
    attached () {
      this._attached = true
      if (this.data.autoEnter && this._hasRoom()) this.enter()
    },
    detached () {
      this._attached = false
      this.exit()
    }
  },

  pageLifetimes: {
    // After 5000 (sent to the background) the pusher has stopped: enter again when shown.
    show () {
      if (this.room && this.room.state === 'background') this.enter()
    }
  },

  methods: {
    // setClient gives the component a client of the page's own (e.g. auth: a header function,
    // which cannot pass through a property).
    setClient (client) {
      this._client = client
      if (this.room) this._restart()
    },

    enter () {
      if (!this._hasRoom()) {
        this._error({ code: 'invalid_room', status: 0, message: 'set roomId or strRoomId on <ticketbooth-room>', requestId: null })
        return Promise.resolve('')
      }
      const room = this.room || this._makeRoom()
      return room.enter().catch(() => '') // reported through the 'error' event
    },

    exit () {
      if (!this.room) return
      this.room.exit()
      this.room = null
      this.setData({ pushUrl: '', players: [], state: 'exited' })
    },

    onPusherState (e) {
      this.triggerEvent('statechange', e.detail)
      if (this.room) this.room.onStateChange(e)
    },

    // binderror: 10001 camera or 10002 microphone permission refused, and the like.
    onPusherError (e) {
      const code = Number(e.detail && e.detail.errCode)
      const ex = explain(code)
      this.triggerEvent('error', {
        code: String(code),
        status: 0,
        message: ex ? ex.title.en : 'the pusher reported an error',
        title: ex ? ex.title : null,
        requestId: null
      })
    },

    onPlayerState (e) {
      this.triggerEvent('playerstatechange', { id: e.currentTarget && e.currentTarget.dataset ? e.currentTarget.dataset.id : '', code: e.detail && e.detail.code })
    },

    _hasRoom () {
      return this.data.roomId > 0 || this.data.strRoomId !== ''
    },

    _restart () {
      const was = this.room
      if (was) was.exit()
      this.room = null
      this.setData({ pushUrl: '', players: [] })
      if (this.data.autoEnter && this._hasRoom()) this.enter()
    },

    _makeRoom () {
      const d = this.data
      const client = this._client || createClient({
        baseUrl: d.baseUrl || undefined,
        auth: d.auth || 'wechat-code',
        cloudFunctions: d.cloudFunctions || undefined,
        timeout: d.timeout
      })
      const options = { flow: d.flow, scene: d.scene, privileges: d.privileges, userId: d.userId }
      if (d.strRoomId) options.strRoomId = d.strRoomId
      else options.roomId = d.roomId
      const room = new Room(client, options)
      room.on('pushUrl', (url) => this._setPushUrl(url))
      room.on('players', (players) => {
        this.setData({ players })
        this.triggerEvent('players', { players })
      })
      room.on('joined', () => {
        this.setData({ state: room.state })
        this.triggerEvent('joined', {})
      })
      room.on('userJoin', (u) => this.triggerEvent('userjoin', u))
      room.on('userLeave', (u) => this.triggerEvent('userleave', u))
      room.on('kicked', (k) => {
        this.setData({ pushUrl: '', state: room.state })
        this.triggerEvent('kicked', k)
      })
      room.on('error', (err) => {
        this.setData({ state: room.state })
        if (room.state === 'failed' || room.state === 'background') this.setData({ pushUrl: '' })
        this._error(err)
      })
      this.room = room
      return room
    },

    // _setPushUrl gives the pusher its URL. The same URL again (a re-entry within the second the
    // tickets were signed in) would not restart the pusher, so the pusher is taken out first.
    _setPushUrl (url) {
      const state = this.room ? this.room.state : 'entering'
      if (url === this.data.pushUrl) {
        this.setData({ pushUrl: '' }, () => this.setData({ pushUrl: url, state }))
      } else {
        this.setData({ pushUrl: url, state })
      }
      this.triggerEvent('pushurl', { pushUrl: url })
    },

    _error (err) {
      const ex = explain(err)
      this.triggerEvent('error', {
        code: err.code,
        status: err.status || 0,
        message: err.message,
        title: ex ? ex.title : null,
        requestId: err.requestId || null,
        trtcCode: err.trtcCode,
        accountCode: err.accountCode
      })
    }
  }
})
