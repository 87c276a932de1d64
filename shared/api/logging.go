package api

import (
	"context"
	"log/slog"
)

// requestIDKey carries the request id in the request's context. The id goes
// on log lines through the context rather than a per-request logger, so the
// lines other packages write while serving the request (the authenticator's,
// given RequestLogger's logger, as package fromenv does) carry it too.
type requestIDKey struct{}

// RequestID returns the id the Handler gave the request whose context ctx is.
func RequestID(ctx context.Context) (string, bool) {
	id, ok := ctx.Value(requestIDKey{}).(string)
	return id, ok
}

// requestIDHandler adds the context's request id to every record.
type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id, ok := RequestID(ctx); ok {
		r.AddAttrs(slog.String("requestId", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(attrs)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

// RequestLogger returns l writing the id of the request whose context it is
// given (the Handler's requests carry one) on every line; l itself when it
// already does, so the id is never written twice. The authenticator and the
// secrets cache log through it, so their lines name the request too.
func RequestLogger(l *slog.Logger) *slog.Logger {
	if _, ok := l.Handler().(requestIDHandler); ok {
		return l
	}
	return slog.New(requestIDHandler{l.Handler()})
}
