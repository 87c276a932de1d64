package policy_test

import (
	"errors"
	"fmt"

	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/policy"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

func ExamplePolicy_Decide() {
	env := map[string]string{"TICKETBOOTH_ROLES": "teacher=255,student=join,recv-audio,recv-video", "TICKETBOOTH_DEFAULT_ROLE": "student"}
	p, err := policy.FromEnv(func(k string) string { return env[k] })
	if err != nil {
		panic(err)
	}
	student := &auth.Identity{Method: auth.MethodJWT, Subject: "s1", UserID: "s1", Rooms: []string{"class-*"}}

	g, err := p.Decide(student, policy.Request{Kind: tlssig.KindPrivateMapKey, Room: tlssig.StringRoom("class-7")})
	fmt.Println(g.UserID, g.Privileges, g.TTL, err)

	_, err = p.Decide(student, policy.Request{Kind: tlssig.KindPrivateMapKey, Room: tlssig.StringRoom("class-7"),
		Privileges: tlssig.PrivAll, PrivilegesSet: true})
	fmt.Println(errors.Is(err, policy.ErrPrivilegeDenied))

	_, err = p.Decide(student, policy.Request{Kind: tlssig.KindUserSig, UserID: user("teacher-1")})
	fmt.Println(errors.Is(err, policy.ErrUserMismatch))
	// Output:
	// s1 join,recv-audio,recv-video 5m0s <nil>
	// true
	// true
}
