'use strict'
// Generated from codes.json by `npm run codes`; do not edit.
module.exports = {
  "version": 1,
  "about": "TRTC's codes in words, in English and Chinese: the data explain() reads and the README's Troubleshooting table links to. code is the text TRTC reports (a number's decimal text, or roomsig_NN for a jsonvideoapp reply); kind groups the entries.",
  "codes": [
    {
      "code": "-100018",
      "kind": "usersig",
      "title": {
        "en": "UserSig refused",
        "zh": "UserSig 校验失败"
      },
      "cause": {
        "en": "TRTC could not verify the UserSig in the push URL (ERR_SERVER_INFO_ECDH_GET_TINYID). The message usually carries an account code (70001, 70003, 70009, 70013, 70014, 70016, 70020) that says why.",
        "zh": "TRTC 无法校验推流地址里的 UserSig（ERR_SERVER_INFO_ECDH_GET_TINYID）。消息里通常带有账号错误码（70001、70003、70009、70013、70014、70016、70020），说明具体原因。"
      },
      "fix": {
        "en": "Look up the account code in the message. Check the UserSig with `ticketbooth verify --sdkappid N --userid U --kind usersig` using the app's secret key from the TRTC console.",
        "zh": "查看消息中的账号错误码。用 TRTC 控制台中该应用的密钥运行 `ticketbooth verify --sdkappid N --userid U --kind usersig` 检查 UserSig。"
      }
    },
    {
      "code": "70001",
      "kind": "account",
      "title": {
        "en": "UserSig expired",
        "zh": "UserSig 已过期"
      },
      "cause": {
        "en": "The UserSig's lifetime ended before the user entered the room, or the phone's or the server's clock is far off.",
        "zh": "用户进房时 UserSig 的有效期已经结束，或手机、服务器的时钟偏差很大。"
      },
      "fix": {
        "en": "Fetch a fresh URL right before entering (the kit's Room does so on every enter); ask for a longer `expire` if users wait long; check the server's clock against serverTime.",
        "zh": "进房前重新获取地址（本工具包的 Room 每次进房都会重新获取）；如果用户等待较久，请求更长的 `expire`；用 serverTime 核对服务器时钟。"
      }
    },
    {
      "code": "70003",
      "kind": "account",
      "title": {
        "en": "UserSig malformed",
        "zh": "UserSig 格式非法"
      },
      "cause": {
        "en": "The UserSig could not be decoded: it was cut short, altered, or escaped twice on its way into the URL.",
        "zh": "UserSig 无法解码：在拼入地址的过程中被截断、改动，或被重复转义。"
      },
      "fix": {
        "en": "Pass the pushUrl from the server unchanged (do not re-encode it or build it by hand). `ticketbooth decode` on the ticket shows whether it is intact.",
        "zh": "原样使用服务器返回的 pushUrl（不要再次编码或手工拼接）。用 `ticketbooth decode` 检查票据是否完整。"
      }
    },
    {
      "code": "70009",
      "kind": "account",
      "title": {
        "en": "UserSig signed with the wrong key",
        "zh": "UserSig 签名密钥不匹配"
      },
      "cause": {
        "en": "The signature does not match the key TRTC holds for this SDKAppID: the server signs with another app's key, or with `make run`'s generated development key, which no real app has.",
        "zh": "签名与 TRTC 为该 SDKAppID 保存的密钥不符：服务器用了其他应用的密钥，或用了 `make run` 生成的开发密钥（不属于任何真实应用）。"
      },
      "fix": {
        "en": "Put the app's own secret key from the TRTC console into the secret document and restart; `ticketbooth verify` with that key must say valid.",
        "zh": "把 TRTC 控制台中该应用自己的密钥写入密钥文档并重启服务；用该密钥运行 `ticketbooth verify` 应显示 valid。"
      }
    },
    {
      "code": "70013",
      "kind": "account",
      "title": {
        "en": "UserSig for another user",
        "zh": "UserSig 与 UserID 不匹配"
      },
      "cause": {
        "en": "The UserSig was issued for a user id other than the userid in the push URL.",
        "zh": "UserSig 签发时使用的用户 ID 与推流地址中的 userid 不同。"
      },
      "fix": {
        "en": "Use the userSig and the pushUrl from the same answer; do not swap the userid in the URL.",
        "zh": "使用同一次响应中的 userSig 和 pushUrl，不要替换地址中的 userid。"
      }
    },
    {
      "code": "70014",
      "kind": "account",
      "title": {
        "en": "UserSig for another app",
        "zh": "UserSig 与 SDKAppID 不匹配"
      },
      "cause": {
        "en": "The UserSig was issued for an SDKAppID other than the sdkappid in the push URL.",
        "zh": "UserSig 签发时使用的 SDKAppID 与推流地址中的 sdkappid 不同。"
      },
      "fix": {
        "en": "Ask the server for the app you enter (`sdkAppId`), and check the default app in the secret document.",
        "zh": "向服务器请求正在进入的应用（`sdkAppId`），并检查密钥文档中的默认应用。"
      }
    },
    {
      "code": "70016",
      "kind": "account",
      "title": {
        "en": "No key for this app",
        "zh": "应用没有可用密钥"
      },
      "cause": {
        "en": "TRTC holds no verification key for this SDKAppID, so no UserSig can be verified (for an ECDSA app: no public key uploaded).",
        "zh": "TRTC 没有该 SDKAppID 的校验密钥，任何 UserSig 都无法校验（ECDSA 应用：未上传公钥）。"
      },
      "fix": {
        "en": "Open the application in the TRTC console and make sure it has a secret key (or its ECDSA key pair); sign with that key.",
        "zh": "在 TRTC 控制台打开该应用，确认已有密钥（或 ECDSA 密钥对），并用它签名。"
      }
    },
    {
      "code": "70020",
      "kind": "account",
      "title": {
        "en": "SDKAppID not found",
        "zh": "找不到 SDKAppID"
      },
      "cause": {
        "en": "TRTC knows no application with the sdkappid in the URL: a typo, a deleted app, or a made-up development app id.",
        "zh": "TRTC 中没有地址里 sdkappid 对应的应用：输入错误、应用已删除，或是虚构的开发用应用 ID。"
      },
      "fix": {
        "en": "Copy the SDKAppID from the TRTC console into the secret document's `apps` and restart the server.",
        "zh": "从 TRTC 控制台复制 SDKAppID 到密钥文档的 `apps` 中并重启服务。"
      }
    },
    {
      "code": "-100006",
      "kind": "privatemapkey",
      "title": {
        "en": "PrivateMapKey refused",
        "zh": "PrivateMapKey 校验失败"
      },
      "cause": {
        "en": "The app has room permission control on and the PrivateMapKey was missing, expired (5 minutes by default), issued for another room, user or app, or lacks the privilege used, such as an audience key pushing (ERR_SERVER_INFO_PRIVILEGE_FLAG_ERROR).",
        "zh": "应用开启了进房权限控制，而 PrivateMapKey 缺失、已过期（默认 5 分钟）、签发给了其他房间/用户/应用，或缺少所用的权限，例如观众的票据在推流（ERR_SERVER_INFO_PRIVILEGE_FLAG_ERROR）。"
      },
      "fix": {
        "en": "Enter with a fresh URL; give pushing users a role with send-audio and send-video; check the key with `ticketbooth verify --roomid N` and `ticketbooth decode`.",
        "zh": "用新获取的地址进房；给推流用户配置含 send-audio、send-video 的角色；用 `ticketbooth verify --roomid N` 和 `ticketbooth decode` 检查票据。"
      }
    },
    {
      "code": "roomsig_80",
      "kind": "roomsig",
      "title": {
        "en": "roomsig: empty PrivateMapKey",
        "zh": "roomsig：PrivateMapKey 为空"
      },
      "cause": {
        "en": "The roomsig request reached jsonvideoapp without a PrivateMapKey (PrivMapEncrypt).",
        "zh": "发往 jsonvideoapp 的 roomsig 请求没有携带 PrivateMapKey（PrivMapEncrypt）。"
      },
      "fix": {
        "en": "Send the roomSigRequest exactly as /v1/roomurl returned it; it always carries one.",
        "zh": "原样发送 /v1/roomurl 返回的 roomSigRequest，其中总会带有 PrivateMapKey。"
      }
    },
    {
      "code": "roomsig_82",
      "kind": "roomsig",
      "title": {
        "en": "roomsig: bad request parameters",
        "zh": "roomsig：请求参数错误"
      },
      "cause": {
        "en": "jsonvideoapp rejected the request's sdkappid, identifier, usersig or GroupId: wrong, or altered on the way.",
        "zh": "jsonvideoapp 认为请求中的 sdkappid、identifier、usersig 或 GroupId 有误，或在传输中被改动。"
      },
      "fix": {
        "en": "Send the roomSigRequest unchanged; check the UserSig in its url with `ticketbooth verify --kind usersig`.",
        "zh": "不要改动 roomSigRequest；用 `ticketbooth verify --kind usersig` 检查其 url 中的 UserSig。"
      }
    },
    {
      "code": "roomsig_86",
      "kind": "roomsig",
      "title": {
        "en": "roomsig: PrivateMapKey expired",
        "zh": "roomsig：PrivateMapKey 已过期"
      },
      "cause": {
        "en": "The request was sent after the PrivateMapKey's lifetime (5 minutes by default), or the server's clock is wrong.",
        "zh": "请求发出时 PrivateMapKey 已超过有效期（默认 5 分钟），或服务器时钟有误。"
      },
      "fix": {
        "en": "Send the roomSigRequest right after getting it (the kit does); to retry later, ask /v1/roomurl again.",
        "zh": "拿到 roomSigRequest 后立即发送（本工具包即如此）；稍后重试时重新请求 /v1/roomurl。"
      }
    },
    {
      "code": "roomsig_87",
      "kind": "roomsig",
      "title": {
        "en": "roomsig: PrivateMapKey wrong",
        "zh": "roomsig：PrivateMapKey 错误"
      },
      "cause": {
        "en": "The PrivateMapKey was signed for another user, room or app, or with a key TRTC does not hold for this app.",
        "zh": "PrivateMapKey 签发给了其他用户、房间或应用，或所用密钥不是 TRTC 为该应用保存的密钥。"
      },
      "fix": {
        "en": "Check it with `ticketbooth verify --roomid N` against the app's key; the room in the request must be the room entered.",
        "zh": "用应用的密钥运行 `ticketbooth verify --roomid N` 检查；请求中的房间必须是要进入的房间。"
      }
    },
    {
      "code": "roomsig_88",
      "kind": "roomsig",
      "title": {
        "en": "roomsig: no TRTC package",
        "zh": "roomsig：未开通 TRTC 套餐"
      },
      "cause": {
        "en": "The SDKAppID has no TRTC package, bought or trial. The tickets may be fine.",
        "zh": "该 SDKAppID 没有 TRTC 套餐（购买或试用）。票据本身可能没有问题。"
      },
      "fix": {
        "en": "Buy or claim a TRTC package for the app in the TRTC console.",
        "zh": "在 TRTC 控制台为该应用购买或领取 TRTC 套餐。"
      }
    },
    {
      "code": "roomsig_failed",
      "kind": "roomsig",
      "title": {
        "en": "roomsig request failed",
        "zh": "roomsig 请求失败"
      },
      "cause": {
        "en": "jsonvideoapp answered with an error code Tencent does not document, or with a reply that is not a roomsig answer.",
        "zh": "jsonvideoapp 返回了腾讯未公开说明的错误码，或返回内容不是 roomsig 应答。"
      },
      "fix": {
        "en": "Retry with a fresh URL; if it persists, check both tickets with `ticketbooth verify` and the app's state in the TRTC console.",
        "zh": "用新地址重试；若仍失败，用 `ticketbooth verify` 检查两个票据，并在 TRTC 控制台查看应用状态。"
      }
    },
    {
      "code": "-1301",
      "kind": "pusher-error",
      "title": {
        "en": "Camera could not be opened",
        "zh": "打开摄像头失败"
      },
      "cause": {
        "en": "<live-pusher> could not start the camera: the user refused the permission, or another app holds the camera.",
        "zh": "<live-pusher> 无法启动摄像头：用户拒绝了授权，或摄像头被其他应用占用。"
      },
      "fix": {
        "en": "Ask for scope.camera with wx.authorize before entering, and send the user to the settings page when refused.",
        "zh": "进房前用 wx.authorize 申请 scope.camera，被拒绝时引导用户到设置页开启。"
      }
    },
    {
      "code": "-1302",
      "kind": "pusher-error",
      "title": {
        "en": "Microphone could not be opened",
        "zh": "打开麦克风失败"
      },
      "cause": {
        "en": "<live-pusher> could not start the microphone: the user refused the permission, or a call holds it.",
        "zh": "<live-pusher> 无法启动麦克风：用户拒绝了授权，或正被通话占用。"
      },
      "fix": {
        "en": "Ask for scope.record with wx.authorize before entering, and send the user to the settings page when refused.",
        "zh": "进房前用 wx.authorize 申请 scope.record，被拒绝时引导用户到设置页开启。"
      }
    },
    {
      "code": "-1303",
      "kind": "pusher-error",
      "title": {
        "en": "Video encoding failed",
        "zh": "视频编码失败"
      },
      "cause": {
        "en": "The phone's video encoder failed.",
        "zh": "手机的视频编码器出错。"
      },
      "fix": {
        "en": "Enter again; try a lower resolution (mode) on older phones.",
        "zh": "重新进房；在较旧的手机上尝试更低的分辨率（mode）。"
      }
    },
    {
      "code": "-1304",
      "kind": "pusher-error",
      "title": {
        "en": "Audio encoding failed",
        "zh": "音频编码失败"
      },
      "cause": {
        "en": "The phone's audio encoder failed.",
        "zh": "手机的音频编码器出错。"
      },
      "fix": {
        "en": "Enter again; check that no other app is recording.",
        "zh": "重新进房；确认没有其他应用正在录音。"
      }
    },
    {
      "code": "-1307",
      "kind": "pusher-error",
      "title": {
        "en": "Connection lost",
        "zh": "网络连接断开"
      },
      "cause": {
        "en": "The pusher lost the network and its own reconnect attempts all failed.",
        "zh": "推流端断网，且自身的多次重连均未成功。"
      },
      "fix": {
        "en": "Enter again with a fresh URL once the network is back (the kit's Room does so, with a bounded back-off).",
        "zh": "网络恢复后用新地址重新进房（本工具包的 Room 会按有限的退避自动重试）。"
      }
    },
    {
      "code": "-1308",
      "kind": "pusher-error",
      "title": {
        "en": "Screen capture failed",
        "zh": "录屏启动失败"
      },
      "cause": {
        "en": "Screen capture could not start, usually because the user refused it.",
        "zh": "无法开始录屏，通常是用户拒绝了录屏。"
      },
      "fix": {
        "en": "Ask the user to allow screen capture, or push the camera instead.",
        "zh": "请用户允许录屏，或改为推摄像头画面。"
      }
    },
    {
      "code": "1018",
      "kind": "pusher-state",
      "title": {
        "en": "Entered the room",
        "zh": "进房成功"
      },
      "cause": {
        "en": "The pusher joined the room (room protocol).",
        "zh": "推流端已进入房间（ROOM 协议）。"
      },
      "fix": {
        "en": "Nothing to fix.",
        "zh": "无需处理。"
      }
    },
    {
      "code": "1019",
      "kind": "pusher-state",
      "title": {
        "en": "Left the room",
        "zh": "已退出房间"
      },
      "cause": {
        "en": "The pusher is out of the room: it left, or the server removed it (kicked, or another login with the same user id).",
        "zh": "推流端已不在房间内：主动退出，或被服务端移出（被踢，或同一用户 ID 在别处登录）。"
      },
      "fix": {
        "en": "Enter again if the user did not ask to leave; make user ids unique per person.",
        "zh": "如非用户主动退出，可重新进房；确保每人的用户 ID 唯一。"
      }
    },
    {
      "code": "1020",
      "kind": "pusher-state",
      "title": {
        "en": "Room user list",
        "zh": "房间成员列表"
      },
      "cause": {
        "en": "The full list of the others in the room with their play URLs (legacy room protocol).",
        "zh": "房间内其他成员的完整列表及其播放地址（旧版 ROOM 协议）。"
      },
      "fix": {
        "en": "Nothing to fix: one <live-player> per entry.",
        "zh": "无需处理：每个成员对应一个 <live-player>。"
      }
    },
    {
      "code": "1021",
      "kind": "pusher-state",
      "title": {
        "en": "Network changed",
        "zh": "网络类型发生变化"
      },
      "cause": {
        "en": "The phone switched networks (Wi-Fi and mobile data); the room must be entered again.",
        "zh": "手机切换了网络（Wi-Fi 与移动数据），需要重新进房。"
      },
      "fix": {
        "en": "Enter again with a fresh URL (the kit's Room does so).",
        "zh": "用新地址重新进房（本工具包的 Room 会自动处理）。"
      }
    },
    {
      "code": "1022",
      "kind": "pusher-state",
      "title": {
        "en": "Could not enter the room",
        "zh": "进房失败"
      },
      "cause": {
        "en": "Entering the room failed; a following error code usually says why.",
        "zh": "进房失败，随后的错误码通常会说明原因。"
      },
      "fix": {
        "en": "Look at the next error code (-100018, -100006 …).",
        "zh": "查看随后的错误码（-100018、-100006 等）。"
      }
    },
    {
      "code": "1031",
      "kind": "pusher-state",
      "title": {
        "en": "A user joined",
        "zh": "远端用户进房"
      },
      "cause": {
        "en": "Another user entered the room.",
        "zh": "有其他用户进入房间。"
      },
      "fix": {
        "en": "Nothing to fix.",
        "zh": "无需处理。"
      }
    },
    {
      "code": "1032",
      "kind": "pusher-state",
      "title": {
        "en": "A user left",
        "zh": "远端用户退房"
      },
      "cause": {
        "en": "Another user left the room.",
        "zh": "有其他用户离开房间。"
      },
      "fix": {
        "en": "Nothing to fix.",
        "zh": "无需处理。"
      }
    },
    {
      "code": "1033",
      "kind": "pusher-state",
      "title": {
        "en": "A user's video turned on or off",
        "zh": "远端用户视频状态变化"
      },
      "cause": {
        "en": "A remote user's main or aux (screen) video stream started or stopped.",
        "zh": "远端用户的主路或辅路（屏幕分享）视频开始或停止。"
      },
      "fix": {
        "en": "Nothing to fix.",
        "zh": "无需处理。"
      }
    },
    {
      "code": "1034",
      "kind": "pusher-state",
      "title": {
        "en": "A user's audio turned on or off",
        "zh": "远端用户音频状态变化"
      },
      "cause": {
        "en": "A remote user's audio started or stopped.",
        "zh": "远端用户的音频开始或停止。"
      },
      "fix": {
        "en": "Nothing to fix.",
        "zh": "无需处理。"
      }
    },
    {
      "code": "1101",
      "kind": "pusher-state",
      "title": {
        "en": "Poor network",
        "zh": "网络状况不佳"
      },
      "cause": {
        "en": "Upload bandwidth is too low for the current quality.",
        "zh": "上行带宽不足以支撑当前画质。"
      },
      "fix": {
        "en": "Move to a better network, or lower the resolution.",
        "zh": "换到更好的网络，或降低分辨率。"
      }
    },
    {
      "code": "1102",
      "kind": "pusher-state",
      "title": {
        "en": "Reconnecting",
        "zh": "网络断开，正在重连"
      },
      "cause": {
        "en": "The network dropped and the pusher is reconnecting on its own.",
        "zh": "网络断开，推流端正在自动重连。"
      },
      "fix": {
        "en": "Wait; if reconnecting fails, -1307 follows.",
        "zh": "稍候；若重连失败，随后会收到 -1307。"
      }
    },
    {
      "code": "5000",
      "kind": "pusher-state",
      "title": {
        "en": "Mini-program in the background",
        "zh": "小程序被切到后台"
      },
      "cause": {
        "en": "The mini-program was sent to the background and pushing stopped.",
        "zh": "小程序被切到后台，推流已停止。"
      },
      "fix": {
        "en": "Enter again when the page shows (onShow); the kit's Room exits on 5000, as Tencent's components do.",
        "zh": "页面重新显示（onShow）时重新进房；本工具包的 Room 收到 5000 时会退房，与腾讯官方组件一致。"
      }
    },
    {
      "code": "5001",
      "kind": "pusher-state",
      "title": {
        "en": "Interrupted by a call",
        "zh": "被电话打断"
      },
      "cause": {
        "en": "A phone call or another audio/video call interrupted the pusher.",
        "zh": "系统电话或其他音视频通话打断了推流。"
      },
      "fix": {
        "en": "Enter again after the call.",
        "zh": "通话结束后重新进房。"
      }
    },
    {
      "code": "10001",
      "kind": "pusher-error",
      "title": {
        "en": "Camera permission denied",
        "zh": "未授权使用摄像头"
      },
      "cause": {
        "en": "The user has not allowed the mini-program to use the camera (binderror).",
        "zh": "用户未允许小程序使用摄像头（binderror）。"
      },
      "fix": {
        "en": "Ask for scope.camera, and open wx.openSetting when it was refused.",
        "zh": "申请 scope.camera，被拒绝后用 wx.openSetting 引导用户开启。"
      }
    },
    {
      "code": "10002",
      "kind": "pusher-error",
      "title": {
        "en": "Microphone permission denied",
        "zh": "未授权使用麦克风"
      },
      "cause": {
        "en": "The user has not allowed the mini-program to record audio (binderror).",
        "zh": "用户未允许小程序录音（binderror）。"
      },
      "fix": {
        "en": "Ask for scope.record, and open wx.openSetting when it was refused.",
        "zh": "申请 scope.record，被拒绝后用 wx.openSetting 引导用户开启。"
      }
    }
  ]
}
