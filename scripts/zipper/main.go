// Command zipper writes the deployment zips of the functions with nothing but Go, so a fresh
// machine needs no zip binary.
//
//	go run ./scripts/zipper -o build/aws/usersig.zip -arch arm64 bootstrap=build/aws/usersig/bootstrap
//
// Each NAME=PATH argument becomes one entry NAME (mode 0755) in the archive. Every input must be
// a linux ELF executable for -arch (arm64 for AWS Lambda provided.al2023, amd64 for Tencent SCF
// Go1), checked with debug/elf before anything is written, so a binary built for the wrong cloud
// never reaches a zip. Entries carry a fixed timestamp, so the same binaries always give the same
// bytes and SAM or the Serverless Framework see no change when there is none.
//
// On success it prints one line: the zip's path, its size in bytes and in MB.
package main

import (
	"archive/zip"
	"bytes"
	"debug/elf"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// machines maps the -arch values to the ELF machine a function's runtime executes.
var machines = map[string]elf.Machine{
	"arm64": elf.EM_AARCH64,
	"amd64": elf.EM_X86_64,
}

// epoch is the modification time written on every entry: the zip format's earliest date, so the
// archive depends only on its contents.
var epoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "zipper:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("zipper", flag.ContinueOnError)
	out := fs.String("o", "", "the zip to write")
	arch := fs.String("arch", "", "the architecture every entry must be built for: arm64 or amd64")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("-o is required")
	}
	machine, ok := machines[*arch]
	if !ok {
		return fmt.Errorf("-arch must be arm64 or amd64, not %q", *arch)
	}
	if fs.NArg() == 0 {
		return errors.New("no NAME=PATH entries given")
	}
	type entry struct{ name, path string }
	var entries []entry
	seen := map[string]bool{}
	for _, a := range fs.Args() {
		name, path, ok := strings.Cut(a, "=")
		if !ok || name == "" || path == "" {
			return fmt.Errorf("entry %q is not NAME=PATH", a)
		}
		if strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
			return fmt.Errorf("entry name %q must be a plain file name", name)
		}
		if seen[name] {
			return fmt.Errorf("entry name %q given twice", name)
		}
		seen[name] = true
		if err := CheckExecutable(path, machine); err != nil {
			return err
		}
		entries = append(entries, entry{name, path})
	}

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		data, err := os.ReadFile(e.path)
		if err != nil {
			return err
		}
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: epoch}
		h.SetMode(0o755) // also marks the entry as made on unix, so unzip restores the bit
		w, err := zw.CreateHeader(h)
		if err != nil {
			return fmt.Errorf("zip %s: %w", e.name, err)
		}
		if _, err := w.Write(data); err != nil {
			return fmt.Errorf("zip %s: %w", e.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	// Write beside the target and rename, so an interrupted run never leaves half a zip.
	tmp := *out + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, *out); err != nil {
		os.Remove(tmp)
		return err
	}
	fmt.Fprintf(stdout, "%s\t%d bytes\t%.2f MB\n", *out, buf.Len(), float64(buf.Len())/(1<<20))
	return nil
}

// CheckExecutable reports an error unless path is a linux ELF executable for machine.
func CheckExecutable(path string, machine elf.Machine) error {
	f, err := elf.Open(path)
	if err != nil {
		return fmt.Errorf("%s is not an ELF executable: %w", path, err)
	}
	defer f.Close()
	if f.Machine != machine {
		return fmt.Errorf("%s is built for %v, want %v", path, f.Machine, machine)
	}
	if f.Type != elf.ET_EXEC && f.Type != elf.ET_DYN {
		return fmt.Errorf("%s is an ELF %v, not an executable", path, f.Type)
	}
	if f.OSABI != elf.ELFOSABI_NONE && f.OSABI != elf.ELFOSABI_LINUX {
		return fmt.Errorf("%s is built for %v, not linux", path, f.OSABI)
	}
	return nil
}
