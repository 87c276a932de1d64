package api

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// TestAuditLineAsSlogWritesIt: the audit line NewLogger's handler appends by
// hand is, byte for byte, the line slog's JSON handler writes for the same
// record, for every kind of string, with and without each optional member,
// issued and refused.
func TestAuditLineAsSlogWritesIt(t *testing.T) {
	var fast, slow bytes.Buffer
	fastS := &server{log: RequestLogger(NewLogger(&fast))}
	fastS.lines = auditLines(fastS.log)
	slowS := &server{log: RequestLogger(slog.New(slog.NewJSONHandler(&slow, nil)))}
	if fastS.lines == nil || auditLines(slowS.log) != nil {
		t.Fatal("auditLines does not tell NewLogger's handler from slog's")
	}
	zones := []*time.Location{time.UTC, time.FixedZone("CST", 8*3600), time.FixedZone("odd", -(3*3600 + 30*60))}
	for i, s := range append(awkward, "\b\f") {
		rooms := []tlssig.Room{{}, tlssig.NumericRoom(4294967295), tlssig.StringRoom(s)}
		records := []auditRecord{
			{},
			{sdkAppID: 1400000001, user: s, room: rooms[i%3], privileges: tlssig.Privilege(i*37%256 + 1), expiresAt: time.Unix(1773500966, 0),
				method: s, subject: s},
			{user: s, room: rooms[(i+1)%3], privileges: 1 << 9, method: "apikey"},
		}
		for j, a := range records {
			rc := &requestContext{kind: s, audit: a}
			ctx := context.Background()
			if j != 0 {
				ctx = context.WithValue(ctx, requestIDKey{}, "req-"+s)
			}
			now := time.Unix(1773500966, int64(i)*123456789).In(zones[(i+j)%3])
			fast.Reset()
			slow.Reset()
			fastS.auditAt(ctx, rc, now, slog.LevelInfo, "issued", 0, "")
			slowS.auditAt(ctx, rc, now, slog.LevelInfo, "issued", 0, "")
			fastS.auditAt(ctx, rc, now, slog.LevelWarn, "refused", 403, s)
			slowS.auditAt(ctx, rc, now, slog.LevelWarn, "refused", 403, s)
			if fast.String() != slow.String() {
				t.Errorf("string %q, record %d:\n hand %s\n slog %s", s, j, fast.String(), slow.String())
			}
		}
	}
}
