'use strict'
// Stand-in for WeChat's native <live-pusher> under miniprogram-simulate, which renders no native
// media tags: it keeps the attributes the component sets, and the test makes it report events.
Component({
  properties: {
    url: String, mode: String, autopush: Boolean, enableCamera: Boolean, enableMic: Boolean,
    muted: Boolean, devicePosition: String, beauty: Number
  },
  methods: {
    report (code, message) { this.triggerEvent('statechange', { code, message }) },
    fail (errCode, errMsg) { this.triggerEvent('error', { errCode, errMsg }) }
  }
})
