// Package secrets loads, validates and caches ticketbooth's secret document
// (the TRTC keys, JWT and WeChat settings and API key digests)
// from where TICKETBOOTH_SECRET says it lives.
//
// # Sources
//
//   - env:NAME — an environment variable holding the JSON (both builds);
//   - file:PATH — a file, re-read at each refresh (both builds);
//   - aws-sm:ID[#STAGE] — AWS Secrets Manager through aws-sdk-go-v2's client;
//     STAGE defaults to AWSCURRENT and AWSPENDING is refused (default build
//     only). The client has the standard credential chain (profiles, SSO,
//     roles), except in the Lambda build (-tags lambda.norpc), where it is
//     built from the credentials and region Lambda sets in the environment
//     and the binary does not link aws-sdk-go-v2/config and the SSO, STS and
//     instance-metadata clients it brings (about a fifth of a cold start);
//   - tencent-ssm:NAME[#VERSION] — Tencent Cloud SSM through
//     tencentcloud-sdk-go's common client, credentials from
//     TENCENTCLOUD_SECRETID/_SECRETKEY/_SESSIONTOKEN (what SCF sets for the
//     execution role) or the SDK's provider chain, region from
//     TENCENTCLOUD_REGION, endpoint overridable with TICKETBOOTH_SSM_ENDPOINT;
//     VERSION defaults to SSM_Current (-tags scf only).
//
// An AWS binary links no Tencent SDK and an SCF binary no AWS SDK.
//
// # Validation
//
// Parse refuses a document unless all of it is usable: strict JSON (unknown,
// duplicate or differently-cased keys refused), at least one app and exactly
// one default, sdkAppIds in TRTC's 32-bit range and unique, every app with a
// key that parses, consistent WeChat settings, well-formed API key digests.
// Of the jwt section it checks the shape only: what its fields must say to
// verify a token is package auth's rule (auth.Config.CheckDocument, passed
// in with WithCheck). Errors name field paths (apps[1].secretKey) and never
// values.
// Document, App, JWT, WeChat, APIKey and Snapshot redact themselves under
// fmt and slog.
//
// # Caching and failure
//
// Open returns a Cache (a Provider) that starts the first fetch at once, in
// the background, reuses a document for the TTL (TICKETBOOTH_SECRET_TTL,
// 5m), refreshes it in the background with jitter, one fetch at a time,
// backs off exponentially after failures, and keeps serving the last good
// document for up to the maximum staleness (TICKETBOOTH_SECRET_MAX_STALE,
// 1h) while refreshes fail, logging why without the value. A fetched
// document replaces the current one only if Parse and the WithCheck checks accept it whole; the one
// it replaces stays in Snapshot.Previous for verification only. With no
// usable document Get fails with ErrUnavailable and RetryAfter gives the
// Retry-After for the 503.
//
// The wire protocols are the SDKs'; this package writes by hand only the
// cache (no library combines singleflight, stale serving and validation
// before replacement) and the strict key check in front of encoding/json.
package secrets
