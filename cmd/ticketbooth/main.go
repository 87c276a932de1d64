package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/diagnose"
)

// Exit codes of every command.
const (
	exitOK    = 0 // done; for verify: the ticket is valid
	exitFail  = 1 // the command ran and failed; for verify: the ticket is not valid
	exitUsage = 2 // bad command line: unknown flag, missing or invalid flag value
)

// cli is what a command may touch of the outside world, so tests and serve can run commands
// in-process with their own streams, environment and clock.
type cli struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	now    func() time.Time
}

// command is one subcommand of ticketbooth.
type command struct {
	summary string                          // one line for the command list
	run     func(c *cli, args []string) int // args are those after the command name; returns the exit code
}

// commands is the dispatch table, filled by each command's own file from its init().
//
// REGISTRATION HOOK — to add a command without touching this file, put in its own file:
//
//	func init() {
//		commands["serve"] = command{summary: "run the local HTTP server", run: runServe}
//	}
//	func runServe(c *cli, args []string) int { … } // c.stdout/c.stderr/c.getenv; return exitOK, exitFail or exitUsage
//
// newFlagSet, parseFlags and fail (flags.go) give it the same -h and error handling as the others.
var commands = map[string]command{}

func main() {
	os.Exit(run(&cli{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, now: time.Now}, os.Args[1:]))
}

func run(c *cli, args []string) int {
	if len(args) == 0 {
		printUsage(c.stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		if len(args) > 1 {
			if cmd, ok := commands[args[1]]; ok {
				return cmd.run(c, []string{"-h"})
			}
		}
		printUsage(c.stdout)
		return exitOK
	}
	cmd, ok := commands[name]
	if !ok {
		// Echo only what looks like a command name: a misplaced first argument may be a key.
		shown := "given"
		if len(name) <= 20 && strings.Trim(name, "abcdefghijklmnopqrstuvwxyz-") == "" {
			shown = strconv.Quote(name)
		}
		fmt.Fprintf(c.stderr, "ticketbooth: unknown command %s\nRun 'ticketbooth -h' for the list of commands.\n", shown)
		return exitUsage
	}
	return cmd.run(c, args[1:])
}

func printUsage(w io.Writer) {
	names := make([]string, 0, len(commands))
	width := 0
	for n := range commands {
		names = append(names, n)
		width = max(width, len(n))
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("ticketbooth signs and checks Tencent TRTC tickets (UserSig, PrivateMapKey) and builds room:// URLs.\n\nUsage:\n  ticketbooth COMMAND [flags] [args]\n\nCommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, n, commands[n].summary)
	}
	b.WriteString("\nRun 'ticketbooth COMMAND -h' for a command's flags. Exit codes: 0 ok, 1 failed (verify: not valid), 2 usage error.\n")
	io.WriteString(w, b.String())
}

// usageError is a bad command line: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// fail reports err for command name and returns its exit code: 2 with a pointer to -h for a
// usage error, 1 otherwise. Messages from the libraries lose their package prefix.
func fail(c *cli, name string, err error) int {
	msg := diagnose.Plain(err)
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(c.stderr, "ticketbooth %s: %s\nRun 'ticketbooth %s -h' for usage.\n", name, msg, name)
		return exitUsage
	}
	fmt.Fprintf(c.stderr, "ticketbooth %s: %s\n", name, msg)
	return exitFail
}

// newFlagSet returns a flag set that reports nothing itself: parseFlags does.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("ticketbooth "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args. On -h it prints usage and the flag defaults on stdout; it returns
// done=true with the exit code when the command should stop.
func parseFlags(c *cli, fs *flag.FlagSet, name, usage string, args []string) (code int, done bool) {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(c.stdout, usage)
		fmt.Fprintln(c.stdout, "\nFlags:")
		fs.SetOutput(c.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		return exitOK, true
	}
	if err != nil {
		return fail(c, name, &usageError{msg: err.Error()}), true
	}
	return 0, false
}
