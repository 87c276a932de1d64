'use strict'

// ticketbooth-miniprogram: enter a Tencent TRTC room from a WeChat mini-program with tickets from
// a ticketbooth deployment. See README.md.

const { createClient } = require('./lib/client')
const { Room } = require('./lib/room')
const { TicketboothError } = require('./lib/errors')
const { explain } = require('./lib/explain')

module.exports = { createClient, Room, TicketboothError, explain }
