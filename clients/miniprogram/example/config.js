// Where the example gets its tickets. Change these, nothing else.
module.exports = {
  // The ticketbooth API. From a phone on your LAN during development: your computer's LAN
  // address, with `TICKETBOOTH_AUTH=wechat-code ticketbooth serve --addr 192.168.1.20:8080` and
  // DevTools' "Do not verify valid domain names" ticked. Released: your HTTPS domain.
  baseUrl: 'http://192.168.1.20:8080',
  // 'wechat-code' (the server exchanges wx.login codes), or 'wechat-cloud' (cloud functions named
  // usersig, privatemapkey, roomurl: clients/cloudfunction, or ticketbooth's own SCF functions).
  auth: 'wechat-code',
  cloudEnv: '',
  roomId: 1234,
  // Empty: the server's role preset (audience by default, which may watch but not push). To push,
  // give the caller a role with send-audio/send-video (TICKETBOOTH_DEFAULT_ROLE=anchor while
  // testing) and ask for them here, e.g. 'join,send-audio,send-video,recv-audio,recv-video'.
  privileges: ''
}
