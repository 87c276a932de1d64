'use strict'
// Stand-in for WeChat's native <live-player> under miniprogram-simulate (see live-pusher).
Component({
  properties: { src: String, mode: String, autoplay: Boolean, objectFit: String }
})
