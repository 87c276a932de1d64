package faastest_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/faas/faastest"
)

func TestMain(m *testing.M) { faastest.Main(m) }

// fakeFunction speaks the function's side of the Runtime API by hand, as the
// documentation describes it: poll next, answer with the result of answer.
func fakeFunction(t *testing.T, addr string, answer func(event string) (outcome, body string)) {
	base := "http://" + addr + "/2018-06-01/runtime/invocation/"
	for {
		resp, err := http.Get(base + "next")
		if err != nil {
			return // the runtime stopped
		}
		event, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return
		}
		id := resp.Header.Get("Lambda-Runtime-Aws-Request-Id")
		ms, err := strconv.ParseInt(resp.Header.Get("Lambda-Runtime-Deadline-Ms"), 10, 64)
		if id == "" || err != nil || time.UnixMilli(ms).Before(time.Now()) ||
			!strings.HasPrefix(resp.Header.Get("Lambda-Runtime-Invoked-Function-Arn"), "arn:aws:lambda:") {
			t.Errorf("next: headers %v", resp.Header)
		}
		outcome, body := answer(string(event))
		r, err := http.Post(base+id+"/"+outcome, "application/json", strings.NewReader(body))
		if err != nil {
			return
		}
		r.Body.Close()
		if r.StatusCode != http.StatusAccepted {
			t.Errorf("%s: status %d", outcome, r.StatusCode)
		}
	}
}

func TestRuntime(t *testing.T) {
	done := make(chan struct{})
	// Registered before the runtime's own cleanups, so it runs after them:
	// the fake function's poll ends when the runtime stops.
	t.Cleanup(func() { <-done })
	rt := faastest.NewRuntime(t)
	if !strings.HasPrefix(rt.Env(), "AWS_LAMBDA_RUNTIME_API=127.0.0.1:") {
		close(done)
		t.Fatalf("Env() = %q", rt.Env())
	}
	go func() {
		defer close(done)
		fakeFunction(t, rt.Addr, func(event string) (string, string) {
			if event == `"fail"` {
				return "error", `{"errorMessage":"failed","errorType":"Test"}`
			}
			return "response", `{"got":` + event + `}`
		})
	}()

	tests := []struct {
		name, event, want string
		failed            bool
	}{
		{"response", `{"a":1}`, `{"got":{"a":1}}`, false},
		{"error", `"fail"`, `{"errorMessage":"failed","errorType":"Test"}`, true},
		{"response after an error", `[1,2]`, `{"got":[1,2]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			res, err := rt.Do(ctx, []byte(tt.event))
			if err != nil {
				t.Fatal(err)
			}
			if string(res.Payload) != tt.want || res.Error != tt.failed || res.RequestID == "" {
				t.Errorf("got %+v (%s), want %s error=%v", res, res.Payload, tt.want, tt.failed)
			}
		})
	}

	t.Run("unknown request id", func(t *testing.T) {
		r, err := http.Post("http://"+rt.Addr+"/2018-06-01/runtime/invocation/nope/response", "application/json", strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != http.StatusBadRequest {
			t.Errorf("status %d, want 400", r.StatusCode)
		}
	})
}

func TestRuntimeInitError(t *testing.T) {
	rt := faastest.NewRuntime(t)
	r, err := http.Post("http://"+rt.Addr+"/2018-06-01/runtime/init/error", "application/json",
		strings.NewReader(`{"errorMessage":"bad config","errorType":"Runtime.ExitError"}`))
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for range 2 { // the error stays reported
		if _, err := rt.Do(ctx, []byte(`{}`)); err == nil || !strings.Contains(err.Error(), "bad config") {
			t.Errorf("Do = %v, want the init error", err)
		}
	}
}

func TestRuntimeDoTimesOut(t *testing.T) {
	rt := faastest.NewRuntime(t) // no function polls it
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := rt.Do(ctx, []byte(`{}`)); err == nil {
		t.Error("Do without a function succeeded")
	}
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
