package docsrun

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/logscan"
)

// documents are the files whose shell blocks must run as written.
var documents = []string{"README.md", "docs/cli.md"}

// block is one fenced code block of a document.
type block struct {
	line int    // where the fence opens (1-based)
	lang string // the info string's first word
	mark string // its second word: "", "cloud", "not-in-test", "server"
	text string
}

var marks = map[string]bool{"": true, "cloud": true, "not-in-test": true, "server": true}

// parseBlocks returns the fenced code blocks of a Markdown document. A fence
// may be indented (a block inside a list item); its indentation is removed
// from the block's lines.
func parseBlocks(doc string) ([]block, error) {
	var out []block
	var cur *block
	var indent string
	sc := bufio.NewScanner(strings.NewReader(doc))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimLeft(line, " ")
		if cur == nil {
			if info, ok := strings.CutPrefix(trimmed, "```"); ok {
				f := strings.Fields(info)
				cur = &block{line: n}
				if len(f) > 0 {
					cur.lang = f[0]
				}
				if len(f) > 1 {
					cur.mark = f[1]
				}
				if len(f) > 2 || !marks[cur.mark] {
					return nil, fmt.Errorf("line %d: unknown info string %q (want sh, sh cloud, sh not-in-test or sh server)", n, info)
				}
				indent = line[:len(line)-len(trimmed)]
			}
			continue
		}
		if trimmed == "```" {
			out = append(out, *cur)
			cur = nil
			continue
		}
		cur.text += strings.TrimPrefix(line, indent) + "\n"
	}
	if cur != nil {
		return nil, fmt.Errorf("line %d: the code block is never closed", cur.line)
	}
	return out, sc.Err()
}

func TestParseBlocks(t *testing.T) {
	doc := "text\n```sh\necho a\n```\n1. item\n\n   ```sh cloud\n   aws x\n   ```\n```json\n{}\n```\n```sh server\nmake run\n```\n"
	got, err := parseBlocks(doc)
	if err != nil {
		t.Fatal(err)
	}
	want := []block{{2, "sh", "", "echo a\n"}, {7, "sh", "cloud", "aws x\n"}, {10, "json", "", "{}\n"}, {13, "sh", "server", "make run\n"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("parseBlocks = %v, want %v", got, want)
	}
	for _, bad := range []string{"```sh clowd\nx\n```\n", "```sh\nx\n"} {
		if _, err := parseBlocks(bad); err == nil {
			t.Errorf("parseBlocks(%q) accepted it", bad)
		}
	}
}

// TestDocumentsRunAsWritten runs the shell blocks of each document on a
// fresh copy of the repository.
func TestDocumentsRunAsWritten(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the documents' commands (builds the CLI, starts the local server)")
	}
	for _, tool := range []string{"bash", "curl", "jq", "openssl", "make", "git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed; README.md names it as a prerequisite", tool)
		}
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range documents {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(root, name))
			if err != nil {
				t.Fatal(err)
			}
			blocks, err := parseBlocks(string(data))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			runDocument(t, root, name, blocks)
		})
	}
}

func runDocument(t *testing.T, root, name string, blocks []block) {
	dir := freshCopy(t, root)
	port := freePort(t)
	addr := "127.0.0.1:" + strconv.Itoa(port)
	state := filepath.Join(t.TempDir(), "env")
	env := []string{"ADDR=" + addr}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TICKETBOOTH_") {
			env = append(env, kv)
		}
	}
	if err := os.WriteFile(state, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var server *exec.Cmd
	var serverDone chan error
	var serverOut logscan.Buffer // written by exec's copying goroutine
	ran := 0
	for _, b := range blocks {
		if b.lang != "sh" || b.mark == "cloud" || b.mark == "not-in-test" {
			continue
		}
		text := strings.ReplaceAll(b.text, "127.0.0.1:8080", addr)
		where := fmt.Sprintf("%s:%d", name, b.line)
		if b.mark == "server" {
			if server != nil {
				t.Fatalf("%s: a second server block", where)
			}
			server = exec.Command("bash", "-euo", "pipefail", "-c", "source "+state+"\n"+text)
			server.Dir, server.Env = dir, env
			server.Stdout, server.Stderr = &serverOut, &serverOut
			// Its own process group: SIGINT reaches make and the server, as Ctrl-C does.
			server.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			if err := server.Start(); err != nil {
				t.Fatal(err)
			}
			pid := server.Process.Pid
			t.Cleanup(func() { _ = syscall.Kill(-pid, syscall.SIGKILL) })
			serverDone = make(chan error, 1)
			go func() { serverDone <- server.Wait() }()
			waitForServer(t, where, addr, serverDone, &serverOut)
			ran++
			continue
		}
		script := "source " + state + "\n" + text + "\nexport -p > " + state + "\n"
		cmd := exec.Command("bash", "-euo", "pipefail", "-c", script)
		cmd.Dir, cmd.Env = dir, env
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		out, err := runWith(ctx, cmd)
		cancel()
		if err != nil {
			t.Fatalf("%s: the block\n%s\nfailed: %v\n%s", where, b.text, err, out)
		}
		ran++
	}
	if ran == 0 {
		t.Fatalf("%s: no shell block ran", name)
	}
	if server != nil {
		if err := syscall.Kill(-server.Process.Pid, syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		err := <-serverDone
		var ee *exec.ExitError
		// make dies of the SIGINT it forwarded, as after Ctrl-C in a terminal;
		// the server itself must have shut down cleanly and make reported no error.
		interrupted := errors.As(err, &ee) && ee.ProcessState.Sys().(syscall.WaitStatus).Signal() == syscall.SIGINT
		out := serverOut.String()
		if (err != nil && !interrupted) || !strings.Contains(out, "ticketbooth serve: shutting down") || strings.Contains(out, "Error") {
			t.Errorf("the server block did not stop cleanly on SIGINT (%v):\n%s", err, out)
		}
	}
}

// runWith runs cmd, killing it when ctx ends, and returns its combined output.
func runWith(ctx context.Context, cmd *exec.Cmd) ([]byte, error) {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return out.Bytes(), err
	case <-ctx.Done():
		_ = cmd.Process.Kill()
		<-done
		return out.Bytes(), ctx.Err()
	}
}

// waitForServer polls /healthz until it answers 200, the server exits, or
// two minutes pass (the server block builds the CLI first).
func waitForServer(t *testing.T, where, addr string, done <-chan error, out *logscan.Buffer) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		resp, err := client.Get("http://" + addr + "/healthz")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case err := <-done:
			t.Fatalf("%s: the server exited (%v) before answering /healthz:\n%s", where, err, out)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the server did not answer /healthz at %s:\n%s", where, addr, out)
		}
	}
}

// freshCopy copies the repository's files (tracked, and new ones not
// ignored; as a clone would have them, with this working tree's changes)
// into a temporary directory.
func freshCopy(t *testing.T, root string) string {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	list, err := cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	dst := filepath.Join(t.TempDir(), "ticketbooth")
	for _, rel := range strings.Split(strings.TrimRight(string(list), "\x00"), "\x00") {
		src := filepath.Join(root, rel)
		fi, err := os.Lstat(src)
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		if !fi.Mode().IsRegular() {
			continue
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		to := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, data, fi.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
