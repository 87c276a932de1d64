package main

import (
	"bytes"
	"crypto/ecdsa"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/diagnose"
	"github.com/ticketbooth/ticketbooth/shared/policy"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// keyEnv is the environment variable that may hold the v2 secret key instead of --key.
const keyEnv = "TICKETBOOTH_KEY"

// maxInput caps what a command reads from a file or stdin.
const maxInput = 64 << 10

// keyFlags are the key flags of the signing commands (--ecdsa-key) or of verify (--ecdsa-pub,
// also --ecdsa-key).
type keyFlags struct {
	key, keyFile, ecdsaKey, ecdsaPub string
	accountType                      uint
	verify                           bool
}

func (k *keyFlags) register(fs *flag.FlagSet, verify bool) {
	k.verify = verify
	fs.StringVar(&k.key, "key", "", "the app's secret key `K` for v2 (HMAC-SHA256) tickets; prefer $"+keyEnv+" or --key-file, which stay out of the process list")
	fs.StringVar(&k.keyFile, "key-file", "", "read the v2 secret key from `FILE` (surrounding whitespace ignored)")
	fs.StringVar(&k.ecdsaKey, "ecdsa-key", "", "P-256 private key `PEMFILE` (PKCS#8 or SEC1) for v1 (ECDSA-SHA256) tickets")
	if verify {
		fs.StringVar(&k.ecdsaPub, "ecdsa-pub", "", "P-256 public key `PEMFILE` (PKIX) to verify v1 (ECDSA-SHA256) tickets")
	} else {
		fs.UintVar(&k.accountType, "account-type", 0, "v1 only: the TLS.account_type of an app whose console gave one")
	}
}

// load returns the v2 secret key, or the ECDSA private/public key, from exactly one source.
func (k *keyFlags) load(c *cli) (secret string, priv *ecdsa.PrivateKey, pub *ecdsa.PublicKey, err error) {
	n := 0
	for _, s := range []string{k.key, k.keyFile, k.ecdsaKey, k.ecdsaPub} {
		if s != "" {
			n++
		}
	}
	opts := "--key, --key-file or --ecdsa-key"
	if k.verify {
		opts = "--key, --key-file, --ecdsa-pub or --ecdsa-key"
	}
	switch {
	case n > 1:
		return "", nil, nil, usagef("give only one of %s", opts)
	case n == 0 && c.getenv(keyEnv) == "":
		return "", nil, nil, usagef("no key: give %s, or set $%s", opts, keyEnv)
	case n == 0:
		return checkedKey("$"+keyEnv, c.getenv(keyEnv))
	case k.key != "":
		return checkedKey("--key", k.key)
	case k.keyFile != "":
		b, err := readFile(k.keyFile)
		if err != nil {
			return "", nil, nil, fmt.Errorf("--key-file: %w", err)
		}
		s := strings.TrimSpace(string(b))
		if s == "" {
			return "", nil, nil, fmt.Errorf("--key-file %s is empty", k.keyFile)
		}
		return checkedKey("--key-file "+k.keyFile, s)
	case k.ecdsaKey != "":
		b, err := readFile(k.ecdsaKey)
		if err != nil {
			return "", nil, nil, fmt.Errorf("--ecdsa-key: %w", err)
		}
		priv, err := tlssig.ParseECDSAPrivateKey(b)
		if err != nil {
			return "", nil, nil, fmt.Errorf("--ecdsa-key %s: %w", k.ecdsaKey, err)
		}
		return "", priv, nil, nil
	default:
		b, err := readFile(k.ecdsaPub)
		if err != nil {
			return "", nil, nil, fmt.Errorf("--ecdsa-pub: %w", err)
		}
		pub, err := tlssig.ParseECDSAPublicKey(b)
		if err != nil {
			return "", nil, nil, fmt.Errorf("--ecdsa-pub %s: %w", k.ecdsaPub, err)
		}
		return "", nil, pub, nil
	}
}

// checkedKey applies the secret document's check of a secretKey to a key from
// the command line (where names where it came from), so that a placeholder, a
// PEM key or a truncated paste is a usage error rather than a ticket TRTC
// refuses. The message never quotes the key.
func checkedKey(where, key string) (string, *ecdsa.PrivateKey, *ecdsa.PublicKey, error) {
	if err := secrets.CheckSecretKey(key); err != nil {
		return "", nil, nil, usagef("%s: not a usable secret key (%v): the TRTC console's key (your "+
			"application's basic information) is 64 hexadecimal characters such as 5bd2850fff3ecb11…; "+
			"a PEM key (v1 tickets) goes in --ecdsa-key", where, err)
	}
	return key, nil, nil, nil
}

// signer returns a v2 signer for a secret key or a v1 signer for an ECDSA private key.
func (k *keyFlags) signer(c *cli, appID uint64) (tlssig.Signer, error) {
	secret, priv, _, err := k.load(c)
	if err != nil {
		return nil, err
	}
	if priv != nil {
		if k.accountType > math.MaxUint32 {
			return nil, usagef("--account-type must be at most 4294967295")
		}
		return tlssig.NewECDSASigner(appID, priv, tlssig.WithAccountType(uint32(k.accountType)))
	}
	if k.accountType != 0 {
		return nil, usagef("--account-type applies to v1 tickets only (--ecdsa-key)")
	}
	return tlssig.NewHMACSigner(appID, secret)
}

// verifier returns a v2 verifier for a secret key or a v1 verifier for an ECDSA key.
func (k *keyFlags) verifier(c *cli, appID uint64) (tlssig.Verifier, int, error) {
	secret, priv, pub, err := k.load(c)
	if err != nil {
		return nil, 0, err
	}
	if priv != nil {
		pub = &priv.PublicKey
	}
	if pub != nil {
		v, err := tlssig.NewECDSAVerifier(appID, pub)
		return v, 1, err
	}
	v, err := tlssig.NewHMACVerifier(appID, secret)
	return v, 2, err
}

func readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readCapped(f, name)
}

func readCapped(r io.Reader, name string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(b) > maxInput {
		return nil, fmt.Errorf("%s is larger than %d bytes", name, maxInput)
	}
	return b, nil
}

// ticketArg returns the ticket named by args: TICKET, "-" or nothing (both: read stdin).
func ticketArg(c *cli, args []string) (string, error) {
	if len(args) > 1 {
		return "", usagef("takes one TICKET argument (or - for stdin), got %d arguments", len(args))
	}
	if len(args) == 1 && args[0] != "-" {
		t := strings.TrimSpace(args[0])
		if t == "" {
			return "", usagef("the TICKET argument is empty (is the variable holding it set?)")
		}
		return t, checkEncoded(t)
	}
	b, err := readCapped(c.stdin, "stdin")
	if err != nil {
		return "", err
	}
	t := string(bytes.TrimSpace(b))
	if t == "" {
		return "", usagef("no ticket: stdin was empty; give the ticket as an argument or on stdin")
	}
	return t, checkEncoded(t)
}

// checkEncoded refuses a ticket that was URL-encoded: tickets use only
// [A-Za-z0-9*-_], so a '%' means it was copied out of a URL still escaped.
func checkEncoded(t string) error {
	if strings.Contains(t, "%") {
		return usagef("the ticket contains '%%': was it URL-encoded? Copy it from the JSON answer, or decode it first (%%2A is *, %%2D is -)")
	}
	return nil
}

// noArgs refuses positional arguments without echoing them: a stray one may be a key.
func noArgs(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return usagef("unexpected argument (this command takes flags only; %d extra argument(s))", fs.NArg())
	}
	return nil
}

// flagsSet returns the names of the flags given on the command line.
func flagsSet(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// required checks that the flags named were given.
func required(fs *flag.FlagSet, names ...string) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var missing []string
	for _, n := range names {
		if !set[n] {
			missing = append(missing, "--"+n)
		}
	}
	if len(missing) > 0 {
		return usagef("missing %s", strings.Join(missing, ", "))
	}
	return nil
}

// roomFlags are --roomid and --strroomid, exactly one of which names the room.
type roomFlags struct {
	id  uint64
	str string
}

func (r *roomFlags) register(fs *flag.FlagSet) {
	fs.Uint64Var(&r.id, "roomid", 0, "numeric room `ID`, 1-4294967295")
	fs.StringVar(&r.str, "strroomid", "", "string room `ID`, 1-"+strconv.Itoa(tlssig.MaxRoomLen)+" bytes of letters, digits, space and "+tlssig.RoomPunctuation[1:])
}

func (r *roomFlags) room(fs *flag.FlagSet) (tlssig.Room, error) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var room tlssig.Room
	switch {
	case set["roomid"] && set["strroomid"]:
		return room, usagef("give --roomid or --strroomid, not both")
	case set["roomid"]:
		if r.id == 0 || r.id > math.MaxUint32 {
			return room, usagef("--roomid must be between 1 and 4294967295")
		}
		room = tlssig.NumericRoom(uint32(r.id))
	case set["strroomid"]:
		room = tlssig.StringRoom(r.str)
	default:
		return room, usagef("missing --roomid or --strroomid")
	}
	if err := tlssig.ValidateRoom(room); err != nil {
		return room, &usageError{msg: diagnose.Plain(err)}
	}
	return room, nil
}

// lookup is room for comparing with a ticket rather than signing: a string room is taken as it is
// (only non-empty), since tickets from other signers may carry characters we do not sign.
func (r *roomFlags) lookup(fs *flag.FlagSet) (tlssig.Room, error) {
	if set := flagsSet(fs); set["strroomid"] && !set["roomid"] {
		if r.str == "" {
			return tlssig.Room{}, usagef("--strroomid must not be empty")
		}
		return tlssig.StringRoom(r.str), nil
	}
	return r.room(fs)
}

// checkAppID refuses an SDKAppID TRTC cannot have (tlssig's range).
func checkAppID(id uint64) error {
	if tlssig.ValidateSDKAppID(id) != nil {
		return usagef("--sdkappid must be between 1 and %d", uint64(tlssig.MaxSDKAppID))
	}
	return nil
}

// parseUserID reads --userid into a checked user id; TRTC's limit is a usage error.
func parseUserID(u string) (tlssig.UserID, error) {
	id, err := tlssig.ParseUserID(u)
	if err != nil {
		return tlssig.UserID{}, &usageError{msg: diagnose.Plain(err)}
	}
	return id, nil
}

// lifetimeFlag defines a lifetime flag that takes whole seconds (86400) or the
// server's duration forms (90m, 24h, 7d, 1d12h; see policy.ParseLifetime).
func lifetimeFlag(fs *flag.FlagSet, name string, def int64, usage string) *int64 {
	v := lifetimeValue(def)
	fs.Var(&v, name, usage)
	return (*int64)(&v)
}

type lifetimeValue int64

func (v *lifetimeValue) String() string { return strconv.FormatInt(int64(*v), 10) }

func (v *lifetimeValue) Set(s string) error {
	if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
		*v = lifetimeValue(n) // the range is checked by lifetime
		return nil
	}
	d, err := policy.ParseLifetime(s)
	if err != nil {
		return errors.New("want whole seconds (e.g. 604800) or a duration such as 90m, 24h or 7d")
	}
	*v = lifetimeValue(d / time.Second)
	return nil
}

// lifetime turns --expire SECONDS into a duration.
func lifetime(flagName string, seconds int64) (time.Duration, error) {
	if seconds <= 0 || seconds > tlssig.MaxLifetimeSeconds {
		return 0, usagef("--%s must be between 1 and %d seconds", flagName, int64(tlssig.MaxLifetimeSeconds))
	}
	return time.Duration(seconds) * time.Second, nil
}

// instant turns --at UNIXTIME into a time; 0 means the current time.
func instant(c *cli, at int64) (time.Time, error) {
	if at < 0 || at > math.MaxUint32 {
		return time.Time{}, usagef("--at must be a unix time between 0 and 4294967295")
	}
	if at == 0 {
		return c.now(), nil
	}
	return time.Unix(at, 0), nil
}

// signingError maps the signing core's input errors to usage errors (exit 2).
func signingError(err error) error {
	for _, s := range []error{tlssig.ErrInvalidUserID, tlssig.ErrInvalidRoom, tlssig.ErrInvalidLifetime, tlssig.ErrInvalidPrivilege, tlssig.ErrInvalidSDKAppID} {
		if errors.Is(err, s) {
			return &usageError{msg: diagnose.Plain(err)}
		}
	}
	return err
}
