// Package policy decides which ticket a caller may get: for which user id,
// with which privileges, for which room and for how long.
//
// # Rules
//
// The user id is the caller's identity (package auth). A request naming
// another user is refused, except from callers trusted to name users (dev,
// apikey backends, direct invoke), who must name one. Privileges come from
// role presets (TICKETBOOTH_ROLES, default "anchor=255,audience=42"): a caller
// asking for none gets its role's preset, a caller asking for more than it
// is refused; a caller without a role has TICKETBOOTH_DEFAULT_ROLE
// (audience). Trusted callers without a role may ask for any privileges and
// get the default role's preset when they ask for none; an API key with a
// role is bounded by it. Lifetimes default and are capped per kind
// (TICKETBOOTH_USERSIG_TTL/_MAX 24h/7d, TICKETBOOTH_PRIVATEMAPKEY_TTL/_MAX
// 5m/24h). An identity restricted to rooms (a JWT rooms claim) gets
// PrivateMapKeys only for rooms matching one of its entries exactly or as a
// path.Match pattern ("class-*"); a numeric room matches by its decimal
// text, so "12*" covers rooms 12 and 120–129 and the string room "12x",
// and an entry 7 covers both roomId 7 and strRoomId "7" (two different TRTC
// rooms). Every entry is also a pattern: a literal string room holding
// ?, [ or ] matches more than itself ("room[1]" also covers "room1"); escape
// them with a backslash.
//
// Every caller may use the secret document's default app; another app only
// when the identity may use any (dev, direct invoke: Identity.AnyApp) or its
// credential names it (Identity.Apps: apiKeys[].sdkAppIds, the JWT claim
// jwt.appsClaim, wechat.sdkAppIds). Being trusted to name users is not being
// trusted with every app. A refusal (ErrAppDenied) names no app, and Decide
// refuses before the api looks the app up, so a caller cannot tell an app
// that exists from one that does not.
//
// Check holds the rules that need no identity (lifetime bounds, the room and
// privilege limits); the api runs it before it authenticates the caller, so
// a bad request spends no credential. It returns a Checked request, which is
// what Decide takes: each request is checked and decided once.
//
// Room restrictions and privileges bind only PrivateMapKeys, and TRTC checks
// a PrivateMapKey only for an app with advanced permission control enabled
// in its console; without it a UserSig alone enters any room with every
// privilege.
package policy
