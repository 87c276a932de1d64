// Command scfecho is an SCF function (scf-go-lib's runtime) that answers
// every event with {"echo": event}: faastest's SCF test drives it.
package main

import (
	"context"
	"encoding/json"

	"github.com/tencentyun/scf-go-lib/cloudfunction"
)

func main() {
	cloudfunction.Start(func(_ context.Context, event json.RawMessage) (map[string]json.RawMessage, error) {
		return map[string]json.RawMessage{"echo": event}, nil
	})
}
