package roomurl

// Option is an optional input that only one flow has, named as that flow's push URL spells its
// parameter (Random is the roomsig request's field). This is the one list of which option
// belongs to which flow: the API and the CLI map their own names onto it and refuse an option
// of the other flow.
type Option string

// The rtc flow's options: parameters of room://cloud.tencent.com/rtc?….
const (
	OptionScene              Option = "appscene"
	OptionEncSmall           Option = "encsmall"
	OptionCloudEnv           Option = "cloudenv"
	OptionStreamID           Option = "streamid"
	OptionUserDefineRecordID Option = "userdefinerecordid"
	OptionPureAudioMode      Option = "pureaudiomode"
	OptionRecvMode           Option = "recvmode"
)

// The roomsig flow's options: the roomsig and bizbuf parameters of its push URL, and the random
// number of its request.
const (
	OptionRoomSig Option = "roomsig"
	OptionBizBuf  Option = "bizbuf"
	OptionRandom  Option = "random"
)

// Options lists every option, the rtc flow's first.
var Options = []Option{
	OptionScene, OptionEncSmall, OptionCloudEnv, OptionStreamID, OptionUserDefineRecordID,
	OptionPureAudioMode, OptionRecvMode,
	OptionRoomSig, OptionBizBuf, OptionRandom,
}

// Flow returns the flow o belongs to: FlowRoomSig for roomsig, bizbuf and random, FlowRTC for the
// others (an unknown name is no flow's, "").
func (o Option) Flow() Flow {
	switch o {
	case OptionScene, OptionEncSmall, OptionCloudEnv, OptionStreamID, OptionUserDefineRecordID,
		OptionPureAudioMode, OptionRecvMode:
		return FlowRTC
	case OptionRoomSig, OptionBizBuf, OptionRandom:
		return FlowRoomSig
	}
	return ""
}
