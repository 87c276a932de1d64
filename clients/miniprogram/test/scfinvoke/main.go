// Command scfinvoke is test support for the mini-program kit: it starts ticketbooth's SCF function
// binaries the way SCF's Go runtime starts them (_LAMBDA_SERVER_PORT, net/rpc) and lets the kit's
// Node tests invoke them over loopback HTTP, so that the kit's wechat-cloud mode
// (wx.cloud.callFunction) is tested against the real functions.
//
//	scfinvoke usersig=BIN privatemapkey=BIN roomurl=BIN
//
// It prints "listening on 127.0.0.1:PORT" and answers POST /NAME with the function's result for the
// request body as the event (SCF passes a WeChat cloud call's data, with the platform's userInfo,
// as the event). The functions get this process's environment; their output goes to stderr. It
// stops, stopping the functions, when stdin closes or on SIGTERM.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/rpc"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/tencentyun/scf-go-lib/cloudfunction/messages"
)

const maxEvent = 1 << 20

type function struct {
	cmd    *exec.Cmd
	client *rpc.Client
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "scfinvoke:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: scfinvoke NAME=BIN ...")
	}
	fns := map[string]*function{}
	defer func() {
		for _, f := range fns {
			_ = f.cmd.Process.Kill()
			_ = f.cmd.Wait()
		}
	}()
	for _, a := range args {
		name, bin, ok := strings.Cut(a, "=")
		if !ok || name == "" || bin == "" {
			return fmt.Errorf("argument %q: want NAME=BIN", a)
		}
		f, err := start(bin)
		if f != nil {
			fns[name] = f
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: handler(fns), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	fmt.Printf("listening on %s\n", ln.Addr())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	eof := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		close(eof)
	}()
	select {
	case <-stop:
	case <-eof:
	}
	return srv.Close()
}

// start runs bin on a free loopback port and waits until it answers Function.Ping.
func start(bin string) (*function, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), fmt.Sprintf("_LAMBDA_SERVER_PORT=%d", port))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	f := &function{cmd: cmd}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if f.client, err = rpc.Dial("tcp", addr); err == nil {
			break
		}
		if time.Now().After(deadline) {
			return f, fmt.Errorf("never listened on %s: %w", addr, err)
		}
	}
	if err := f.client.Call("Function.Ping", &messages.PingRequest{}, &messages.PingResponse{}); err != nil {
		return f, fmt.Errorf("Function.Ping: %w", err)
	}
	return f, nil
}

func handler(fns map[string]*function) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := fns[strings.TrimPrefix(r.URL.Path, "/")]
		if f == nil || r.Method != http.MethodPost {
			http.Error(w, "POST /NAME of a started function", http.StatusNotFound)
			return
		}
		event, err := io.ReadAll(io.LimitReader(r.Body, maxEvent))
		if err != nil {
			http.Error(w, "read the event", http.StatusBadRequest)
			return
		}
		d := time.Now().Add(time.Minute)
		var resp messages.InvokeResponse
		req := &messages.InvokeRequest{
			Payload:   event,
			RequestId: "scfinvoke-" + fmt.Sprint(time.Now().UnixNano()),
			Deadline:  messages.InvokeRequest_Timestamp{Seconds: d.Unix(), Nanos: int64(d.Nanosecond())},
		}
		if err := f.client.Call("Function.Invoke", req, &resp); err != nil {
			http.Error(w, "Function.Invoke failed", http.StatusBadGateway)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if resp.Error != nil {
			w.WriteHeader(http.StatusBadGateway)
			_ = json.NewEncoder(w).Encode(map[string]string{"errorMessage": resp.Error.Message, "errorType": resp.Error.Type})
			return
		}
		w.Header().Set("X-Request-Id", req.RequestId)
		_, _ = w.Write(resp.Payload)
	})
}
