package policy_test

import "time"

func durationOf(s int64) time.Duration { return time.Duration(s) * time.Second }
