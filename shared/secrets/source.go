package secrets

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
)

// Source is where the secret document lives: the one call the cache needs.
// Implementations return the raw document and the source's version id; they
// never put the document's content in an error.
type Source interface {
	Fetch(ctx context.Context) (Fetched, error)
}

// Fetched is one read of a Source.
type Fetched struct {
	Data    []byte // the document's JSON
	Version string // the source's version id ("" when it has none)
}

// Spec is a parsed TICKETBOOTH_SECRET value.
type Spec struct {
	Scheme  string // env, file, aws-sm, tencent-ssm
	Name    string // variable name, path, secret id/ARN, secret name
	Version string // aws-sm stage or tencent-ssm version id; "" for env and file
}

// String gives the spec back in its TICKETBOOTH_SECRET form. It names where
// the document lives, which is not secret.
func (s Spec) String() string {
	if s.Version == "" {
		return s.Scheme + ":" + s.Name
	}
	return s.Scheme + ":" + s.Name + "#" + s.Version
}

// Default versions of the cloud sources.
const (
	DefaultAWSStage   = "AWSCURRENT"
	DefaultSSMVersion = "SSM_Current"
)

// ParseSpec parses env:NAME, file:PATH, aws-sm:ID[#STAGE] or
// tencent-ssm:NAME[#VERSION], filling in the default stage or version. It
// refuses aws-sm's AWSPENDING stage (a version being rotated in is never
// signed with) and a cloud source that this build does not include.
func ParseSpec(s string) (Spec, error) {
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || rest == "" {
		return Spec{}, fmt.Errorf("want env:NAME, file:PATH, aws-sm:ID[#STAGE] or tencent-ssm:NAME[#VERSION]: %w", ErrInvalidSpec)
	}
	sp := Spec{Scheme: scheme, Name: rest}
	switch scheme {
	case "env", "file":
		return sp, nil
	case "aws-sm", "tencent-ssm":
	default:
		return Spec{}, fmt.Errorf("unknown scheme %q (want env, file, aws-sm or tencent-ssm): %w", safeScheme(scheme), ErrInvalidSpec)
	}
	if i := strings.LastIndexByte(rest, '#'); i >= 0 {
		sp.Name, sp.Version = rest[:i], rest[i+1:]
		if sp.Version == "" {
			return Spec{}, fmt.Errorf("empty version after '#': %w", ErrInvalidSpec)
		}
	}
	if sp.Name == "" || strings.TrimSpace(sp.Name) != sp.Name {
		return Spec{}, fmt.Errorf("%s: empty name or name with white space: %w", scheme, ErrInvalidSpec)
	}
	switch scheme {
	case "aws-sm":
		if sp.Version == "" {
			sp.Version = DefaultAWSStage
		}
		if strings.EqualFold(sp.Version, "AWSPENDING") {
			return Spec{}, fmt.Errorf("aws-sm: the AWSPENDING stage is never used for signing (use AWSCURRENT): %w", ErrInvalidSpec)
		}
	case "tencent-ssm":
		if sp.Version == "" {
			sp.Version = DefaultSSMVersion
		}
	}
	if !cloudSchemes[scheme] {
		return Spec{}, fmt.Errorf("%s sources are not compiled into this build (%s): %w", scheme, buildName, ErrInvalidSpec)
	}
	return sp, nil
}

func safeScheme(s string) string {
	if len(s) > 16 {
		return s[:16] + "…"
	}
	return s
}

// newSource builds the Source a spec names.
func newSource(ctx context.Context, sp Spec, o *options) (Source, error) {
	switch sp.Scheme {
	case "env":
		return envSource{name: sp.Name, getenv: o.getenv}, nil
	case "file":
		return fileSource{path: sp.Name}, nil
	default:
		return newCloudSource(ctx, sp, o)
	}
}

// envSource reads the document from an environment variable, e.g. one that
// a deployment tool fills from a secret store.
type envSource struct {
	name   string
	getenv func(string) string
}

func (s envSource) Fetch(context.Context) (Fetched, error) {
	v := s.getenv(s.name)
	if v == "" {
		return Fetched{}, fmt.Errorf("secrets: env:%s: the variable is empty or not set", s.name)
	}
	return Fetched{Data: []byte(v)}, nil
}

func (s envSource) String() string { return "env:" + s.name }

// fileSource reads the document from a file on each fetch, so a file
// rewritten in place is picked up after the TTL.
type fileSource struct{ path string }

func (s fileSource) Fetch(context.Context) (Fetched, error) {
	f, err := os.Open(s.path)
	if err != nil {
		// *PathError names the path and the OS reason; no content.
		return Fetched{}, fmt.Errorf("secrets: file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxDocumentSize+1))
	if err != nil {
		return Fetched{}, fmt.Errorf("secrets: file: %w", err)
	}
	if len(data) > MaxDocumentSize {
		return Fetched{}, fmt.Errorf("secrets: file:%s is larger than %d bytes: %w", s.path, MaxDocumentSize, ErrInvalidDocument)
	}
	return Fetched{Data: data}, nil
}

func (s fileSource) String() string { return "file:" + s.path }
