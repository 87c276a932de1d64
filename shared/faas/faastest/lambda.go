package faastest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The Lambda Runtime Interface Emulator the Lambda tests run functions under:
// AWS's own (https://github.com/aws/aws-lambda-runtime-interface-emulator),
// built from the Go module proxy at this version with its own go.mod. The
// Makefile builds the same into bin/ and names it in FAASTEST_RIE.
const (
	EmulatorPackage = "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie"
	EmulatorVersion = "v0.0.0-20261030222936-bef5c4ba774d"
)

// emulator is the emulator binary, found or built once per test binary.
var emulator struct {
	once sync.Once
	path string
	err  error
}

// Emulator returns the path of aws-lambda-rie: $FAASTEST_RIE when set (it
// must be EmulatorVersion), else one built with go install into the build
// cache of Main (or a temporary directory). In -short mode the test is skipped.
func Emulator(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs AWS's Lambda Runtime Interface Emulator")
	}
	emulator.once.Do(func() {
		if p := os.Getenv("FAASTEST_RIE"); p != "" {
			emulator.path, emulator.err = p, checkEmulator(p)
			return
		}
		builds.mu.Lock()
		dir := builds.dir
		builds.mu.Unlock()
		if dir == "" {
			var err error
			if dir, err = os.MkdirTemp("", "faastest-rie-"); err != nil {
				emulator.err = err
				return
			}
		}
		cmd := exec.Command("go", "install", EmulatorPackage+"@"+EmulatorVersion)
		cmd.Env = append(os.Environ(), "GOBIN="+dir, "CGO_ENABLED=0", "GOFLAGS=-trimpath")
		if out, err := cmd.CombinedOutput(); err != nil {
			emulator.err = fmt.Errorf("go install %s@%s: %v\n%s", EmulatorPackage, EmulatorVersion, err, out)
			return
		}
		emulator.path = filepath.Join(dir, "aws-lambda-rie")
	})
	if emulator.err != nil {
		t.Fatal(emulator.err)
	}
	return emulator.path
}

// checkEmulator makes sure bin is the pinned emulator, so a stale bin/ cannot
// test against another version than the one named here.
func checkEmulator(bin string) error {
	out, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		return fmt.Errorf("FAASTEST_RIE=%s: go version -m: %v", bin, err)
	}
	for line := range strings.SplitSeq(string(out), "\n") {
		if f := strings.Fields(line); len(f) >= 3 && f[0] == "mod" && f[1] == "github.com/aws/aws-lambda-runtime-interface-emulator" {
			if f[2] != EmulatorVersion {
				return fmt.Errorf("FAASTEST_RIE=%s is the emulator at %s, want %s: rebuild it (make bin/aws-lambda-rie)", bin, f[2], EmulatorVersion)
			}
			return nil
		}
	}
	return fmt.Errorf("FAASTEST_RIE=%s is not aws-lambda-rie", bin)
}

// Lambda is a function binary (built with -tags lambda.norpc) running under
// AWS's Lambda Runtime Interface Emulator, which starts it as its bootstrap
// on the first invocation, serves it the Runtime API and forwards its output.
type Lambda struct {
	// Proc is the emulator; its output holds the function's.
	Proc *Process
	// Addr is host:port of the emulator's invoke endpoint.
	Addr string

	client http.Client
	seq    atomic.Int64
}

// Result is what the function answered to one invocation.
type Result struct {
	RequestID string
	// Payload is the function's response, or its error report (JSON with
	// errorMessage and errorType) when Error is true.
	Payload []byte
	// Error is true when the function reported an error. The emulator
	// answers those 200 as it does a response, so Error is read off the
	// payload: an object of errorMessage and errorType (and stackTrace).
	Error bool
}

// StartLambda starts the emulator with bin as its bootstrap, both on free
// 127.0.0.1 ports, with env (which the emulator passes on to the function)
// and stops both at the end of the test. The function itself starts on the
// first invocation, as in Lambda.
func StartLambda(t testing.TB, bin string, env ...string) *Lambda {
	t.Helper()
	rie := Emulator(t)
	var lastErr error
	for range 3 { // a free port taken by someone else between pick and bind
		addrs, err := freeAddrs(2)
		if err != nil {
			t.Fatal(err)
		}
		l := &Lambda{Addr: addrs[0], client: http.Client{Transport: &http.Transport{}}}
		l.Proc = Start(t, rie, []string{
			"--runtime-interface-emulator-address", addrs[0],
			"--runtime-api-address", addrs[1],
			"--log-level", "info", bin}, env...)
		if lastErr = l.waitListening(30 * time.Second); lastErr == nil {
			t.Cleanup(l.client.CloseIdleConnections)
			return l
		}
		_ = l.Proc.Stop()
	}
	t.Fatalf("the emulator did not start: %v", lastErr)
	return nil
}

// freeAddrs returns n distinct free 127.0.0.1 ports.
func freeAddrs(n int) ([]string, error) {
	var addrs []string
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer l.Close()
		addrs = append(addrs, l.Addr().String())
	}
	return addrs, nil
}

// waitListening waits until the emulator accepts connections on Addr.
func (l *Lambda) waitListening(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		c, err := net.DialTimeout("tcp", l.Addr, time.Second)
		if err == nil {
			return c.Close()
		}
		select {
		case <-l.Proc.Done():
			return fmt.Errorf("the emulator exited (%v); its output:\n%s", l.Proc.err, l.Proc.Output())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the emulator never listened on %s: %v; its output:\n%s", l.Addr, err, l.Proc.Output())
		}
	}
}

// Do runs one invocation through the emulator's invoke endpoint and returns
// the function's answer. A function that failed to start, or crashed, is an
// error (the emulator answers 502). The emulator runs one invocation at a
// time, as Lambda runs one per execution environment: do not call Do
// concurrently on one Lambda.
func (l *Lambda) Do(ctx context.Context, event []byte) (Result, error) {
	id := fmt.Sprintf("00000000-0000-4000-8000-%012d", l.seq.Add(1))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+l.Addr+"/2015-03-31/functions/function/invocations", bytes.NewReader(event))
	if err != nil {
		return Result{}, err
	}
	req.Header.Set("X-Amzn-RequestId", id)
	resp, err := l.client.Do(req)
	if err != nil {
		return Result{}, fmt.Errorf("invoke %s: %w", id, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 7<<20))
	if err != nil {
		return Result{}, fmt.Errorf("invoke %s: %w", id, err)
	}
	if resp.StatusCode != http.StatusOK {
		return Result{}, fmt.Errorf("invoke %s: the emulator answered %s (the function failed to start or crashed): %s", id, resp.Status, body)
	}
	return Result{RequestID: id, Payload: body, Error: isErrorReport(body)}, nil
}

// isErrorReport reports whether payload is the error document aws-lambda-go
// posts to …/invocation/{id}/error.
func isErrorReport(payload []byte) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(payload, &m) != nil {
		return false
	}
	if _, ok := m["errorType"]; !ok {
		return false
	}
	for k := range m {
		if k != "errorMessage" && k != "errorType" && k != "stackTrace" {
			return false
		}
	}
	return true
}

// Invoke runs one invocation and fails t (with the emulator's and the
// function's output) unless the function answered within 30 seconds.
func (l *Lambda) Invoke(t testing.TB, event []byte) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	go func() {
		select {
		case <-l.Proc.Done():
			cancel()
		case <-ctx.Done():
		}
	}()
	res, err := l.Do(ctx, event)
	if err != nil {
		t.Fatalf("invoke: %v; the output:\n%s", err, l.Proc.Output())
	}
	return res
}
