// Package faastest runs built function binaries the way each cloud runs them,
// for end-to-end tests: it builds a main package for a platform's build tag
// (once per test binary), starts the result as a child process with only the
// environment the test gives it and captures its output, and talks to it
// through the platform's own protocol, all on 127.0.0.1.
//
//   - AWS Lambda: Runtime is a local Lambda Runtime API (the
//     /2018-06-01/runtime endpoints aws-lambda-go polls through
//     AWS_LAMBDA_RUNTIME_API). It hands each queued event to the function's
//     next poll and collects what the function posts back to
//     …/response or …/error, and records an init error.
//   - Tencent SCF: SCF starts a Go function with _LAMBDA_SERVER_PORT and calls
//     Function.Ping and Function.Invoke over net/rpc with scf-go-lib's message
//     types; SCF does the same.
//
// Every process, server and connection started here is stopped by
// t.Cleanup. Use TestMain with Main to share built binaries across a
// package's tests; without it each test builds its own into t.TempDir.
//
// Only the platforms' wire protocols are written here: neither cloud ships a
// local runtime as a Go library (AWS's Runtime Interface Emulator is a
// separate program, and SCF's runtime is not public), and both protocols are
// small. The SCF side uses scf-go-lib's messages types, so it cannot drift
// from what the library decodes.
package faastest
