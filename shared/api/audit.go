package api

import (
	"context"
	"log/slog"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// auditRecord is what one issuance concerns. It holds no ticket, key or
// credential, so nothing secret can reach the audit line.
type auditRecord struct {
	sdkAppID   uint64
	user       string
	room       tlssig.Room
	privileges tlssig.Privilege
	expiresAt  time.Time
	method     string
	subject    string
}

// audit writes the one audit line of an issuance: outcome "issued", or
// "refused" with the status and code. It hands the record to the logger's
// handler itself, with no caller's program counter (the line records none),
// so the line costs no stack walk.
func (s *server) audit(ctx context.Context, rc *requestContext, level slog.Level, outcome string, status int, code string) {
	s.auditAt(ctx, rc, time.Now(), level, outcome, status, code)
}

// auditAt is audit with the line's time given.
func (s *server) auditAt(ctx context.Context, rc *requestContext, now time.Time, level slog.Level, outcome string, status int, code string) {
	h := s.log.Handler()
	if !h.Enabled(ctx, level) {
		return
	}
	if s.lines != nil {
		s.lines.auditLine(ctx, rc, now, level, outcome, status, code)
		return
	}
	a := rc.audit
	r := slog.NewRecord(now, level, "audit", 0)
	r.AddAttrs(slog.String("outcome", outcome), slog.String("kind", rc.kind))
	if a.sdkAppID != 0 {
		r.AddAttrs(slog.Uint64("sdkAppId", a.sdkAppID))
	}
	if a.user != "" {
		r.AddAttrs(slog.String("user", a.user))
	}
	if !a.room.IsZero() {
		r.AddAttrs(slog.String("room", a.room.String()))
	}
	if a.privileges != 0 {
		r.AddAttrs(slog.String("privileges", a.privileges.String()))
	}
	if !a.expiresAt.IsZero() {
		r.AddAttrs(slog.String("expiresAt", rfc3339(a.expiresAt)))
	}
	if a.method != "" {
		r.AddAttrs(slog.String("authMethod", a.method), slog.String("subject", a.subject))
	}
	if code != "" {
		r.AddAttrs(slog.Int("status", status), slog.String("code", code))
	}
	_ = h.Handle(ctx, r)
}

// auditIssued writes the one audit line of an issuance.
func (s *server) auditIssued(ctx context.Context, rc *requestContext) {
	s.audit(ctx, rc, slog.LevelInfo, "issued", 0, "")
}

// auditRefusal writes the one audit line of a refused issuance.
func (s *server) auditRefusal(ctx context.Context, rc *requestContext, status int, e *Error) {
	s.audit(ctx, rc, slog.LevelWarn, "refused", status, e.Code)
}
