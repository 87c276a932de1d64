// Package tlssig signs and verifies the tickets Tencent TRTC accepts — the
// UserSig (a user's login ticket) and the PrivateMapKey (a user's ticket
// for one room, with privileges) — in the current v2 (HMAC-SHA256) format
// and the legacy v1 (ECDSA-SHA256, P-256) format, interoperable with
// Tencent's official libraries.
//
// It is pure: standard library only, no I/O, no environment, and no hidden
// clock (signers take WithClock, the ...At methods and Verify take the
// time explicitly).
//
// # Formats
//
// A ticket is a JSON document, zlib-compressed, in standard base64 with
// '+', '/' and '=' replaced by '*', '-' and '_'.
//
// v2 documents hold TLS.ver "2.0", TLS.identifier, TLS.sdkappid,
// TLS.expire (seconds), TLS.time (unix seconds), for a PrivateMapKey
// TLS.userbuf, and TLS.sig, the base64 HMAC-SHA256 of
// "TLS.identifier:U\nTLS.sdkappid:N\nTLS.time:T\nTLS.expire:E\n" (plus
// "TLS.userbuf:B\n"), keyed with the console's secret key as text bytes.
//
// v1 documents (the older format; the roomsig flow uses it) hold string
// values: TLS.account_type,
// TLS.identifier, TLS.appid_at_3rd, TLS.sdk_appid, TLS.expire_after,
// TLS.version, TLS.time, [TLS.userbuf], and TLS.sig, an ASN.1 DER ECDSA
// signature over the SHA-256 of the same name:value lines in the order
// appid_at_3rd, account_type, identifier, sdk_appid, time, expire_after
// [, userbuf]. We write TLS.version "201512300000" (as the first TRTC
// mini-program servers did; it is not signed, and Tencent's Go library writes "201610110000").
//
// The PrivateMapKey's userbuf is big-endian: ver u8 (1 when a string room
// follows) · accountLen u16 · account · sdkappid u32 · roomid u32 (0 for a
// string room) · expireAt u32 · privilegeMap u32 · accountType u32 (always
// 0, as in every Tencent library, even when WithAccountType sets the v1
// TLS.account_type) · [roomStrLen u16 · room]. All lengths count UTF-8
// bytes: Tencent's Node and Java libraries count UTF-16 units and produce
// broken tickets for non-ASCII ids; this package does not.
//
// # Limits
//
// Nothing is signed outside TRTC's limits: user id 1–32 bytes of valid
// UTF-8, numeric room 1–4294967295, string room 1–64 bytes of letters,
// digits, space and !#$%&()+-:;<=.>?@[]^_{}|~, (v1 tickets: numeric rooms
// only), privilege map 1–255, lifetime of at least one whole second
// (fractions are dropped) ending by 2106 (expireAt is a u32).
//
// Decode and the verifiers accept what Tencent's libraries sign beyond
// those limits (a longer user id, a string room of other characters, such
// as the official vector "房间一"): TRTC decides about those. They refuse
// only what is malformed or ambiguous.
//
// Verification caps the ticket at MaxTicketLen (16 KiB) before decoding
// and the inflated document at MaxDocumentLen (64 KiB), so a decompression
// bomb costs at most that; it compares MACs with hmac.Equal and never
// panics. A ticket is valid up to and including its expiry second
// (Tencent's rule); a PrivateMapKey also needs its userbuf expireAt not
// passed.
//
// # Written by hand, and why
//
// Two parts that a library would normally do are written here, each small,
// tested against the library and fuzzed; they are what makes verification
// about ten times as fast as Tencent's library:
//
//   - The zlib framing. Signers emit the document as one stored
//     (uncompressed) deflate block, an empty final block and the
//     Adler-32 (hash/adler32): exactly the bytes compress/zlib writes at
//     NoCompression, which is what Tencent's v2 library uses. Our v2
//     tickets are therefore byte-identical to Tencent's for the same
//     second (the tests check it), and signing needs no zlib writer, which
//     costs hundreds of kilobytes each (most of the 827 KB per ticket of
//     Tencent's v1 library) or a pool of them. Verification unframes
//     stored blocks in place and hands anything compressed (Tencent's v1
//     and older v2 tickets) to a pooled compress/zlib reader.
//   - The JSON reader. The document is a flat object of a dozen known
//     fields; a strict reader refuses duplicate, unknown or
//     case-folded fields, invalid UTF-8, lone surrogates, non-integer
//     numbers, leading zeros and trailing data — all of which
//     encoding/json accepts silently, so that two readers could see
//     different tickets — and it allocates nothing. The writer escapes
//     exactly like encoding/json.
//
// Base64 is encoding/base64 (strict) and the checksum hash/adler32. The
// HMAC state is pooled per key (crypto/hmac restores its keyed state on
// Reset instead of rehashing the key), with the buffers a signature
// needs, so a signature costs one allocation, the ticket string, and a
// verification one, the Ticket. docs/BENCHMARKS.md has the numbers.
//
// # Key management
//
// Keys are parsed once and kept in the signer or verifier: the v2 secret
// key is copied on construction; v1 keys come from ParseECDSAPrivateKey
// (PKCS#8 or SEC1 PEM) and ParseECDSAPublicKey (PKIX PEM). Verifiers take
// several keys so a key can be rotated: verify with the new and the old
// key, sign with the new one. Errors never quote a key or a ticket.
//
// # Errors
//
// Every error wraps one sentinel of errors.go (test with errors.Is) and
// says what went wrong in a TRTC user's words: "UserSig expired at …",
// "ticket was issued for user …, not …", "for app …", "signature does not
// match this key", "this is a PrivateMapKey, not a UserSig"
// (Ticket.RequireKind).
package tlssig
