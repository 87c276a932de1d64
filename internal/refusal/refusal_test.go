package refusal_test

import (
	"errors"
	"testing"

	"github.com/ticketbooth/ticketbooth/internal/refusal"
)

var errDenied = errors.New("policy: denied")

func TestNew(t *testing.T) {
	err := refusal.New(errDenied, "ask for at most %s", "join")
	if !errors.Is(err, errDenied) {
		t.Errorf("errors.Is(%v, errDenied) = false", err)
	}
	var r *refusal.Error
	if !errors.As(err, &r) {
		t.Fatalf("errors.As(%v, *refusal.Error) = false", err)
	}
	if got, want := r.Reason(), "ask for at most join"; got != want {
		t.Errorf("Reason() = %q, want %q", got, want)
	}
	if got, want := err.Error(), "ask for at most join: policy: denied"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
