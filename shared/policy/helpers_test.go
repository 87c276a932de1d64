package policy_test

import (
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

func durationOf(s int64) time.Duration { return time.Duration(s) * time.Second }

// user is u as a checked user id; the zero UserID when u is invalid (no
// request can carry one: the body parser checks it).
func user(u string) tlssig.UserID {
	id, _ := tlssig.ParseUserID(u)
	return id
}
