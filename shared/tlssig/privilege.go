package tlssig

import (
	"strconv"
	"strings"
)

// Privilege is the privilegeMap of a PrivateMapKey: one bit per right in
// the room (docs/DESIGN.md, "Ticket formats").
type Privilege uint32

// The privilege bits, in TRTC's order.
const (
	PrivCreate    Privilege = 1 << iota // create the room
	PrivJoin                            // enter the room
	PrivSendAudio                       // send audio
	PrivRecvAudio                       // receive audio
	PrivSendVideo                       // send video
	PrivRecvVideo                       // receive video
	PrivSendSub                         // send the sub-stream (screen sharing)
	PrivRecvSub                         // receive the sub-stream
)

const (
	// PrivAll is every right (255).
	PrivAll Privilege = 255
	// PrivAudience is enter + receive audio + receive video (42).
	PrivAudience Privilege = PrivJoin | PrivRecvAudio | PrivRecvVideo
)

// privilegeNames are the names people type, indexed by bit number.
var privilegeNames = [8]string{"create", "join", "send-audio", "recv-audio", "send-video", "recv-video", "send-sub", "recv-sub"}

// ParsePrivilege reads a privilege map written as a number ("255", "42")
// or as comma-separated names ("join,recv-audio,recv-video"). Names are
// case-insensitive and may be surrounded by spaces. The result is never 0
// and never has bits above 255.
func ParsePrivilege(s string) (Privilege, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errorf(ErrInvalidPrivilege, "privileges are empty: want a number 1-255 or names like join,recv-audio")
	}
	if s[0] >= '0' && s[0] <= '9' {
		n, err := strconv.ParseUint(s, 10, 32)
		if err != nil || n == 0 || n > uint64(PrivAll) {
			return 0, errorf(ErrInvalidPrivilege, "privilege map %q must be a number between 1 and 255", s)
		}
		return Privilege(n), nil
	}
	var p Privilege
	for _, name := range strings.Split(s, ",") {
		bit, err := PrivilegeNamed(name)
		if err != nil {
			return 0, err
		}
		p |= bit
	}
	return p, nil
}

// PrivilegeNamed returns the bit one privilege name stands for ("join" is
// PrivJoin), case-insensitive and ignoring surrounding spaces. A number is
// not a name.
func PrivilegeNamed(name string) (Privilege, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	for i, n := range privilegeNames {
		if n == name {
			return 1 << i, nil
		}
	}
	return 0, errorf(ErrInvalidPrivilege, "unknown privilege %q (known: %s)", name, strings.Join(privilegeNames[:], ", "))
}

// Names returns the names of the set bits in bit order; bits above 255
// (which TRTC does not define) are ignored. 0 gives an empty slice.
func (p Privilege) Names() []string {
	names := make([]string, 0, 8)
	for i, n := range privilegeNames {
		if p&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	return names
}

// privilegeStrings are the String of every map within 255, made once: the
// audit line of each PrivateMapKey names its privileges.
var privilegeStrings = func() (t [PrivAll + 1]string) {
	for p := range t {
		t[p] = Privilege(p).names()
	}
	return t
}()

// String returns the names joined by commas, "none" for 0. Bits above 255
// are shown as a number ("join,0x100") so nothing is hidden.
func (p Privilege) String() string {
	if p <= PrivAll {
		return privilegeStrings[p]
	}
	return p.names()
}

func (p Privilege) names() string {
	if p == 0 {
		return "none"
	}
	s := strings.Join(p.Names(), ",")
	if rest := p &^ PrivAll; rest != 0 {
		if s != "" {
			s += ","
		}
		s += "0x" + strconv.FormatUint(uint64(rest), 16)
	}
	return s
}

// validate checks a privilege map before signing.
func (p Privilege) validate() error {
	if p == 0 || p > PrivAll {
		return errorf(ErrInvalidPrivilege, "privilege map %d must be between 1 and 255", uint32(p))
	}
	return nil
}
