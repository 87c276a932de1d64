package faastest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Runtime is a local AWS Lambda Runtime API
// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html): the
// function polls GET /2018-06-01/runtime/invocation/next and posts its
// answer to …/invocation/{id}/response or …/invocation/{id}/error; a
// function that fails before polling posts /2018-06-01/runtime/init/error.
// Give the function AWS_LAMBDA_RUNTIME_API=Addr (see Env).
type Runtime struct {
	// Addr is host:port of the endpoint.
	Addr string

	queue   chan *invocation
	stop    chan struct{}
	initErr chan []byte // buffered 1
	seq     atomic.Int64

	mu       sync.Mutex
	inflight map[string]*invocation
}

// Result is what the function answered to one invocation.
type Result struct {
	RequestID string
	// Payload is the response body the function posted, or its error
	// report (JSON with errorMessage and errorType) when Error is true.
	Payload []byte
	// Error is true when the function posted to …/error.
	Error bool
}

type invocation struct {
	id    string
	event []byte
	done  chan Result // buffered 1
}

// Lambda-Runtime-Deadline-Ms of every invocation: this far in the future.
const invocationTimeout = time.Minute

// NewRuntime starts the endpoint on 127.0.0.1; it stops at the end of the test.
func NewRuntime(t testing.TB) *Runtime {
	r := &Runtime{
		queue:    make(chan *invocation),
		stop:     make(chan struct{}),
		initErr:  make(chan []byte, 1),
		inflight: map[string]*invocation{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", r.next)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", r.answer(false))
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", r.answer(true))
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(req.Body, 1<<20))
		select {
		case r.initErr <- body:
		default:
		}
		w.WriteHeader(http.StatusAccepted)
	})
	srv := httptest.NewServer(mux)
	r.Addr = strings.TrimPrefix(srv.URL, "http://")
	t.Cleanup(srv.Close)
	// Runs before srv.Close: a poll held open would keep Close waiting.
	t.Cleanup(func() { close(r.stop) })
	return r
}

// Env is the variable that points a function at this endpoint.
func (r *Runtime) Env() string { return "AWS_LAMBDA_RUNTIME_API=" + r.Addr }

// Do hands event to the function's next poll and waits for its answer,
// until ctx ends. It is safe for concurrent use; each call is one
// invocation, as Lambda runs them: one at a time per process.
func (r *Runtime) Do(ctx context.Context, event []byte) (Result, error) {
	inv := &invocation{
		id:    fmt.Sprintf("00000000-0000-4000-8000-%012d", r.seq.Add(1)),
		event: event,
		done:  make(chan Result, 1),
	}
	select {
	case r.queue <- inv:
	case body := <-r.initErr:
		r.initErr <- body
		return Result{}, fmt.Errorf("the function failed to initialise: %s", body)
	case <-r.stop:
		return Result{}, errors.New("runtime API stopped")
	case <-ctx.Done():
		return Result{}, fmt.Errorf("no poll for the invocation: %w", ctx.Err())
	}
	select {
	case res := <-inv.done:
		return res, nil
	case <-r.stop:
		return Result{}, errors.New("runtime API stopped")
	case <-ctx.Done():
		return Result{}, fmt.Errorf("no answer to invocation %s: %w", inv.id, ctx.Err())
	}
}

func (r *Runtime) next(w http.ResponseWriter, req *http.Request) {
	var inv *invocation
	select {
	case inv = <-r.queue:
	case <-r.stop:
		http.Error(w, "the runtime API is stopping", http.StatusServiceUnavailable)
		return
	case <-req.Context().Done():
		return
	}
	r.mu.Lock()
	r.inflight[inv.id] = inv
	r.mu.Unlock()
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
	h.Set("Lambda-Runtime-Deadline-Ms", fmt.Sprint(time.Now().Add(invocationTimeout).UnixMilli()))
	h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:faastest")
	h.Set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0")
	_, _ = w.Write(inv.event)
}

func (r *Runtime) answer(failed bool) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		id := req.PathValue("id")
		r.mu.Lock()
		inv := r.inflight[id]
		delete(r.inflight, id)
		r.mu.Unlock()
		if inv == nil {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `{"errorMessage":"unknown request id","errorType":"InvalidRequestID"}`)
			return
		}
		body, err := io.ReadAll(io.LimitReader(req.Body, 6<<20))
		if err != nil {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		inv.done <- Result{RequestID: id, Payload: body, Error: failed}
		w.WriteHeader(http.StatusAccepted)
	}
}

// Lambda is a function binary running against its own Runtime.
type Lambda struct {
	*Runtime
	Proc *Process
}

// StartLambda starts bin (built with -tags lambda.norpc) against a new
// Runtime, with env besides AWS_LAMBDA_RUNTIME_API.
func StartLambda(t testing.TB, bin string, env ...string) *Lambda {
	t.Helper()
	r := NewRuntime(t)
	return &Lambda{Runtime: r, Proc: Start(t, bin, nil, append(env, r.Env())...)}
}

// Invoke runs one invocation and fails t (with the function's output) unless
// the function answered within 30 seconds. Call it from the test's goroutine;
// use Do elsewhere.
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
		t.Fatalf("invoke: %v; the function's output:\n%s", err, l.Proc.Output())
	}
	return res
}
