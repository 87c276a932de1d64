package faastest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/faas/faastest"
)

func TestMain(m *testing.M) { faastest.Main(m) }

func TestLambda(t *testing.T) {
	bin := faastest.Build(t, "./testdata/lambdaecho", "lambda.norpc")
	fn := faastest.StartLambda(t, bin, "FAASTEST_GIVEN=yes")
	tests := []struct {
		name, event, want string
		failed            bool
	}{
		{"response", `{"a":1}`, `{"a":1}`, false},
		{"error", `"fail"`, "failed as asked", true},
		{"response after an error", `[1,2]`, `[1,2]`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := fn.Invoke(t, []byte(tt.event))
			if res.Error != tt.failed || res.RequestID == "" {
				t.Fatalf("got %+v (%s), want error=%v", res, res.Payload, tt.failed)
			}
			if tt.failed {
				var e struct{ ErrorMessage, ErrorType string }
				if err := json.Unmarshal(res.Payload, &e); err != nil || e.ErrorMessage != tt.want || e.ErrorType == "" {
					t.Errorf("error report %s, want errorMessage %q", res.Payload, tt.want)
				}
				return
			}
			var got struct {
				Got         json.RawMessage
				RequestID   string
				HasDeadline bool
				Given       string
			}
			if err := json.Unmarshal(res.Payload, &got); err != nil {
				t.Fatal(err)
			}
			// The emulator hands the function the request id Do gave, a
			// deadline, and the environment the emulator was started with.
			if string(got.Got) != tt.want || got.RequestID != res.RequestID || !got.HasDeadline || got.Given != "yes" {
				t.Errorf("got %s, want the event %s, request id %s, a deadline and FAASTEST_GIVEN", res.Payload, tt.want, res.RequestID)
			}
		})
	}
	if err := fn.Proc.Stop(); err != nil {
		t.Errorf("the emulator did not stop cleanly: %v", err)
	}
	if !strings.Contains(fn.Proc.Output(), "failed as asked") {
		t.Errorf("the function's output is not in the emulator's:\n%s", fn.Proc.Output())
	}
}

func TestLambdaInitError(t *testing.T) {
	fn := faastest.StartLambda(t, faastest.Build(t, "./testdata/lambdaecho", "lambda.norpc"), "FAASTEST_FAIL_INIT=1")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if res, err := fn.Do(ctx, []byte(`{}`)); err == nil {
		t.Errorf("Do = %s, want an error for a function that failed to start", res.Payload)
	}
	// The emulator may relay the function's output after its answer.
	fn.Proc.WaitOutput(t, regexp.MustCompile(`told to fail at start-up`), 30*time.Second)
}

func TestProcess(t *testing.T) {
	bin := faastest.Build(t, "./testdata/child")
	if again := faastest.Build(t, "./testdata/child"); again != bin {
		t.Errorf("second Build = %s, want the cached %s", again, bin)
	}
	t.Setenv("FAASTEST_LEAK", "from the test's environment")
	p := faastest.Start(t, bin, []string{"a", "b"}, "FAASTEST_GIVEN=yes")
	m := p.WaitStdout(t, regexp.MustCompile(`args=(\S*) given="(\w*)" leaked="(.*)"`), 30*time.Second)
	if got := fmt.Sprint(m[1:]); got != "[a,b yes ]" {
		t.Errorf("child saw %s, want [a,b yes ]", got)
	}
	for !strings.Contains(p.Stderr(), "ready") { // its signal handler is set
		select {
		case <-p.Done():
			t.Fatalf("child exited: %s", p.Output())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if err := p.Stop(); err != nil {
		t.Errorf("Stop = %v, want a clean exit", err)
	}
	if err := p.Stop(); err != nil {
		t.Errorf("second Stop = %v", err)
	}
	if !strings.Contains(p.Stdout(), "interrupted") || !strings.Contains(p.Output(), "ready") || strings.Contains(p.Stdout(), "ready") {
		t.Errorf("stdout %q, output %q", p.Stdout(), p.Output())
	}
}

func TestSCF(t *testing.T) {
	fn := faastest.StartSCF(t, faastest.Build(t, "./testdata/scfecho", "scf"))
	if got := string(fn.Invoke(t, []byte(`{"x":[1,"y"]}`))); got != `{"echo":{"x":[1,"y"]}}` {
		t.Errorf("Invoke = %s", got)
	}
	resp, err := fn.Call([]byte(`not json`))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Error == nil {
		t.Errorf("a payload the handler cannot decode answered %s, want an error result", resp.Payload)
	}
}
