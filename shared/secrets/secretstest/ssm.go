package secretstest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// SSM is a local endpoint for Tencent Cloud SSM's GetSecretValue in the
// Cloud API v3 protocol: POST / with a JSON body {SecretName, VersionId},
// X-TC-Action/X-TC-Version/X-TC-Timestamp headers and a TC3-HMAC-SHA256
// Authorization header, which it verifies against SecretID/SecretKey.
// Replies are {"Response":{…}}, errors {"Response":{"Error":{Code,Message}}}.
type SSM struct {
	URL string
	// The credentials the client must sign with (and Token, if not "").
	SecretID, SecretKey, Token string

	t       testing.TB
	release chan struct{}
	calls   atomic.Int64

	mu       sync.Mutex
	fault    Fault
	secrets  map[string]map[string]ssmValue // name → version id → value
	versions []string
}

// NewSSM starts the endpoint; it stops at the end of the test.
func NewSSM(t testing.TB, secretID, secretKey, token string) *SSM {
	s := &SSM{t: t, SecretID: secretID, SecretKey: secretKey, Token: token,
		release: make(chan struct{}), secrets: map[string]map[string]ssmValue{}}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = srv.URL
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(s.release) })
	return s
}

// ssmValue is one secret version: its text, or its binary value as the
// API carries it (base64 text, stored as given so that a test can send
// bad base64).
type ssmValue struct{ text, binary string }

// Put stores value as version of secret name, as SecretString.
func (s *SSM) Put(name, version, value string) { s.put(name, version, ssmValue{text: value}) }

// PutBinary stores base64 text as version of secret name, as SecretBinary.
func (s *SSM) PutBinary(name, version, base64Text string) {
	s.put(name, version, ssmValue{binary: base64Text})
}

func (s *SSM) put(name, version string, v ssmValue) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.secrets[name] == nil {
		s.secrets[name] = map[string]ssmValue{}
	}
	s.secrets[name][version] = v
}

// SetFault makes later calls misbehave (NoFault to stop).
func (s *SSM) SetFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = f
}

// Calls reports how many GetSecretValue calls arrived.
func (s *SSM) Calls() int { return int(s.calls.Load()) }

// Versions reports the VersionId each call asked for, in order.
func (s *SSM) Versions() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.versions...)
}

const requestID = "6a2a7e2c-1f3e-4b53-9a0e-0123456789ab"

func (s *SSM) serve(w http.ResponseWriter, r *http.Request) {
	s.calls.Add(1)
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		s.protocolError(w, "read body: %v", err)
		return
	}
	switch {
	case r.Method != http.MethodPost || r.URL.Path != "/":
		s.protocolError(w, "want POST /, got %s %s", r.Method, r.URL.Path)
		return
	case r.Header.Get("X-TC-Action") != "GetSecretValue" || r.Header.Get("X-TC-Version") != "2019-09-23":
		s.protocolError(w, "X-TC-Action %q X-TC-Version %q", r.Header.Get("X-TC-Action"), r.Header.Get("X-TC-Version"))
		return
	case r.Header.Get("Content-Type") != "application/json":
		s.protocolError(w, "Content-Type %q", r.Header.Get("Content-Type"))
		return
	case r.Header.Get("X-TC-Region") == "":
		s.protocolError(w, "no X-TC-Region")
		return
	case r.Header.Get("X-TC-Token") != s.Token:
		s.protocolError(w, "X-TC-Token is not the session token")
		return
	}
	if err := s.checkSignature(r, body); err != nil {
		s.t.Errorf("secretstest: SSM signature: %v", err)
		tcError(w, "AuthFailure.SignatureFailure", "The provided credentials could not be validated.")
		return
	}
	var in struct{ SecretName, VersionId string }
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || in.SecretName == "" || in.VersionId == "" {
		s.protocolError(w, "request body wants SecretName and VersionId (%v)", err)
		return
	}

	s.mu.Lock()
	fault := s.fault
	s.versions = append(s.versions, in.VersionId)
	versions, secretFound := s.secrets[in.SecretName]
	value, found := versions[in.VersionId]
	s.mu.Unlock()

	switch fault {
	case ServerError:
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, "internal error")
		return
	case Throttle:
		tcError(w, "RequestLimitExceeded", "Your current request times exceeds limit.")
		return
	case Hang:
		select {
		case <-r.Context().Done():
		case <-s.release:
		}
		return
	case Malformed:
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"Response":{"SecretString":"{\"apps\"`)
		return
	}
	switch {
	case !secretFound:
		tcError(w, "ResourceNotFound.SecretNotExist", "the secret does not exist")
		return
	case !found:
		tcError(w, "ResourceNotFound.VersionNotExist", "the version does not exist")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"Response": map[string]any{
		"SecretName": in.SecretName, "VersionId": in.VersionId, "SecretString": value.text,
		"SecretBinary": value.binary, "RequestId": requestID,
	}})
}

// checkSignature recomputes the TC3-HMAC-SHA256 signature of a POST
// request whose signed headers are content-type and host.
func (s *SSM) checkSignature(r *http.Request, body []byte) error {
	auth := r.Header.Get("Authorization")
	rest, ok := strings.CutPrefix(auth, "TC3-HMAC-SHA256 ")
	if !ok {
		return fmt.Errorf("authorization does not start with TC3-HMAC-SHA256")
	}
	parts := map[string]string{}
	for _, p := range strings.Split(rest, ", ") {
		k, v, _ := strings.Cut(p, "=")
		parts[k] = v
	}
	ts := r.Header.Get("X-TC-Timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("X-TC-Timestamp %q", ts)
	}
	date := time.Unix(sec, 0).UTC().Format("2006-01-02")
	scope := date + "/ssm/tc3_request"
	if parts["Credential"] != s.SecretID+"/"+scope {
		return fmt.Errorf("credential scope %q", parts["Credential"])
	}
	if parts["SignedHeaders"] != "content-type;host" {
		return fmt.Errorf("signed headers %q", parts["SignedHeaders"])
	}
	canonical := "POST\n/\n\ncontent-type:" + r.Header.Get("Content-Type") + "\nhost:" + r.Host + "\n\ncontent-type;host\n" + sha256Hex(body)
	toSign := "TC3-HMAC-SHA256\n" + ts + "\n" + scope + "\n" + sha256Hex([]byte(canonical))
	k := hmacSHA256([]byte("TC3"+s.SecretKey), date)
	k = hmacSHA256(k, "ssm")
	k = hmacSHA256(k, "tc3_request")
	want := hex.EncodeToString(hmacSHA256(k, toSign))
	if !hmac.Equal([]byte(parts["Signature"]), []byte(want)) {
		return fmt.Errorf("signature does not verify")
	}
	return nil
}

func sha256Hex(b []byte) string { h := sha256.Sum256(b); return hex.EncodeToString(h[:]) }

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

func (s *SSM) protocolError(w http.ResponseWriter, format string, args ...any) {
	s.t.Errorf("secretstest: SSM request breaks the protocol: "+format, args...)
	tcError(w, "InvalidParameter", "bad request")
}

func tcError(w http.ResponseWriter, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"Response": map[string]any{
		"Error": map[string]string{"Code": code, "Message": msg}, "RequestId": requestID,
	}})
}
