// Package docsrun proves that the shell commands of README.md and
// docs/cli.md run as written, in the order given, on a fresh copy of the
// repository. It has no code of its own: its test extracts the documents'
// fenced shell blocks and runs them.
//
// # What runs
//
// A block whose info string is "sh" runs with bash -euo pipefail in the
// copy's root: every command must succeed. Blocks of one document share one
// shell environment (what a block exports, later blocks see) and one working
// tree (what a block creates, later blocks use). The info string's second
// word marks the blocks that do not run:
//
//   - "sh cloud": needs an account or the internet (a TRTC app's real key,
//     AWS, Tencent Cloud, Tencent's servers);
//   - "sh not-in-test": the clone and `make test` that the test itself stands
//     in for (it runs inside `make test`, on a copy of the working tree);
//   - "sh server": a command that serves until Ctrl-C (`make run`). It is
//     started in the background; the blocks after it run once /healthz
//     answers, and at the end the test sends SIGINT to it, as Ctrl-C does,
//     and requires a clean shutdown.
//
// Other languages (json, js, text) are not run. The only change the test
// makes to a command is the local server's address: 127.0.0.1:8080 becomes a
// free port (and make run gets ADDR), so that it runs beside a developer's own
// server. The environment is the test's, minus every TICKETBOOTH_* variable.
// curl, jq, openssl and make must be installed, as the README says.
package docsrun
