package console

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ticketbooth/ticketbooth/internal/diagnose"
	"github.com/ticketbooth/ticketbooth/shared/roomurl"
	"github.com/ticketbooth/ticketbooth/shared/secrets"
	"github.com/ticketbooth/ticketbooth/shared/tlssig"
)

// What a pasted text turned out to be.
const (
	inputUserSig       = "usersig"
	inputPrivateMapKey = "privatemapkey"
	inputTicket        = "ticket" // did not decode: kind unknown
	inputPushURL       = "pushurl"
	inputRoomSigReply  = "roomsigreply"
	inputRoomSig       = "roomsig"
)

// report is Inspect's answer. It never carries a key, nor the pasted tickets themselves.
type report struct {
	Input      string         `json:"input"`
	Valid      bool           `json:"valid"` // nothing in it that TRTC would refuse
	Tickets    []ticketReport `json:"tickets"`
	URL        *urlReport     `json:"url,omitempty"`
	Reply      []field        `json:"reply,omitempty"` // every field of a roomsig reply or roomsig
	Problems   []problem      `json:"problems"`        // of the URL or reply as a whole
	ServerTime int64          `json:"serverTime"`
}

// problem is one thing TRTC would refuse ("error") or that may bite later ("warning").
type problem struct {
	Severity string   `json:"severity"`
	Reason   string   `json:"reason"`
	Codes    []string `json:"codes"`
	Explain  []entry  `json:"explain"`
}

type ticketReport struct {
	Where     string           `json:"where"` // "pasted", or the URL parameter it came from
	Kind      string           `json:"kind"`  // UserSig, PrivateMapKey, or "ticket" when it did not decode
	Fields    *diagnose.Fields `json:"fields,omitempty"`
	Boxes     []privilegeBox   `json:"privilegeBoxes,omitempty"`
	Signature signature        `json:"signature"`
	Valid     bool             `json:"valid"`
	Summary   string           `json:"summary,omitempty"` // verify's line when valid
	Length    int              `json:"length"`
	Problems  []problem        `json:"problems"`
}

type privilegeBox struct {
	Name    string `json:"name"`
	Bit     uint32 `json:"bit"`
	Granted bool   `json:"granted"`
}

type signature struct {
	Checked bool   `json:"checked"`
	Valid   bool   `json:"valid"`
	Note    string `json:"note"`
}

type field struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type urlReport struct {
	Flow   string  `json:"flow"`
	Params []field `json:"params"`           // in the order the builders write them; tickets by length
	BizBuf []field `json:"bizbuf,omitempty"` // roomsig flow
}

func (h *handler) inspect(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Text string `json:"text"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	text := strings.TrimSpace(in.Text)
	if text == "" {
		writeError(w, http.StatusBadRequest, "invalid_text", `paste a UserSig, a PrivateMapKey, a room:// push URL or a roomsig reply: {"text": "…"}`)
		return
	}
	snap, err := h.keys.Get(r.Context())
	if err != nil || snap == nil || snap.Current == nil {
		writeError(w, http.StatusServiceUnavailable, "keys_unavailable", "the secret document could not be read: see the server's log")
		return
	}
	writeJSON(w, http.StatusOK, h.examine(snap.Current, text, h.clock()))
}

// examine inspects text: a push URL, a JSON roomsig reply (or roomsig), or a ticket.
func (h *handler) examine(doc *secrets.Document, text string, now time.Time) *report {
	rep := &report{Tickets: []ticketReport{}, Problems: []problem{}, ServerTime: now.Unix()}
	switch {
	case len(text) >= 7 && strings.EqualFold(text[:7], "room://"):
		rep.Input = inputPushURL
		h.examineURL(rep, doc, text, now)
	case strings.HasPrefix(text, "{"):
		h.examineReply(rep, text)
	default:
		t := h.examineTicket(doc, "pasted", text, 0, roomCheck{}, now)
		rep.Input = map[string]string{"UserSig": inputUserSig, "PrivateMapKey": inputPrivateMapKey}[t.Kind]
		if rep.Input == "" {
			rep.Input = inputTicket
		}
		rep.Tickets = append(rep.Tickets, t)
	}
	rep.Valid = true
	for _, p := range rep.Problems {
		rep.Valid = rep.Valid && p.Severity != "error"
	}
	for _, t := range rep.Tickets {
		rep.Valid = rep.Valid && t.Valid
	}
	return rep
}

func (h *handler) problem(severity, reason string, codes []string) problem {
	if codes == nil {
		codes = []string{}
	}
	return problem{Severity: severity, Reason: reason, Codes: codes, Explain: h.codes.explain(codes)}
}

// roomCheck is the URL a ticket came from: it must fit its app, user and room.
type roomCheck struct {
	inURL  bool
	appID  uint64
	userID tlssig.UserID
	room   tlssig.Room
}

// examineTicket decodes one ticket, checks it against the URL it came from (if any) and its
// signature against the document's key for its app. want is the kind it is used as (0: any).
func (h *handler) examineTicket(doc *secrets.Document, where, ticket string, want tlssig.Kind, rc roomCheck, now time.Time) ticketReport {
	tr := ticketReport{Where: where, Kind: "ticket", Length: len(ticket), Problems: []problem{}}
	if want != 0 {
		tr.Kind = want.String()
	}
	d, err := tlssig.Decode(ticket)
	if err != nil {
		f := diagnoseFailure(err, want)
		tr.Problems = append(tr.Problems, h.problem("error", f.Reason, f.Codes))
		tr.Signature.Note = "not checked: the ticket does not decode"
		return tr
	}
	tr.Kind = d.Kind.String()
	fields := diagnose.Describe(d)
	tr.Fields = &fields
	if d.Kind == tlssig.KindPrivateMapKey {
		for bit := tlssig.PrivCreate; bit <= tlssig.PrivRecvSub; bit <<= 1 {
			tr.Boxes = append(tr.Boxes, privilegeBox{Name: bit.String(), Bit: uint32(bit), Granted: d.Privileges&bit != 0})
		}
	}
	kind := want
	if kind == 0 {
		kind = d.Kind
	}
	if rc.inURL {
		if m := diagnose.Match(d, kind, rc.appID, rc.userID, rc.room); m != nil {
			tr.Problems = append(tr.Problems, h.problem("error", urlMismatch(where, m), m.Codes(false)))
		}
	}
	v, note := verifierFor(doc, d)
	if v == nil {
		tr.Signature.Note = note
		if f := diagnose.Expiry(d, now, false); f != nil {
			tr.Problems = append(tr.Problems, h.problem("error", f.Reason, f.Codes))
		}
	} else {
		tr.Signature.Checked = true
		// The ticket's own app and user: a URL whose app or user differs is reported above.
		t, err := diagnose.Verify(v, ticket, d.UserID, diagnose.Expect{Kind: d.Kind}, now)
		switch {
		case err == nil:
			tr.Signature.Valid, tr.Signature.Note = true, note
			tr.Summary = diagnose.Summary(t)
		case errors.Is(err, tlssig.ErrExpired): // the signature is checked before the lifetime
			tr.Signature.Valid, tr.Signature.Note = true, note
			tr.Problems = append(tr.Problems, h.failureProblem(err))
		default:
			tr.Signature.Note = "does not match: " + diagnose.Reason(err)
			tr.Problems = append(tr.Problems, h.failureProblem(err))
		}
	}
	tr.Valid = true
	for _, p := range tr.Problems {
		tr.Valid = tr.Valid && p.Severity != "error"
	}
	return tr
}

func (h *handler) failureProblem(err error) problem {
	var f *diagnose.Failure
	if errors.As(err, &f) {
		return h.problem("error", f.Reason, f.Codes)
	}
	return h.problem("error", diagnose.Reason(err), nil)
}

// diagnoseFailure words a ticket that does not decode, as the kind it is used as.
func diagnoseFailure(err error, want tlssig.Kind) *diagnose.Failure {
	codes := diagnose.UserSigCodes(err)
	if want == tlssig.KindPrivateMapKey {
		codes = []string{"-100006"}
	}
	return &diagnose.Failure{Reason: diagnose.Reason(err), Codes: codes}
}

// urlMismatch words a ticket that does not fit the URL carrying it.
func urlMismatch(where string, m *diagnose.Mismatch) string {
	if m.What == diagnose.WhatKind {
		return fmt.Sprintf("the URL's %s parameter is a %s, not a %s", where, m.Got, m.Want)
	}
	return fmt.Sprintf("the URL's %s was issued for %s %s, not the URL's %s %s", m.Kind, m.What, m.Got, m.What, m.Want)
}

// verifierFor builds the verifier of d's app from the document, or says why there is none.
// The note names the key by its field, never by its value.
func verifierFor(doc *secrets.Document, d *tlssig.Ticket) (tlssig.Verifier, string) {
	app, err := doc.App(d.SDKAppID)
	if err != nil {
		return nil, fmt.Sprintf("not checked: app %d is not in the secret document (TRTC checks it with the key it holds for that app)", d.SDKAppID)
	}
	if d.Version == 1 {
		pub, err := app.ECDSAPublic()
		if err != nil || pub == nil {
			return nil, fmt.Sprintf("not checked: app %d has no ECDSA key in the secret document for this v1 ticket", d.SDKAppID)
		}
		v, err := tlssig.NewECDSAVerifier(app.SDKAppID, pub)
		if err != nil {
			return nil, fmt.Sprintf("not checked: app %d's ECDSA key cannot verify", d.SDKAppID)
		}
		return v, fmt.Sprintf("v1 ECDSA-SHA256: matches app %d's ECDSA key in the secret document", d.SDKAppID)
	}
	if app.SecretKey == "" {
		return nil, fmt.Sprintf("not checked: app %d has no secretKey in the secret document for this v2 ticket", d.SDKAppID)
	}
	v, err := tlssig.NewHMACVerifier(app.SDKAppID, app.SecretKey)
	if err != nil {
		return nil, fmt.Sprintf("not checked: app %d's secretKey cannot verify", d.SDKAppID)
	}
	return v, fmt.Sprintf("v2 HMAC-SHA256: matches app %d's secretKey in the secret document", d.SDKAppID)
}

func (h *handler) examineURL(rep *report, doc *secrets.Document, text string, now time.Time) {
	u, err := roomurl.ParsePushURL(text)
	if err != nil {
		rep.Problems = append(rep.Problems, h.problem("error", "not a push URL <live-pusher> takes: "+diagnose.Plain(err), nil))
		return
	}
	rep.URL = &urlReport{Flow: string(u.Flow)}
	add := func(name, value string) { rep.URL.Params = append(rep.URL.Params, field{name, value}) }
	if u.Flow == roomurl.FlowRoomSig {
		p := u.RoomSig
		add("sdkappid", strconv.FormatUint(p.SDKAppID, 10))
		add("roomid", strconv.FormatUint(uint64(p.Room.ID()), 10))
		add("userid", p.UserID.String())
		add("roomsig", fmt.Sprintf("(JSON, %d bytes: its fields below)", len(p.RoomSig)))
		rep.Reply = flatten(p.RoomSig)
		if p.BizBuf != "" {
			add("bizbuf", p.BizBuf)
			rep.URL.BizBuf = flatten(p.BizBuf)
		}
		return
	}
	p := u.RTC
	room := p.Room
	add("sdkappid", strconv.FormatUint(p.SDKAppID, 10))
	if room.IsString() {
		add("strroomid", room.Str())
	} else {
		add("roomid", strconv.FormatUint(uint64(room.ID()), 10))
	}
	add("userid", p.UserID.String())
	add("usersig", fmt.Sprintf("(UserSig, %d characters: below)", len(p.UserSig)))
	add("appscene", string(p.Scene))
	if p.PrivateMapKey != "" {
		add("privatemapkey", fmt.Sprintf("(PrivateMapKey, %d characters: below)", len(p.PrivateMapKey)))
	}
	if p.EncSmall {
		add("encsmall", "1")
	}
	for _, o := range []field{{"cloudenv", p.CloudEnv}, {"streamid", p.StreamID}, {"userdefinerecordid", p.UserDefineRecordID}} {
		if o.Value != "" {
			add(o.Name, o.Value)
		}
	}
	if p.PureAudioMode != 0 {
		add("pureaudiomode", strconv.Itoa(int(p.PureAudioMode)))
	}
	if p.RecvMode != 0 {
		add("recvmode", strconv.Itoa(int(p.RecvMode)))
	}
	rc := roomCheck{inURL: true, appID: p.SDKAppID, userID: p.UserID, room: room}
	rep.Tickets = append(rep.Tickets, h.examineTicket(doc, "usersig", p.UserSig, tlssig.KindUserSig, rc, now))
	if p.PrivateMapKey == "" {
		rep.Problems = append(rep.Problems, h.problem("warning",
			"no privatemapkey: TRTC lets the user in only while the app's room permission control is off", []string{"-100006"}))
		return
	}
	mt := h.examineTicket(doc, "privatemapkey", p.PrivateMapKey, tlssig.KindPrivateMapKey, rc, now)
	rep.Tickets = append(rep.Tickets, mt)
	if d, err := tlssig.Decode(p.PrivateMapKey); err == nil && d.Kind == tlssig.KindPrivateMapKey {
		if d.Privileges&(tlssig.PrivSendAudio|tlssig.PrivSendVideo) == 0 {
			rep.Problems = append(rep.Problems, h.problem("warning",
				fmt.Sprintf("the PrivateMapKey grants %s: no send-audio or send-video, so <live-pusher> enters but cannot push", d.Privileges), []string{"-100006"}))
		}
	}
}

// examineReply reads a jsonvideoapp reply (it has RspHead or ErrorCode) or a bare roomsig.
func (h *handler) examineReply(rep *report, text string) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal([]byte(text), &probe); err != nil {
		rep.Input = inputRoomSigReply
		rep.Problems = append(rep.Problems, h.problem("error", "not JSON: paste the jsonvideoapp reply whole, or its RspBody", []string{"roomsig_failed"}))
		return
	}
	rep.Reply = flatten(text)
	_, hasHead := probe["RspHead"]
	_, hasCode := probe["ErrorCode"]
	if !hasHead && !hasCode {
		rep.Input = inputRoomSig
		return
	}
	rep.Input = inputRoomSigReply
	if _, err := roomurl.ParseRoomSigReply([]byte(text)); err != nil {
		code := "roomsig_failed"
		var re *roomurl.ReplyError
		if errors.As(err, &re) && re.Code >= 80 && re.Code <= 88 {
			if _, ok := h.codes.byCode[fmt.Sprintf("roomsig_%d", re.Code)]; ok {
				code = fmt.Sprintf("roomsig_%d", re.Code)
			}
		}
		rep.Problems = append(rep.Problems, h.problem("error", diagnose.Plain(err), []string{code}))
	}
}

// Caps on what flatten shows of a pasted JSON text.
const (
	maxFields     = 200
	maxFieldDepth = 8
)

// flatten lists every leaf of a JSON text as path = value, in the text's own order.
func flatten(text string) []field {
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.UseNumber()
	var out []field
	var walk func(path string, depth int) bool
	walk = func(path string, depth int) bool {
		if depth > maxFieldDepth || len(out) >= maxFields {
			return false
		}
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				for dec.More() {
					kt, err := dec.Token()
					if err != nil {
						return false
					}
					k, _ := kt.(string)
					name := k
					if path != "" {
						name = path + "." + k
					}
					if !walk(name, depth+1) {
						return false
					}
				}
			case '[':
				for i := 0; dec.More(); i++ {
					if !walk(fmt.Sprintf("%s[%d]", path, i), depth+1) {
						return false
					}
				}
			}
			_, err := dec.Token() // the closing delimiter
			return err == nil
		case string:
			out = append(out, field{path, v})
		case json.Number:
			out = append(out, field{path, v.String()})
		case bool:
			out = append(out, field{path, strconv.FormatBool(v)})
		case nil:
			out = append(out, field{path, "null"})
		}
		return true
	}
	walk("", 0)
	return out
}
