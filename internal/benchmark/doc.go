// Package benchmark measures ticketbooth's request path as a user feels it,
// side by side with the 20-line alternative a team would write instead
// (Tencent's Go library behind a net/http handler with encoding/json), in
// the same go test -bench run so that ratios, not absolute times, are read:
//
//   - BenchmarkHandler: the API Handler per route and per auth method (dev,
//     apikey, jwt HS256, jwt RS256 from a local JWKS, wechat-code against a
//     local jscode2session stand-in), the audit line written to a real file,
//     against the alternative handler;
//   - BenchmarkServe: ticketbooth serve (the built binary, apikey auth, audit
//     line to a file) under load from vegeta on loopback, against the
//     alternative served by net/http the same way: throughput, p50, p99;
//   - BenchmarkLambda: each function built as it deploys and run under AWS's
//     Lambda Runtime Interface Emulator, against a hello-world aws-lambda-go
//     function under the same emulator: cold start and warm invoke, with a
//     file: document and with a local Secrets Manager endpoint;
//   - BenchmarkInvoke: the warm invocation without the emulator (the event
//     straight to lambda.NewHandler(…).Invoke), function against hello-world.
//
// The package has no code outside its tests: make bench runs them and
// scripts/benchtable prints the table docs/BENCHMARKS.md shows. Speed is
// measured here, never asserted.
package benchmark
