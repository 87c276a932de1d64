package policy_test

import (
	"errors"
	"fmt"
	"time"

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

	// Check needs no identity: run it before authenticating the caller.
	c, err := p.Check(policy.Request{Kind: tlssig.KindPrivateMapKey, Room: tlssig.StringRoom("class-7")})
	if err != nil {
		panic(err)
	}
	g, err := p.Decide(student, c)
	fmt.Println(g.UserID, g.Privileges, g.TTL, err)

	c, _ = p.Check(policy.Request{Kind: tlssig.KindPrivateMapKey, Room: tlssig.StringRoom("class-7"),
		Privileges: tlssig.PrivAll, PrivilegesSet: true})
	_, err = p.Decide(student, c)
	fmt.Println(errors.Is(err, policy.ErrPrivilegeDenied))

	teacher, _ := tlssig.ParseUserID("teacher-1") // as the request's parser checks it
	c, _ = p.Check(policy.Request{Kind: tlssig.KindUserSig, UserID: teacher})
	_, err = p.Decide(student, c)
	fmt.Println(errors.Is(err, policy.ErrUserMismatch))

	_, err = p.Check(policy.Request{Kind: tlssig.KindUserSig, TTL: 30 * 24 * time.Hour})
	fmt.Println(errors.Is(err, policy.ErrLifetimeTooLong))
	// Output:
	// s1 join,recv-audio,recv-video 5m0s <nil>
	// true
	// true
	// true
}
