package benchmark

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/tencentyun/tls-sig-api-v2-golang/tencentyun"
)

// alternative is what a team writes instead of ticketbooth: Tencent's Go
// library behind net/http with encoding/json. It has no auth, no audit line
// and no validation beyond what decoding does, which is what makes it the
// bar to beat: ticketbooth does all three and must still be no slower.
func alternative(sdkAppID int, key string) http.Handler {
	type request struct {
		UserID       string `json:"userId"`
		Expire       int    `json:"expire"`
		RoomID       uint32 `json:"roomId"`
		PrivilegeMap uint32 `json:"privilegeMap"`
	}
	type response struct {
		SDKAppID      int    `json:"sdkAppId"`
		UserID        string `json:"userId"`
		UserSig       string `json:"userSig,omitempty"`
		PrivateMapKey string `json:"privateMapKey,omitempty"`
		PushURL       string `json:"pushUrl,omitempty"`
		Expire        int    `json:"expire"`
	}
	route := func(sign func(req request, resp *response) error) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			req := request{PrivilegeMap: 255}
			if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.UserID == "" {
				http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
				return
			}
			if req.Expire == 0 {
				req.Expire = 86400
			}
			resp := response{SDKAppID: sdkAppID, UserID: req.UserID, Expire: req.Expire}
			if err := sign(req, &resp); err != nil {
				http.Error(w, `{"error":"internal error"}`, http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(resp)
		}
	}
	userSig := func(req request, resp *response) (err error) {
		resp.UserSig, err = tencentyun.GenUserSig(sdkAppID, key, req.UserID, req.Expire)
		return err
	}
	privateMapKey := func(req request, resp *response) (err error) {
		resp.PrivateMapKey, err = tencentyun.GenPrivateMapKey(sdkAppID, key, req.UserID, req.Expire, req.RoomID, req.PrivilegeMap)
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("POST /v1/usersig", route(userSig))
	mux.Handle("POST /v1/privatemapkey", route(privateMapKey))
	mux.Handle("POST /v1/roomurl", route(func(req request, resp *response) error {
		if err := userSig(req, resp); err != nil {
			return err
		}
		if err := privateMapKey(req, resp); err != nil {
			return err
		}
		resp.PushURL = fmt.Sprintf("trtc://cloud.tencent.com/push/%d_%s_main?sdkappid=%d&userId=%s&usersig=%s&privateMapKey=%s",
			req.RoomID, req.UserID, sdkAppID, req.UserID, resp.UserSig, resp.PrivateMapKey)
		return nil
	}))
	return mux
}
