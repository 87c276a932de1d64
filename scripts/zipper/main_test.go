package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// hostExecutable is the running test binary: a real ELF executable for the host's architecture.
func hostExecutable(t *testing.T) string {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the test binary is an ELF executable only on linux")
	}
	if _, ok := machines[runtime.GOARCH]; !ok {
		t.Skipf("no deployment architecture matches the host's %s", runtime.GOARCH)
	}
	p, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func otherArch() string {
	if runtime.GOARCH == "arm64" {
		return "amd64"
	}
	return "arm64"
}

func TestZipperWritesExecutableEntry(t *testing.T) {
	exe := hostExecutable(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "sub", "fn.zip")
	var stdout bytes.Buffer
	if err := run([]string{"-o", out, "-arch", runtime.GOARCH, "bootstrap=" + exe}, &stdout); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stdout.String(), out+"\t") || !strings.Contains(stdout.String(), " MB") {
		t.Errorf("report = %q, want the path and its size", stdout.String())
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) != 1 {
		t.Fatalf("entries = %d, want 1", len(zr.File))
	}
	f := zr.File[0]
	if f.Name != "bootstrap" {
		t.Errorf("name = %q, want bootstrap", f.Name)
	}
	if got := f.Mode().Perm(); got != 0o755 {
		t.Errorf("mode = %v, want 0755", got)
	}
	if f.Mode()&os.ModeType != 0 {
		t.Errorf("mode = %v, want a regular file", f.Mode())
	}
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("entry content differs from the input binary")
	}
	if _, err := os.Stat(out + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("temporary file left behind: %v", err)
	}
}

func TestZipperIsDeterministic(t *testing.T) {
	exe := hostExecutable(t)
	dir := t.TempDir()
	var zips [2][]byte
	for i := range zips {
		out := filepath.Join(dir, "fn.zip")
		if err := run([]string{"-o", out, "-arch", runtime.GOARCH, "a=" + exe, "b=" + exe}, io.Discard); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		zips[i] = b
	}
	if !bytes.Equal(zips[0], zips[1]) {
		t.Error("two runs over the same input wrote different zips")
	}
}

func TestZipperRefuses(t *testing.T) {
	exe := hostExecutable(t)
	dir := t.TempDir()
	text := filepath.Join(dir, "main")
	if err := os.WriteFile(text, []byte("#!/bin/sh\necho not elf\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.zip")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no output", []string{"-arch", runtime.GOARCH, "main=" + exe}, "-o is required"},
		{"unknown arch", []string{"-o", out, "-arch", "386", "main=" + exe}, "-arch must be"},
		{"no entries", []string{"-o", out, "-arch", runtime.GOARCH}, "no NAME=PATH"},
		{"entry without name", []string{"-o", out, "-arch", runtime.GOARCH, exe}, "is not NAME=PATH"},
		{"name with a slash", []string{"-o", out, "-arch", runtime.GOARCH, "bin/main=" + exe}, "plain file name"},
		{"name given twice", []string{"-o", out, "-arch", runtime.GOARCH, "main=" + exe, "main=" + exe}, "given twice"},
		{"wrong architecture", []string{"-o", out, "-arch", otherArch(), "main=" + exe}, "is built for"},
		{"not an ELF file", []string{"-o", out, "-arch", runtime.GOARCH, "main=" + text}, "not an ELF executable"},
		{"missing file", []string{"-o", out, "-arch", runtime.GOARCH, "main=" + filepath.Join(dir, "nope")}, "not an ELF executable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(tt.args, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("a refused run wrote %s", out)
			}
		})
	}
}
