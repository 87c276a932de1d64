package roomurl_test

import (
	"errors"
	"fmt"

	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

func ExampleRTCPush_URL() {
	user, err := tlssig.ParseUserID("小明") // checked once, where it enters the program
	if err != nil {
		fmt.Println(err)
		return
	}
	p := roomurl.RTCPush{
		SDKAppID:      1400000000,
		Room:          tlssig.StringRoom("class 2019#A"),
		UserID:        user,
		UserSig:       "eAEArgBR-3s*",
		PrivateMapKey: "eAEA6wAU-3s_",
		Scene:         roomurl.SceneLive,
	}
	u, err := p.URL()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u)
	// Output:
	// room://cloud.tencent.com/rtc?sdkappid=1400000000&strroomid=class%202019%23A&userid=%E5%B0%8F%E6%98%8E&usersig=eAEArgBR-3s*&appscene=live&privatemapkey=eAEA6wAU-3s_
}

func ExampleNewRoomSigRequest() {
	user, _ := tlssig.ParseUserID("xiaoming")
	req, err := roomurl.NewRoomSigRequest(roomurl.RoomSigInput{
		SDKAppID: 1400000000, UserID: user, UserSig: "USERSIG", Room: tlssig.NumericRoom(12345),
		PrivateMapKey: "KEY", Random: 42,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(req.Method, req.URL)
	fmt.Println(string(req.Data))
	// Output:
	// POST https://official.opensso.tencent-cloud.com/v4/openim/jsonvideoapp?sdkappid=1400000000&identifier=xiaoming&usersig=USERSIG&random=42&contenttype=json
	// {"ReqHead":{"Cmd":1,"SeqNo":1,"BusType":7,"GroupId":12345},"ReqBody":{"PrivMap":255,"PrivMapEncrypt":"KEY","TerminalType":1,"FromType":3,"SdkVersion":26280566}}
}

func ExampleParseRoomSigReply() {
	reply := []byte(`{"ErrorCode":0,"RspHead":{"ErrorCode":0},"RspBody":{"Sig": "s", "Ip": "1.2.3.4"}}`)
	roomSig, err := roomurl.ParseRoomSigReply(reply)
	if err != nil {
		fmt.Println(err)
		return
	}
	user, _ := tlssig.ParseUserID("xiaoming")
	p := roomurl.RoomSigPush{SDKAppID: 1400000000, Room: tlssig.NumericRoom(12345), UserID: user, RoomSig: roomSig}
	u, _ := p.URL()
	fmt.Println(u)

	_, err = roomurl.ParseRoomSigReply([]byte(`{"ErrorCode":0,"RspHead":{"ErrorCode":86}}`))
	fmt.Println(errors.Is(err, roomurl.ErrPrivateMapKeyExpired), err)
	// Output:
	// room://cloud.tencent.com?sdkappid=1400000000&roomid=12345&userid=xiaoming&roomsig=%7B%22Sig%22%3A%22s%22%2C%22Ip%22%3A%221.2.3.4%22%7D
	// true roomurl: privateMapKey has expired (TRTC error 86)
}
