// Enter a room, push, watch the others: everything is in <ticketbooth-room>; the page shows what it
// reports. Errors come with TRTC's meaning (explain) in English and Chinese.
const config = require('../../config')

Page({
  data: {
    entered: false,
    roomId: config.roomId,
    privileges: config.privileges,
    baseUrl: config.baseUrl,
    auth: config.auth,
    status: '',
    error: ''
  },

  onRoomInput (e) {
    this.setData({ roomId: Number(e.detail.value) || 0 })
  },

  enter () {
    // <live-pusher> needs the camera and the microphone: ask before entering.
    const ask = (scope) => new Promise((resolve) => wx.authorize({ scope, success: () => resolve(true), fail: () => resolve(false) }))
    Promise.all([ask('scope.camera'), ask('scope.record')]).then(([camera, mic]) => {
      if (!camera || !mic) {
        this.setData({ error: 'Allow the camera and the microphone in the settings (wx.openSetting) / 请在设置中允许使用摄像头和麦克风' })
        return
      }
      this.setData({ entered: true, status: 'entering…', error: '' })
    })
  },

  leave () {
    this.setData({ entered: false, status: '', error: '' }) // detaching the component exits the room
  },

  onJoined () {
    this.setData({ status: 'in the room' })
  },

  onPlayers (e) {
    this.setData({ status: `in the room with ${e.detail.players.length} stream(s)` })
  },

  onKicked () {
    this.setData({ status: 'out of the room (left, removed, or entered elsewhere)' })
  },

  onError (e) {
    const d = e.detail
    const title = d.title ? `${d.title.en} / ${d.title.zh}` : ''
    this.setData({ error: `${d.code}${title ? ': ' + title : ''} — ${d.message}${d.requestId ? ' (request ' + d.requestId + ')' : ''}` })
  }
})
