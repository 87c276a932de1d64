'use strict'

// A WeChat cloud-development function that gets TRTC tickets from a ticketbooth deployment
// running elsewhere (AWS, or an SCF outside this CloudBase environment). Deploy it once per route,
// named usersig, privatemapkey and roomurl (the kit's default cloudFunctions), or set
// TICKETBOOTH_ROUTE. Environment: TICKETBOOTH_URL, TICKETBOOTH_API_KEY, and optionally
// TICKETBOOTH_PRIVILEGES (the most any caller gets; default 42, the audience) and
// TICKETBOOTH_TIMEOUT (ms). See README.md.

const cloud = require('wx-server-sdk')
const { handle } = require('./proxy')

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })

exports.main = (event, context) => handle(event, context, { openid: cloud.getWXContext().OPENID })
