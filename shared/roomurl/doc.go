// Package roomurl builds the room:// URLs a WeChat mini-program's <live-pusher> needs to enter a
// Tencent TRTC room, and describes and reads the roomsig request of the roomsig flow.
//
// # The two flows
//
// The rtc flow (the current one, HMAC-SHA256 tickets): the push URL carries the tickets directly, so the server
// can assemble it whole with [RTCPush.URL]:
//
//	room://cloud.tencent.com/rtc?sdkappid=…&roomid=…&userid=…&usersig=…&appscene=videocall&privatemapkey=…
//
// (strroomid instead of roomid for a string room; optional encsmall, cloudenv, streamid,
// userdefinerecordid, pureaudiomode and recvmode). [ParsePushURL] reads a URL of either flow
// back, validated as the builders validate: the local console shows what a pasted URL says.
//
// The roomsig flow (the older one, of the WeChat 6.6.6 era and ECDSA-SHA256 tickets) has one
// more step. After the server has
// signed the UserSig and the PrivateMapKey, the client POSTs them to Tencent's jsonvideoapp
// endpoint ([NewRoomSigRequest] describes that request: URL, method and JSON body), reads the
// reply ([ParseRoomSigReply] turns its RspBody into the roomsig, and its error codes 80, 82, 86,
// 87 and 88 into sentinel errors) and builds the push URL from the roomsig with [RoomSigPush.URL]:
//
//	room://cloud.tencent.com?sdkappid=…&roomid=…&userid=…&roomsig=<URL-encoded compact JSON>[&bizbuf=…]
//
// # Why the client fetches the roomsig
//
// The jsonvideoapp endpoint chooses the media access points for the caller's network from the
// address the request comes from. A roomsig fetched by a server describes routes for the server's
// data centre, not for the phone that will push, and the call then connects badly or not at all.
// So the server only ever describes the request ([RoomSigRequest]); the mini-program sends it
// itself (wx.request) and gives the reply's RspBody back to whoever assembles the URL.
//
// # Encoding
//
// Query values are percent-encoded as JavaScript's encodeURIComponent does (the form the
// mini-program samples use), so tickets, whose alphabet is letters, digits and "*-_", appear
// verbatim, while non-ASCII user ids and string rooms with spaces or symbols are escaped.
// Package roomurltest reads the URLs back, for tests: no production code needs to.
//
// # Limits
//
// Apps and rooms are checked by the signing core's rules (tlssig.ValidateSDKAppID,
// ValidateRoom) and tickets by its encoding check (tlssig.CheckEncoding), so a TRTC limit lives
// in one place; rooms are tlssig.Room values. Users are tlssig.UserID values, checked once where
// they enter the program (tlssig.ParseUserID; ParsePushURL does it for a URL's userid), so
// roomurl refuses only a missing one. Only what is particular to the
// URLs (scene, pusher options, stream ids, roomsig and bizbuf) is checked here. Apart from
// tlssig, which is itself standard library only, the package uses the standard library.
package roomurl
