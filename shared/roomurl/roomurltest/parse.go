// Package roomurltest gives the tests that read push URLs the parser under its test-oracle name:
// the parser itself is roomurl.ParsePushURL, since the local console reads the URLs developers
// paste into it.
package roomurltest

import "github.com/ticketbooth/ticketbooth/shared/roomurl"

// ErrMalformedURL: the text is not a room:// push URL of either flow.
var ErrMalformedURL = roomurl.ErrMalformedURL

// PushURL is a parsed push URL of either flow (roomurl.PushURL).
type PushURL = roomurl.PushURL

// ParsePushURL is roomurl.ParsePushURL.
func ParsePushURL(s string) (*PushURL, error) { return roomurl.ParsePushURL(s) }
