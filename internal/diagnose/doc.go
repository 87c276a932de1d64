// Package diagnose says what a TRTC ticket says and why TRTC would refuse it, in one wording for
// every place that shows it: the CLI's decode and verify, the CLI's url (a given ticket must fit
// the URL) and the local console's Inspect.
//
// [Describe] is decode's view of a ticket (every field, times as unix seconds). [Verify] is
// verify's check: the ticket decodes, is of the kind asked for, carries a signature of the
// verifier's key for the user and app, has not expired and (for a PrivateMapKey) names the room
// asked for. A refusal is a [*Failure]: the one-line reason verify prints, plus the codes TRTC
// reports for that cause when the client enters the room (-100018 with its 70xxx account code
// for a UserSig, -100006 for a PrivateMapKey, roomsig_86 or roomsig_87 for the seed flow's
// jsonvideoapp reply), which the TRTC code table (package clients/miniprogram) explains.
// [Match] checks a decoded ticket, without a key, against the app, user, kind and room it is
// used with, as TRTC does when a push URL carries it.
//
// The package decides nothing about who may have a ticket and holds no key: callers pass a
// tlssig.Verifier.
package diagnose
