package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/ticketbooth/ticketbooth/shared/secrets"
)

const (
	maxWeChatCode  = 128
	maxWeChatReply = 64 << 10
)

// WeChat errcodes of jscode2session that the mapping names.
const (
	wxBusy        = -1
	wxInvalidCode = 40029
	wxUsedCode    = 40163
	wxRateLimited = 45011
	wxRiskyUser   = 40226
)

// wechatCode exchanges a wx.login code at jscode2session. Nothing of the
// exchange leaves this type but the openid: the session_key is discarded
// when the reply is decoded and the app secret, which WeChat wants in the
// query string, never appears in an error or a log line.
type wechatCode struct {
	endpoint   *url.URL
	client     *http.Client
	log        *slog.Logger
	retryDelay time.Duration
}

// code2Session is jscode2session's reply. session_key is deliberately not a
// field, so it is never held beyond the decoder's buffer.
type code2Session struct {
	OpenID  string `json:"openid"`
	UnionID string `json:"unionid"`
	ErrCode int    `json:"errcode"`
}

func (w *wechatCode) authenticate(ctx context.Context, values []string, cfg *secrets.WeChat) (*Identity, error) {
	if cfg == nil || cfg.AppID == "" || cfg.AppSecret == "" {
		return nil, reject(ErrNotConfigured, "wechat-code auth needs wechat.appId and wechat.appSecret in the secret document")
	}
	if len(values) != 1 {
		return nil, reject(ErrBadCredential, "send one %s header", HeaderWeChatCode)
	}
	code := values[0]
	if !plausibleID(code, maxWeChatCode) {
		return nil, reject(ErrBadCredential, "the %s header must hold the code from wx.login", HeaderWeChatCode)
	}
	reply, err := w.exchange(ctx, cfg, code)
	if err == nil && (reply.ErrCode == wxBusy || reply.ErrCode == wxRateLimited) {
		w.log.WarnContext(ctx, "wechat jscode2session busy; retrying once", "errcode", reply.ErrCode)
		select {
		case <-ctx.Done():
			return nil, reject(ErrUpstream, "WeChat is busy; retry later")
		case <-time.After(w.retryDelay):
		}
		reply, err = w.exchange(ctx, cfg, code)
	}
	if err != nil {
		w.log.WarnContext(ctx, "wechat jscode2session failed", "error", err.Error())
		return nil, reject(ErrUpstream, "WeChat login could not be checked; retry later")
	}
	switch reply.ErrCode {
	case 0:
		if !plausibleID(reply.OpenID, 128) {
			w.log.WarnContext(ctx, "wechat jscode2session replied without a usable openid")
			return nil, reject(ErrUpstream, "WeChat returned no openid")
		}
		return &Identity{Method: MethodWeChatCode, Subject: reply.OpenID, UserID: reply.OpenID, Apps: weChatApps(cfg)}, nil
	case wxInvalidCode:
		return nil, reject(ErrBadCredential, "the WeChat login code is invalid; call wx.login again")
	case wxUsedCode:
		return nil, reject(ErrBadCredential, "the WeChat login code was already used; call wx.login again")
	case wxRiskyUser:
		return nil, reject(ErrForbidden, "WeChat blocked this user's login (high risk)")
	case wxBusy, wxRateLimited:
		return nil, reject(ErrUpstream, "WeChat is busy or rate-limiting logins; retry later")
	default:
		// Anything else (40013 bad appid, 40125 bad secret, ...) is about
		// our configuration or WeChat itself, not the caller's code.
		w.log.WarnContext(ctx, "wechat jscode2session refused the exchange", "errcode", reply.ErrCode)
		return nil, reject(ErrUpstream, "WeChat refused the login exchange (errcode %d)", reply.ErrCode)
	}
}

// exchange performs one jscode2session call. Its errors never contain the
// request URL (which holds the app secret and the code).
func (w *wechatCode) exchange(ctx context.Context, cfg *secrets.WeChat, code string) (*code2Session, error) {
	u := *w.endpoint
	u.RawQuery = url.Values{
		"appid":      {cfg.AppID},
		"secret":     {cfg.AppSecret},
		"js_code":    {code},
		"grant_type": {"authorization_code"},
	}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, errors.New("build request")
	}
	req.Header.Set("Accept", "application/json")
	resp, err := w.client.Do(req)
	if err != nil {
		return nil, scrubURLError(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxWeChatReply))
		return nil, fmt.Errorf("unexpected HTTP status %d", resp.StatusCode)
	}
	// WeChat sometimes labels its JSON text/plain: the content type is not
	// checked, the body is.
	var reply code2Session
	d := json.NewDecoder(io.LimitReader(resp.Body, maxWeChatReply))
	if err := d.Decode(&reply); err != nil {
		return nil, errors.New("reply is not JSON")
	}
	return &reply, nil
}

// scrubURLError drops the URL from a *url.Error (net/http puts the full
// request URL, query included, in it) and keeps only the operation and a
// cause that quotes nothing of the request.
func scrubURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		switch {
		case ue.Timeout():
			return fmt.Errorf("%s: timeout", ue.Op)
		case errors.Is(ue.Err, context.Canceled):
			return fmt.Errorf("%s: canceled", ue.Op)
		default:
			return fmt.Errorf("%s: connection failed", ue.Op)
		}
	}
	return errors.New("request failed")
}
