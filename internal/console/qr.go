package console

import (
	"net/http"

	qrcode "github.com/skip2/go-qrcode"
)

// qrModulePixels is the size of one QR module in the PNG: a push URL with two tickets makes a
// version 20-25 code, about 500 pixels wide at 4, which a phone's camera reads off a screen.
const qrModulePixels = 4

// qr answers a PNG QR code of {"text": …} (the page sends the push URL it made).
func (h *handler) qr(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Text string `json:"text"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	if in.Text == "" {
		writeError(w, http.StatusBadRequest, "invalid_text", `give the text to encode: {"text": "room://…"}`)
		return
	}
	q, err := qrcode.New(in.Text, qrcode.Medium)
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_text", "the text is too long for a QR code (at most about 2300 bytes at this error correction)")
		return
	}
	png, err := q.PNG(-qrModulePixels)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "internal", "internal error")
		return
	}
	w.Header().Set("Content-Type", "image/png")
	_, _ = w.Write(png)
}
