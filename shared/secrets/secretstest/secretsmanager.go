package secretstest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// SecretsManager is a local endpoint for GetSecretValue in Secrets Manager's
// awsJson1.1 protocol: POST / with X-Amz-Target
// secretsmanager.GetSecretValue, a SigV4 Authorization header, a JSON body
// {SecretId, VersionStage | VersionId}; replies are JSON, errors carry
// __type and message. Point an SDK at it with
// AWS_ENDPOINT_URL_SECRETS_MANAGER=URL.
type SecretsManager struct {
	URL string

	t       testing.TB
	release chan struct{}
	calls   atomic.Int64

	mu      sync.Mutex
	fault   Fault
	secrets map[string]*smSecret
	stages  []string // stage asked for by each call
}

type smSecret struct {
	versions map[string]string // version id → value
	stages   map[string]string // stage → version id
	n        int
}

// NewSecretsManager starts the endpoint; it stops at the end of the test.
func NewSecretsManager(t testing.TB) *SecretsManager {
	s := &SecretsManager{t: t, release: make(chan struct{}), secrets: map[string]*smSecret{}}
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = srv.URL
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(s.release) }) // runs first: unblocks Hang
	return s
}

// Put stores a new version of secret id as AWSCURRENT (the former current
// becomes AWSPREVIOUS, as a rotation does) and returns its version id.
func (s *SecretsManager) Put(id, value string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	sec := s.secrets[id]
	if sec == nil {
		sec = &smSecret{versions: map[string]string{}, stages: map[string]string{}}
		s.secrets[id] = sec
	}
	sec.n++
	v := fmt.Sprintf("00000000-0000-4000-8000-%012d", sec.n)
	sec.versions[v] = value
	if cur, ok := sec.stages["AWSCURRENT"]; ok {
		sec.stages["AWSPREVIOUS"] = cur
	}
	sec.stages["AWSCURRENT"] = v
	return v
}

// PutStage stores value as a version carrying only stage (e.g. AWSPENDING).
func (s *SecretsManager) PutStage(id, stage, value string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	sec := s.secrets[id]
	if sec == nil {
		sec = &smSecret{versions: map[string]string{}, stages: map[string]string{}}
		s.secrets[id] = sec
	}
	sec.n++
	v := fmt.Sprintf("00000000-0000-4000-8000-%012d", sec.n)
	sec.versions[v] = value
	sec.stages[stage] = v
	return v
}

// Label attaches stage to an existing version of secret id, moving it from
// any other version (as UpdateSecretVersionStage does).
func (s *SecretsManager) Label(id, stage, version string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secrets[id].stages[stage] = version
}

// SetFault makes later calls misbehave (NoFault to stop).
func (s *SecretsManager) SetFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = f
}

// Calls reports how many GetSecretValue calls arrived.
func (s *SecretsManager) Calls() int { return int(s.calls.Load()) }

// Stages reports the stage each call asked for, in order.
func (s *SecretsManager) Stages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.stages...)
}

func (s *SecretsManager) serve(w http.ResponseWriter, r *http.Request) {
	s.calls.Add(1)
	switch {
	case r.Method != http.MethodPost || r.URL.Path != "/":
		s.protocolError(w, "want POST /, got %s %s", r.Method, r.URL.Path)
		return
	case r.Header.Get("X-Amz-Target") != "secretsmanager.GetSecretValue":
		s.protocolError(w, "X-Amz-Target %q", r.Header.Get("X-Amz-Target"))
		return
	case r.Header.Get("Content-Type") != "application/x-amz-json-1.1":
		s.protocolError(w, "Content-Type %q", r.Header.Get("Content-Type"))
		return
	case !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=") ||
		!strings.Contains(r.Header.Get("Authorization"), "/secretsmanager/aws4_request"):
		s.protocolError(w, "Authorization is not a SigV4 signature for secretsmanager")
		return
	}
	var in struct {
		SecretId     string
		VersionStage string
		VersionId    string
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || in.SecretId == "" {
		s.protocolError(w, "request body: %v", err)
		return
	}

	s.mu.Lock()
	fault := s.fault
	s.stages = append(s.stages, in.VersionStage)
	sec := s.secrets[in.SecretId]
	var vid, value string
	var labels []string
	found := false
	if sec != nil {
		vid = in.VersionId
		if vid == "" {
			stage := in.VersionStage
			if stage == "" {
				stage = "AWSCURRENT"
			}
			vid = sec.stages[stage]
		}
		value, found = sec.versions[vid]
		for st, v := range sec.stages {
			if v == vid {
				labels = append(labels, st)
			}
		}
	}
	s.mu.Unlock()

	switch fault {
	case ServerError:
		awsError(w, http.StatusInternalServerError, "InternalServiceError", "An error occurred on the server side.")
		return
	case Throttle:
		awsError(w, http.StatusBadRequest, "ThrottlingException", "Rate exceeded")
		return
	case Hang:
		select {
		case <-r.Context().Done():
		case <-s.release:
		}
		return
	case Malformed:
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		fmt.Fprint(w, `{"SecretString": "{\"apps\"`)
		return
	}
	switch {
	case sec == nil:
		awsError(w, http.StatusBadRequest, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
		return
	case !found:
		awsError(w, http.StatusBadRequest, "ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: "+in.VersionStage)
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"ARN":           "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + in.SecretId + "-AbCdEf",
		"Name":          in.SecretId,
		"VersionId":     vid,
		"SecretString":  value,
		"VersionStages": labels,
		"CreatedDate":   float64(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC).Unix()),
	})
}

func (s *SecretsManager) protocolError(w http.ResponseWriter, format string, args ...any) {
	s.t.Errorf("secretstest: Secrets Manager request breaks the protocol: "+format, args...)
	awsError(w, http.StatusBadRequest, "InvalidRequestException", "bad request")
}

func awsError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-Requestid", "11111111-2222-3333-4444-555555555555")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": typ, "message": msg})
}
