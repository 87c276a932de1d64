// Package api is ticketbooth's HTTP API as one net/http Handler: the routes of
// docs/DESIGN.md, strict JSON in and out, one table from error code to HTTP status,
// and one audit log line for every ticket issued or refused.
//
// The same Handler serves the local server (ticketbooth serve), the platform
// adapters of package faas and the tests.
//
// # Request path
//
// Every request gets a request id (the caller's X-Request-Id when it is sane,
// else a random one), echoed in the X-Request-Id response header and on every
// log line: the id travels in the request's context (RequestID), and the
// loggers of New and RequestLogger add it, so the lines of the authenticator
// and the secrets cache that package fromenv builds carry it too. An issuance route then checks the Content-Type (application/json,
// 415 otherwise), reads at most 8 KiB of body (413 beyond), authenticates the
// caller against the current secret document, parses the body strictly (an
// unknown, duplicated or mistyped field, or trailing data, is a 400 naming the
// field), asks the policy what the caller may get, signs with the configured
// algorithm (TICKETBOOTH_ALGORITHM: hmac for v2 tickets, ecdsa for v1) and
// answers. A panic anywhere is recovered here, the one layer that does (the
// functions of package faas serve this Handler): the caller sees 500 "internal error",
// the log gets the detail.
//
// # Decisions
//
//   - privileges may be a list of names (["join","recv-audio"]; a number in
//     the list, ["255"], is a 400 listing the names) or one string
//     ("join,recv-audio" or "42"); privilegeMap is the number. Giving both is a 400.
//   - expire (seconds) on /v1/roomurl applies to both tickets; the reply's
//     expiresAt is the earlier of the two expiry times, and each ticket's own
//     expiry is in userSigExpiresAt and privateMapKeyExpiresAt.
//   - the roomsig flow needs a numeric room (its request names the room
//     in a 32-bit GroupId).
//   - an empty body is not {}: the body must be one JSON object.
//   - a body must be UTF-8 and a string must not hold half a surrogate pair
//     (\ud800 alone): encoding/json would read either as U+FFFD and sign for
//     a user id nobody sent.
//   - a user id outside [A-Za-z0-9_-] is signed (TRTC accepts it)
//     and the answer carries "warnings" saying TRTC recommends only those.
//
// # Reading a body
//
// A body is read once into a typed request (body.go, json.go): encoding/json
// checks the syntax (json.Valid; its error, or the slip a person typing JSON
// makes, is the message), then one walk over the valid JSON notes where each
// top-level member's value lies, refusing a name that is not exactly one of
// the route's members or is given twice, and each value is read from there
// into its typed field: the user id into a tlssig.UserID (checked once, by
// tlssig), rooms into tlssig.Room, privileges into tlssig.Privilege, the
// pusher options checked by roomurl's own rules. Ranges are the owners'
// constants and checks (tlssig.ValidateSDKAppID, MaxLifetimeSeconds, …).
//
// The walk is written by hand, and why: encoding/json matches member names
// case-insensitively, keeps the last of a name given twice and decodes a
// lone surrogate as U+FFFD without a word, so refusing those needs a walk of
// the members anyway (the previous parser did it with json.Decoder.Token,
// then unmarshalled each member again). With the values read in the same
// walk, the Handler's allocations per request fell from 65–107 to 44–67
// (BenchmarkHandler, internal/benchmark; 37–47 with the answers and the
// audit line written by hand, against the 20-line alternative's 53–84).
// Escaped strings are still decoded by encoding/json, and roomSig and
// bizBuf compacted by it.
//
// Signers are built once per secret snapshot and app, so signing a ticket
// parses no key.
package api
