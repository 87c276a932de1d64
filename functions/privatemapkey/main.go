// Command privatemapkey is the ticketbooth function that serves POST /v1/privatemapkey on AWS
// Lambda (default build, -tags lambda.norpc) or Tencent SCF (-tags scf).
// It is wiring only: the configuration comes from the environment (see the
// README's Configuration section), the work from packages api and faas.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/ticketbooth/ticketbooth/shared/api"
	"github.com/ticketbooth/ticketbooth/shared/faas"
)

func main() {
	h, err := api.FromEnv(context.Background(), os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	faas.Start(h, "/v1/privatemapkey")
}
