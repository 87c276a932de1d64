'use strict'

// TicketboothError is the one error the kit rejects with. code is the server's error.code
// ("privilege_denied", …), or the kit's own: "network", "timeout", "bad_response",
// "login_failed", "auth_failed", "roomsig_80" … "roomsig_88", "roomsig_failed"; a Room's
// 'error' events use TRTC's code as text ("-1301", "-100018"). status is the HTTP status, 0 when
// there is none. Messages never carry a ticket, a key, a wx.login code or a session_key: they are
// built from fixed text and the server's own error message (which holds none either), and the
// failure that caused one is not kept on it (a wx.request failure may quote a URL whose query
// holds a usersig).
class TicketboothError extends Error {
  constructor (code, message, { status = 0, requestId = null, trtcCode, accountCode } = {}) {
    super(message)
    this.name = 'TicketboothError'
    this.code = String(code)
    this.status = status
    this.requestId = requestId
    if (trtcCode !== undefined) this.trtcCode = trtcCode
    if (accountCode !== undefined) this.accountCode = accountCode
  }

  toJSON () {
    const o = { name: this.name, code: this.code, status: this.status, message: this.message, requestId: this.requestId }
    if (this.trtcCode !== undefined) o.trtcCode = this.trtcCode
    if (this.accountCode !== undefined) o.accountCode = this.accountCode
    return o
  }
}

module.exports = { TicketboothError }
