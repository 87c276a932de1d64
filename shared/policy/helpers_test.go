package policy_test

import (
	"time"

	"github.com/ticketbooth/ticketbooth/shared/auth"
	"github.com/ticketbooth/ticketbooth/shared/policy"
)

// decide is the whole decision as the api makes it: Check, then Decide on
// what Check returned.
func decide(p *policy.Policy, id *auth.Identity, req policy.Request) (policy.Grant, error) {
	c, err := p.Check(req)
	if err != nil {
		return policy.Grant{}, err
	}
	return p.Decide(id, c)
}

func durationOf(s int64) time.Duration { return time.Duration(s) * time.Second }
