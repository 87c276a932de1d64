package faastest

import (
	"fmt"
	"net"
	"net/rpc"
	"testing"
	"time"

	"github.com/tencentyun/scf-go-lib/cloudfunction/messages"
)

// SCF is a function binary built with -tags scf, started the way SCF's Go
// runtime starts it (_LAMBDA_SERVER_PORT) and called over net/rpc.
type SCF struct {
	Proc *Process
	// Addr is 127.0.0.1:port. (scf-go-lib listens on every interface; the
	// test only ever connects through loopback.)
	Addr   string
	client *rpc.Client
}

// StartSCF starts bin on a free port with env besides _LAMBDA_SERVER_PORT,
// waits until it answers Function.Ping, and stops it at the end of the test.
func StartSCF(t testing.TB, bin string, env ...string) *SCF {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	s := &SCF{Addr: fmt.Sprintf("127.0.0.1:%d", port)}
	s.Proc = Start(t, bin, nil, append(env, fmt.Sprintf("_LAMBDA_SERVER_PORT=%d", port))...)
	for deadline := time.Now().Add(30 * time.Second); ; {
		if s.client, err = rpc.Dial("tcp", s.Addr); err == nil {
			break
		}
		select {
		case <-s.Proc.Done():
			t.Fatalf("function exited before listening on %s; its output:\n%s", s.Addr, s.Proc.Output())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("function never listened on %s: %v; its output:\n%s", s.Addr, err, s.Proc.Output())
		}
	}
	// Registered after the process's own cleanup, so it runs first.
	t.Cleanup(func() { _ = s.client.Close() })
	if err := s.client.Call("Function.Ping", &messages.PingRequest{}, &messages.PingResponse{}); err != nil {
		t.Fatalf("Function.Ping: %v; the function's output:\n%s", err, s.Proc.Output())
	}
	return s
}

// Call sends one Function.Invoke with payload, as SCF's runtime does. It is
// safe for concurrent use.
func (s *SCF) Call(payload []byte) (*messages.InvokeResponse, error) {
	var resp messages.InvokeResponse
	if err := s.client.Call("Function.Invoke", InvokeRequest(payload), &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// Invoke calls Function.Invoke and returns the function's result, failing t
// (with the function's output) on an RPC error or an error result.
func (s *SCF) Invoke(t testing.TB, payload []byte) []byte {
	t.Helper()
	resp, err := s.Call(payload)
	if err != nil {
		t.Fatalf("Function.Invoke: %v; the function's output:\n%s", err, s.Proc.Output())
	}
	if resp.Error != nil {
		t.Fatalf("Function.Invoke answered an error: %s (%s)", resp.Error.Message, resp.Error.Type)
	}
	return resp.Payload
}

// InvokeRequest is the request SCF's runtime sends for payload: a request id
// and a deadline a minute away.
func InvokeRequest(payload []byte) *messages.InvokeRequest {
	d := time.Now().Add(time.Minute)
	return &messages.InvokeRequest{
		Payload:   payload,
		RequestId: "faastest-request",
		Deadline:  messages.InvokeRequest_Timestamp{Seconds: d.Unix(), Nanos: int64(d.Nanosecond())},
	}
}
