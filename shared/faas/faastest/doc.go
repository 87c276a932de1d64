// Package faastest runs built function binaries the way each cloud runs them,
// for end-to-end tests: it builds a main package for a platform's build tag
// (once per test binary), starts the result as a child process with only the
// environment the test gives it and captures its output, and talks to it
// through the platform's own protocol, all on 127.0.0.1.
//
//   - AWS Lambda: StartLambda runs the function under AWS's own Lambda
//     Runtime Interface Emulator (aws-lambda-rie, pinned by EmulatorVersion
//     and built from the Go module proxy), which starts it as its bootstrap,
//     serves it the Runtime API and takes invocations on its own endpoint.
//   - Tencent SCF: SCF starts a Go function with _LAMBDA_SERVER_PORT and calls
//     Function.Ping and Function.Invoke over net/rpc with scf-go-lib's message
//     types; SCF does the same.
//
// Every process, server and connection started here is stopped by
// t.Cleanup. Use TestMain with Main to share built binaries across a
// package's tests; without it each test builds its own into t.TempDir.
//
// Only SCF's wire protocol is written here: SCF's runtime is not public, and
// the protocol is small. It uses scf-go-lib's messages types, so it cannot
// drift from what the library decodes. Nothing of Lambda's is home-made: no
// test needs a failure the emulator cannot produce (a function that fails
// to start, reports an error or crashes is run as such under it).
package faastest
