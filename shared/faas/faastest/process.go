package faastest

import (
	"io"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
)

// Process is a started binary whose output is captured.
type Process struct {
	cmd            *exec.Cmd
	stdout, stderr logscan.Buffer
	all            logscan.Buffer // both, interleaved as written
	done           chan struct{}
	stopOnce       sync.Once
	err            error // the exit status, once done is closed
}

// Start runs bin with args in a fresh t.TempDir, with an environment of PATH
// and env only (so nothing of the developer's shell, such as AWS_PROFILE,
// reaches it), and stops it at the end of the test.
func Start(t testing.TB, bin string, args []string, env ...string) *Process {
	t.Helper()
	p := &Process{cmd: exec.Command(bin, args...), done: make(chan struct{})}
	p.cmd.Dir = t.TempDir()
	p.cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	p.cmd.Stdout = io.MultiWriter(&p.stdout, &p.all)
	p.cmd.Stderr = io.MultiWriter(&p.stderr, &p.all)
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() { p.Stop() })
	return p
}

// Stop interrupts the process, kills it if it has not exited 5 seconds
// later, and returns how it exited. Calling it again returns the same.
func (p *Process) Stop() error {
	p.stopOnce.Do(func() {
		select {
		case <-p.done:
			return
		default:
		}
		_ = p.cmd.Process.Signal(os.Interrupt)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	<-p.done
	return p.err
}

// Done is closed when the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Stdout returns what the process wrote to stdout so far.
func (p *Process) Stdout() string { return p.stdout.String() }

// Stderr returns what the process wrote to stderr so far.
func (p *Process) Stderr() string { return p.stderr.String() }

// Output returns stdout and stderr so far, interleaved as written.
func (p *Process) Output() string { return p.all.String() }

// WaitStdout waits until a line of stdout matches re and returns its
// submatches; it fails t if the process exits or timeout passes first.
func (p *Process) WaitStdout(t testing.TB, re *regexp.Regexp, timeout time.Duration) []string {
	t.Helper()
	return p.wait(t, p.Stdout, "stdout", re, timeout)
}

// WaitOutput is WaitStdout for stdout and stderr together. An emulator may
// relay its function's output after it has answered the invocation, so a
// test that looks for that output waits for it.
func (p *Process) WaitOutput(t testing.TB, re *regexp.Regexp, timeout time.Duration) []string {
	t.Helper()
	return p.wait(t, p.Output, "its output", re, timeout)
}

func (p *Process) wait(t testing.TB, read func() string, where string, re *regexp.Regexp, timeout time.Duration) []string {
	t.Helper()
	deadline := time.After(timeout)
	for {
		if m := re.FindStringSubmatch(read()); m != nil {
			return m
		}
		select {
		case <-p.done:
			if m := re.FindStringSubmatch(read()); m != nil {
				return m
			}
			t.Fatalf("process exited (%v) before printing %s; its output:\n%s", p.err, re, p.Output())
		case <-deadline:
			t.Fatalf("no %s on %s after %s; output:\n%s", re, where, timeout, p.Output())
		case <-time.After(20 * time.Millisecond):
		}
	}
}
