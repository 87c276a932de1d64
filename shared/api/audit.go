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

func (rc *requestContext) auditAttrs(outcome string) []slog.Attr {
	a := rc.audit
	// Room for every attribute and the refusal's two: one allocation.
	attrs := make([]slog.Attr, 0, 12)
	attrs = append(attrs, slog.String("outcome", outcome), slog.String("kind", rc.kind))
	if a.sdkAppID != 0 {
		attrs = append(attrs, slog.Uint64("sdkAppId", a.sdkAppID))
	}
	if a.user != "" {
		attrs = append(attrs, slog.String("user", a.user))
	}
	if !a.room.IsZero() {
		attrs = append(attrs, slog.String("room", a.room.String()))
	}
	if a.privileges != 0 {
		attrs = append(attrs, slog.String("privileges", a.privileges.String()))
	}
	if !a.expiresAt.IsZero() {
		attrs = append(attrs, slog.String("expiresAt", rfc3339(a.expiresAt)))
	}
	if a.method != "" {
		attrs = append(attrs, slog.String("authMethod", a.method), slog.String("subject", a.subject))
	}
	return attrs
}

// auditIssued writes the one audit line of an issuance.
func (s *server) auditIssued(ctx context.Context, rc *requestContext) {
	s.log.LogAttrs(ctx, slog.LevelInfo, "audit", rc.auditAttrs("issued")...)
}

// auditRefusal writes the one audit line of a refused issuance.
func (s *server) auditRefusal(ctx context.Context, rc *requestContext, status int, e *Error) {
	attrs := append(rc.auditAttrs("refused"), slog.Int("status", status), slog.String("code", e.Code))
	s.log.LogAttrs(ctx, slog.LevelWarn, "audit", attrs...)
}
