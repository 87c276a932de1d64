package tlssig_test

import (
	"errors"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// TestErrorShape holds the one shape of the package's errors: an *Error whose Kind is the
// sentinel, whose Reason is the text without the package name (what the CLI and the console
// show) and whose Error is that text after "tlssig: ".
func TestErrorShape(t *testing.T) {
	s, err := tlssig.NewHMACSigner(1400000000, "0123456789abcdef0123456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	issued := time.Unix(1_700_000_000, 0)
	ticket, err := s.UserSigAt("alice", issued, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	v, err := tlssig.NewHMACVerifier(1400000000, "0123456789abcdef0123456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	_, err = v.Verify(ticket, "alice", issued.Add(2*time.Minute))
	var te *tlssig.Error
	if !errors.As(err, &te) {
		t.Fatalf("Verify error %v (%T) is not a *tlssig.Error", err, err)
	}
	if te.Kind != tlssig.ErrExpired || !errors.Is(err, tlssig.ErrExpired) {
		t.Errorf("Kind = %v, want ErrExpired", te.Kind)
	}
	if want := te.Detail + ": ticket expired"; te.Reason() != want {
		t.Errorf("Reason = %q, want %q", te.Reason(), want)
	}
	if want := "tlssig: " + te.Reason(); err.Error() != want {
		t.Errorf("Error = %q, want %q", err.Error(), want)
	}
	if te.Detail == "" {
		t.Error("Detail is empty")
	}
	_, err = tlssig.ParseUserID("")
	if !errors.As(err, &te) || te.Kind != tlssig.ErrInvalidUserID {
		t.Errorf("ParseUserID(\"\") = %v, want an *Error of kind ErrInvalidUserID", err)
	}
}
