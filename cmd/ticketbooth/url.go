package main

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/ticketbooth/ticketbooth/internal/diagnose"
	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

func init() {
	commands["url"] = command{summary: "build the room:// push URL for <live-pusher> (rtc or roomsig flow)", run: runURL}
}

const urlUsage = `Usage:
  ticketbooth url --sdkappid N --userid U (--roomid N | --strroomid S) [--flow rtc|roomsig]
                  [(--key K | --key-file F | --ecdsa-key PEMFILE) | --usersig T [--privatemapkey T]]
                  [--privileges P] [--expire SECONDS|24h] [--pmk-expire SECONDS|5m] [--at UNIXTIME]
                  [--scene videocall|live] [pusher options] [--roomsig JSON|@FILE|-] [--bizbuf JSON]

The current flow (--flow rtc, the default) prints
  room://cloud.tencent.com/rtc?sdkappid=…&roomid=…&userid=…&usersig=…&appscene=…&privatemapkey=…
with the tickets signed by the key flags (as usersig and privatemapkey do), or given with
--usersig and --privatemapkey (read without a key: each must decode, be of its kind, and be
issued for --sdkappid, --userid and the room). --no-privatemapkey leaves the room ticket out
(rooms without room-permission protection).

The roomsig flow (--flow roomsig, numeric rooms) has two steps, because the client itself must
fetch the roomsig (a server-side fetch picks media routes for the server, not the phone):
  1. without --roomsig it prints the jsonvideoapp request the client must send, as JSON
     {"url":…,"method":"POST","header":…,"data":…} (wx.request takes it as it is);
  2. with --roomsig (the reply's RspBody, or the whole reply; @FILE reads a file, - stdin) it
     prints room://cloud.tencent.com?sdkappid=…&roomid=…&userid=…&roomsig=…[&bizbuf=…].

Exit codes: 0 printed, 1 failed (unreadable key, a given ticket for another app, user, kind or
room, refused or malformed roomsig reply), 2 usage error.
`

func runURL(c *cli, args []string) int {
	const name = "url"
	fs := newFlagSet(name)
	var o urlOptions
	o.register(fs)
	if code, done := parseFlags(c, fs, name, urlUsage, args); done {
		return code
	}
	out, err := o.build(c, fs)
	if err != nil {
		return fail(c, name, err)
	}
	fmt.Fprintln(c.stdout, out)
	return exitOK
}

type urlOptions struct {
	appID         uint64
	userID        string        // --userid as given
	user          tlssig.UserID // userID checked, by build
	room          roomFlags
	flow          string
	keys          keyFlags
	userSig       string
	privateMapKey string
	noMapKey      bool
	privileges    string
	expire        *int64
	pmkExpire     *int64
	at            int64

	scene, cloudEnv, streamID, recordID string
	encSmall                            bool
	pureAudio, recvMode                 int

	roomSig, bizBuf string
	random          optionalUint32
}

// optionalUint32 is a flag that may be left unset; unset, -h shows no "(default …)" for it.
type optionalUint32 struct {
	v   uint32
	set bool
}

func (o *optionalUint32) String() string {
	if o == nil || !o.set {
		return ""
	}
	return strconv.FormatUint(uint64(o.v), 10)
}

func (o *optionalUint32) Set(s string) error {
	v, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return errors.New("must be a whole number between 0 and 4294967295")
	}
	o.v, o.set = uint32(v), true
	return nil
}

func (o *urlOptions) register(fs *flag.FlagSet) {
	fs.Uint64Var(&o.appID, "sdkappid", 0, "the app's `SDKAppID` (required)")
	fs.StringVar(&o.userID, "userid", "", "the `USER` id, 1-"+strconv.Itoa(tlssig.MaxUserIDLen)+" bytes (required)")
	o.room.register(fs)
	fs.StringVar(&o.flow, "flow", "rtc", "`FLOW`: rtc (tickets in the URL) or roomsig (fetch a roomsig first)")
	o.keys.register(fs, false)
	fs.StringVar(&o.userSig, "usersig", "", "use this UserSig `TICKET` instead of signing one")
	fs.StringVar(&o.privateMapKey, "privatemapkey", "", "use this PrivateMapKey `TICKET` instead of signing one")
	fs.BoolVar(&o.noMapKey, "no-privatemapkey", false, "rtc flow: leave the PrivateMapKey out of the URL")
	fs.StringVar(&o.privileges, "privileges", "255", "`PRIVILEGES` of a signed PrivateMapKey: 1-255 or names like join,recv-audio")
	o.expire = lifetimeFlag(fs, "expire", 86400, "lifetime of a signed UserSig in `SECONDS` or a duration (24h, 7d)")
	o.pmkExpire = lifetimeFlag(fs, "pmk-expire", 300, "lifetime of a signed PrivateMapKey in `SECONDS` or a duration (5m, 1h)")
	fs.Int64Var(&o.at, "at", 0, "sign as of `UNIXTIME` instead of now")
	fs.StringVar(&o.scene, "scene", "videocall", "rtc flow: appscene `SCENE`, videocall or live")
	fs.BoolVar(&o.encSmall, "encsmall", false, "rtc flow: also encode a small stream (encsmall=1)")
	fs.StringVar(&o.cloudEnv, "cloudenv", "", "rtc flow: cloudenv `ENV`: PRO, CCC, DEV or UAT")
	fs.StringVar(&o.streamID, "streamid", "", "rtc flow: CDN relay stream `ID` (1-64 of [A-Za-z0-9_-])")
	fs.StringVar(&o.recordID, "record-id", "", "rtc flow: userdefinerecordid `ID` for cloud recording (1-64 of [A-Za-z0-9_-])")
	fs.IntVar(&o.pureAudio, "pure-audio", 0, "pure audio `MODE`: 1 audio only, 2 audio only recorded as mp3 (rtc: pureaudiomode; roomsig: bizbuf)")
	fs.IntVar(&o.recvMode, "recvmode", 0, "rtc flow: `MODE` 1 receive audio and video, 2 audio only, 3 video only, 4 nothing")
	fs.StringVar(&o.roomSig, "roomsig", "", "roomsig flow: the jsonvideoapp reply or its RspBody, as `JSON`, @FILE or - (stdin)")
	fs.StringVar(&o.bizBuf, "bizbuf", "", "roomsig flow: bizbuf `JSON` (default: built from --pure-audio)")
	fs.Var(&o.random, "random", "roomsig flow: the request's random `N`, 0-4294967295 (default: a random number)")
}

func (o *urlOptions) build(c *cli, fs *flag.FlagSet) (string, error) {
	if err := noArgs(fs); err != nil {
		return "", err
	}
	if err := required(fs, "sdkappid", "userid"); err != nil {
		return "", err
	}
	if err := checkAppID(o.appID); err != nil {
		return "", err
	}
	var err error
	if o.user, err = parseUserID(o.userID); err != nil {
		return "", err
	}
	room, err := o.room.room(fs)
	if err != nil {
		return "", err
	}
	flow, err := roomurl.ParseFlow(o.flow)
	if err != nil {
		return "", usagef("--flow must be rtc or roomsig")
	}
	if flow == roomurl.FlowRoomSig {
		return o.roomSigFlow(c, fs, room)
	}
	return o.rtcFlow(c, fs, room)
}

// optionFlags maps the flags that set a push-URL option to it; which flow each option belongs
// to is roomurl's list (roomurl.Option.Flow).
var optionFlags = map[string]roomurl.Option{
	"scene": roomurl.OptionScene, "encsmall": roomurl.OptionEncSmall, "cloudenv": roomurl.OptionCloudEnv,
	"streamid": roomurl.OptionStreamID, "record-id": roomurl.OptionUserDefineRecordID, "recvmode": roomurl.OptionRecvMode,
	"roomsig": roomurl.OptionRoomSig, "bizbuf": roomurl.OptionBizBuf, "random": roomurl.OptionRandom,
}

// rejectFlags refuses a flag given for an option of the other flow.
func rejectFlags(fs *flag.FlagSet, flow roomurl.Flow) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		if o, ok := optionFlags[f.Name]; ok && o.Flow() != flow && err == nil {
			err = usagef("--%s does not apply to the %s flow", f.Name, flow)
		}
	})
	return err
}

func (o *urlOptions) rtcFlow(c *cli, fs *flag.FlagSet, room tlssig.Room) (string, error) {
	if err := rejectFlags(fs, roomurl.FlowRTC); err != nil {
		return "", err
	}
	if o.noMapKey && o.privateMapKey != "" {
		return "", usagef("give --privatemapkey or --no-privatemapkey, not both")
	}
	scene, err := roomurl.ParseScene(o.scene)
	if err != nil {
		return "", usagef("--scene must be videocall or live")
	}
	userSig, mapKey, err := o.tickets(c, room, !o.noMapKey)
	if err != nil {
		return "", err
	}
	p := roomurl.RTCPush{
		SDKAppID: o.appID, Room: room, UserID: o.user, UserSig: userSig, PrivateMapKey: mapKey, Scene: scene,
		EncSmall: o.encSmall, CloudEnv: o.cloudEnv, StreamID: o.streamID, UserDefineRecordID: o.recordID,
		PureAudioMode: roomurl.PureAudioMode(o.pureAudio), RecvMode: roomurl.RecvMode(o.recvMode),
	}
	u, err := p.URL()
	if err != nil {
		return "", urlError(err)
	}
	return u, nil
}

func (o *urlOptions) roomSigFlow(c *cli, fs *flag.FlagSet, room tlssig.Room) (string, error) {
	if err := rejectFlags(fs, roomurl.FlowRoomSig); err != nil {
		return "", err
	}
	if o.noMapKey {
		return "", usagef("the roomsig flow needs a PrivateMapKey: leave out --no-privatemapkey")
	}
	if room.IsString() {
		return "", usagef("the roomsig flow has numeric rooms only: use --roomid")
	}
	if o.roomSig == "" {
		return o.roomSigRequest(c, room)
	}
	if o.random.set {
		return "", usagef("--random goes with the first step (the request), not with --roomsig")
	}
	sig, err := o.readRoomSig(c)
	if err != nil {
		return "", err
	}
	bizBuf := o.bizBuf
	if bizBuf == "" {
		if bizBuf, err = (roomurl.BizBuf{PureAudioPushMode: o.pureAudio}).JSON(); err != nil {
			return "", urlError(err)
		}
	}
	p := roomurl.RoomSigPush{SDKAppID: o.appID, Room: room, UserID: o.user, RoomSig: sig, BizBuf: bizBuf}
	u, err := p.URL()
	if err != nil {
		return "", urlError(err)
	}
	return u, nil
}

func (o *urlOptions) roomSigRequest(c *cli, room tlssig.Room) (string, error) {
	if o.bizBuf != "" || o.pureAudio != 0 {
		return "", usagef("--bizbuf and --pure-audio go with --roomsig (the second step)")
	}
	random := o.random.v
	if !o.random.set {
		var b [4]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", fmt.Errorf("random: %w", err)
		}
		random = binary.BigEndian.Uint32(b[:])
	}
	userSig, mapKey, err := o.tickets(c, room, true)
	if err != nil {
		return "", err
	}
	req, err := roomurl.NewRoomSigRequest(roomurl.RoomSigInput{
		SDKAppID: o.appID, UserID: o.user, UserSig: userSig, Room: room, PrivateMapKey: mapKey, Random: random,
	})
	if err != nil {
		return "", urlError(err)
	}
	var out strings.Builder
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false) // the URL's "&" stays readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(req); err != nil {
		return "", err
	}
	return strings.TrimSuffix(out.String(), "\n"), nil
}

// readRoomSig reads --roomsig: JSON text, @FILE or - (stdin). A whole jsonvideoapp reply (with
// RspHead) is checked for Tencent's error codes and its RspBody taken.
func (o *urlOptions) readRoomSig(c *cli) (string, error) {
	text := o.roomSig
	switch {
	case text == "-":
		b, err := readCapped(c.stdin, "stdin")
		if err != nil {
			return "", err
		}
		if len(bytes.TrimSpace(b)) == 0 {
			return "", usagef("--roomsig -: stdin is empty: pipe the jsonvideoapp reply in (did the request before it fail? curl -fsS says why)")
		}
		text = string(b)
	case strings.HasPrefix(text, "@"):
		b, err := readFile(text[1:])
		if err != nil {
			return "", fmt.Errorf("--roomsig: %w", err)
		}
		text = string(b)
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal([]byte(text), &probe); err != nil {
		return "", usagef("--roomsig must be a JSON object (the reply's RspBody, or the whole reply)")
	}
	_, hasHead := probe["RspHead"]
	_, hasCode := probe["ErrorCode"]
	if hasHead || hasCode {
		// A refused or malformed reply is a failure of the request, not of the command line.
		return roomurl.ParseRoomSigReply([]byte(text))
	}
	return text, nil
}

// tickets returns the UserSig and (when wantMapKey) the PrivateMapKey: the given ones, or signed.
func (o *urlOptions) tickets(c *cli, room tlssig.Room, wantMapKey bool) (userSig, mapKey string, err error) {
	userSig, mapKey = o.userSig, o.privateMapKey
	if !wantMapKey {
		mapKey = ""
	}
	needSig := userSig == ""
	needMap := wantMapKey && mapKey == ""
	if !needSig {
		if err := o.checkGiven("--usersig", userSig, tlssig.KindUserSig, room); err != nil {
			return "", "", err
		}
	}
	if wantMapKey && !needMap {
		if err := o.checkGiven("--privatemapkey", mapKey, tlssig.KindPrivateMapKey, room); err != nil {
			return "", "", err
		}
	}
	if !needSig && !needMap {
		return userSig, mapKey, nil
	}
	ttl, err := lifetime("expire", *o.expire)
	if err != nil {
		return "", "", err
	}
	pmkTTL, err := lifetime("pmk-expire", *o.pmkExpire)
	if err != nil {
		return "", "", err
	}
	privs, err := tlssig.ParsePrivilege(o.privileges)
	if err != nil {
		return "", "", signingError(err)
	}
	now, err := instant(c, o.at)
	if err != nil {
		return "", "", err
	}
	if room.IsString() && needMap && o.keys.ecdsaKey != "" {
		return "", "", usagef("v1 (ECDSA) PrivateMapKeys have numeric rooms only: use --roomid")
	}
	s, err := o.keys.signer(c, o.appID)
	if err != nil {
		return "", "", err
	}
	if needSig {
		if userSig, err = s.UserSigAt(o.user.String(), now, ttl); err != nil {
			return "", "", signingError(err)
		}
	}
	if needMap {
		if mapKey, err = s.PrivateMapKeyAt(o.user.String(), room, privs, now, pmkTTL); err != nil {
			return "", "", signingError(err)
		}
	}
	return userSig, mapKey, nil
}

// checkGiven refuses a ticket given on the command line that TRTC would
// refuse in this URL: one that does not decode, or that was issued for
// another app, user, kind or room. It reads the ticket without a key, so it
// cannot tell a forged signature (verify does, with the key).
func (o *urlOptions) checkGiven(flagName, ticket string, kind tlssig.Kind, room tlssig.Room) error {
	t, err := tlssig.Decode(ticket)
	if err != nil {
		return fmt.Errorf("%s: %s", flagName, diagnose.Plain(err))
	}
	m := diagnose.Match(t, kind, o.appID, o.user, room)
	switch {
	case m == nil:
		return nil
	case m.What == diagnose.WhatKind:
		return fmt.Errorf("%s is a %s, not a %s", flagName, m.Got, m.Want)
	case m.What == diagnose.WhatApp:
		return fmt.Errorf("%s was issued for app %s, not --sdkappid %s", flagName, m.Got, m.Want)
	case m.What == diagnose.WhatUser:
		return fmt.Errorf("%s was issued for user %s, not --userid %s", flagName, m.Got, m.Want)
	}
	return fmt.Errorf("%s was issued for room %s, not %s", flagName, m.Got, m.Want)
}

// urlError makes roomurl's input errors usage errors: they come from flags.
func urlError(err error) error {
	for _, s := range []error{roomurl.ErrInvalidScene, roomurl.ErrInvalidCloudEnv, roomurl.ErrInvalidStreamID,
		roomurl.ErrInvalidPureAudioMode, roomurl.ErrInvalidRecvMode, roomurl.ErrInvalidTicket, roomurl.ErrInvalidBizBuf,
		roomurl.ErrInvalidRoomSig, tlssig.ErrInvalidRoom, tlssig.ErrInvalidUserID, tlssig.ErrInvalidSDKAppID} {
		if errors.Is(err, s) {
			return &usageError{msg: err.Error()}
		}
	}
	return err
}
