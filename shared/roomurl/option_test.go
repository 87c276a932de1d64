package roomurl

import (
	"net/url"
	"strings"
	"testing"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// Every option of the rtc flow is a parameter its push URL writes, and none of the roomsig
// flow's is: the list and the builder cannot drift apart.
func TestOptionsMatchTheRTCURL(t *testing.T) {
	p := RTCPush{
		SDKAppID: 1400000001, Room: tlssig.NumericRoom(1), UserID: testUser, UserSig: "abc", Scene: SceneLive,
		EncSmall: true, CloudEnv: CloudEnvDEV, StreamID: "s", UserDefineRecordID: "r",
		PureAudioMode: PureAudioNoRecording, RecvMode: RecvAudioOnly,
	}
	u, err := p.URL()
	if err != nil {
		t.Fatal(err)
	}
	q, err := url.ParseQuery(u[strings.IndexByte(u, '?')+1:])
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range Options {
		if got, want := q.Has(string(o)), o.Flow() == FlowRTC; got != want {
			t.Errorf("option %s (flow %q): in the rtc URL = %v, want %v", o, o.Flow(), got, want)
		}
	}
	if Option("roomid").Flow() != "" {
		t.Error("a name that is no option has a flow")
	}
}

// The roomsig flow's URL parameters are its options; its request's random is one too.
func TestOptionsMatchTheRoomSigURL(t *testing.T) {
	p := RoomSigPush{SDKAppID: 1400000001, Room: tlssig.NumericRoom(1), UserID: testUser, RoomSig: `{"a":1}`, BizBuf: `{"b":2}`}
	u, err := p.URL()
	if err != nil {
		t.Fatal(err)
	}
	q, err := url.ParseQuery(u[strings.IndexByte(u, '?')+1:])
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range Options {
		want := o.Flow() == FlowRoomSig && o != OptionRandom
		if got := q.Has(string(o)); got != want {
			t.Errorf("option %s (flow %q): in the roomsig URL = %v, want %v", o, o.Flow(), got, want)
		}
	}
	if OptionRandom.Flow() != FlowRoomSig {
		t.Error("random is the roomsig request's")
	}
}

// testUser is a checked user id for the builders.
var testUser, _ = tlssig.ParseUserID("u")
