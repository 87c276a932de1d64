package secrets_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    secrets.Config
		wantErr []string // variable names the error must name
	}{
		{"defaults", nil, secrets.Config{TTL: 5 * time.Minute, MaxStale: time.Hour}, nil},
		{"all set", map[string]string{"TICKETBOOTH_SECRET": "file:/run/s.json", "TICKETBOOTH_SECRET_TTL": "90s", "TICKETBOOTH_SECRET_MAX_STALE": "2h"},
			secrets.Config{Spec: "file:/run/s.json", TTL: 90 * time.Second, MaxStale: 2 * time.Hour}, nil},
		{"seconds and days", map[string]string{"TICKETBOOTH_SECRET_TTL": "600", "TICKETBOOTH_SECRET_MAX_STALE": "1d"},
			secrets.Config{TTL: 10 * time.Minute, MaxStale: 24 * time.Hour}, nil},
		{"bad spec", map[string]string{"TICKETBOOTH_SECRET": "vault:x"}, secrets.Config{}, []string{"TICKETBOOTH_SECRET:"}},
		{"pending stage", map[string]string{"TICKETBOOTH_SECRET": "aws-sm:x#AWSPENDING"}, secrets.Config{}, []string{"TICKETBOOTH_SECRET:"}},
		{"bad ttl", map[string]string{"TICKETBOOTH_SECRET_TTL": "soon"}, secrets.Config{}, []string{"TICKETBOOTH_SECRET_TTL"}},
		{"zero ttl", map[string]string{"TICKETBOOTH_SECRET_TTL": "0s"}, secrets.Config{}, []string{"TICKETBOOTH_SECRET_TTL"}},
		{"negative stale", map[string]string{"TICKETBOOTH_SECRET_MAX_STALE": "-1h"}, secrets.Config{}, []string{"TICKETBOOTH_SECRET_MAX_STALE"}},
		{"stale equal to ttl", map[string]string{"TICKETBOOTH_SECRET_TTL": "10m", "TICKETBOOTH_SECRET_MAX_STALE": "10m"},
			secrets.Config{TTL: 10 * time.Minute, MaxStale: 10 * time.Minute}, nil},
		{"zero stale", map[string]string{"TICKETBOOTH_SECRET_MAX_STALE": "0"}, secrets.Config{},
			[]string{"TICKETBOOTH_SECRET_MAX_STALE", `"0" is not a positive duration`}},
		{"stale below ttl", map[string]string{"TICKETBOOTH_SECRET_TTL": "10m", "TICKETBOOTH_SECRET_MAX_STALE": "5m"}, secrets.Config{}, []string{"TICKETBOOTH_SECRET_MAX_STALE"}},
		{"all reported", map[string]string{"TICKETBOOTH_SECRET": "x", "TICKETBOOTH_SECRET_TTL": "x", "TICKETBOOTH_SECRET_MAX_STALE": "x"}, secrets.Config{},
			[]string{"TICKETBOOTH_SECRET:", "TICKETBOOTH_SECRET_TTL", "TICKETBOOTH_SECRET_MAX_STALE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := secrets.FromEnv(func(k string) string { return tt.env[k] })
			if len(tt.wantErr) > 0 {
				if !errors.Is(err, secrets.ErrInvalidConfig) {
					t.Fatalf("FromEnv = %v, want ErrInvalidConfig", err)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not name %s", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("FromEnv = %+v, want %+v", got, tt.want)
			}
			if len(got.Options()) != 2 {
				t.Errorf("Options() = %d options, want 2", len(got.Options()))
			}
		})
	}
}
