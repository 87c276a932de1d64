// The example's app: nothing to set up for 'wechat-code'. For 'wechat-cloud' (see config.js),
// wx.cloud.init() must run before the first call.
const config = require('./config')

App({
  onLaunch () {
    if (config.auth === 'wechat-cloud') wx.cloud.init({ env: config.cloudEnv || undefined })
  }
})
