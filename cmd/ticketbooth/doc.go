// Command ticketbooth signs and checks Tencent TRTC tickets (UserSig, PrivateMapKey), builds the
// room:// URLs a WeChat <live-pusher> needs, and runs the HTTP API locally.
//
//	ticketbooth usersig       --sdkappid N --userid U [--expire SECONDS] (--key K | --key-file F | --ecdsa-key PEMFILE)
//	ticketbooth privatemapkey --sdkappid N --userid U (--roomid N | --strroomid S) [--privileges P] …
//	ticketbooth decode        [TICKET | -]
//	ticketbooth verify        --sdkappid N --userid U (--key K | --key-file F | --ecdsa-pub PEMFILE) [--kind K] [--roomid N | --strroomid S] [--at UNIXTIME] [TICKET | -]
//	ticketbooth url           … (room URLs of the rtc and roomsig flows)
//	ticketbooth serve         [--addr 127.0.0.1:8080]
//
// Every command has -h. Exit codes: 0 done (verify: valid), 1 failed (verify: not valid, with a
// one-line reason on stderr), 2 usage error. The key may also come from $TICKETBOOTH_KEY; no
// command prints a key. docs/cli.md has examples of each.
//
// Commands live in a table (main.go) that each command's file fills from its own init(), so a
// command is added without touching the others.
package main
